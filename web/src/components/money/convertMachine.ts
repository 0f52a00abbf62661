import { ApiError } from '../../api/ApiError';
import type { ConvertQuote, ConvertResult, QuoteRequest } from '../../api/convert';
import { isUncertain } from '../../lib/money';

/**
 * The convert panel as a state machine: `convertTransition` is the whole of its logic (pure, tested on its own); the
 * component renders the state, dispatches the user's events and the answers of the requests the state asks for (a
 * quote while `quote` is `asking`, an accept or a lookup while `request` is not idle, a lookup when a `checking`
 * outcome's time comes).
 */
export type Side = 'spend' | 'receive';

/** The form's fields: a quote is for the fields it was asked with, and counts only while the form still shows them. */
export interface Fields {
  from: string;
  to: string;
  side: Side;
  amount: string;
}

/** A quote as shown: its countdown runs on this device's clock (`localExpiry`), for the fields it was asked with. */
export type Quote = ConvertQuote & { localExpiry: number; request: Fields };

/** The quote the form shows (`previous` stays in view while a new one is asked for). */
export type QuotePhase =
  | { kind: 'empty' }
  | { kind: 'asking'; number: number; request: Fields; previous: { quote: Quote; expired: boolean } | null }
  | { kind: 'quoted'; quote: Quote; expired: boolean };

/** What is on its way to the server for an accept; `busy` lookups are the user's (the buttons show it). */
export type Request =
  | { kind: 'idle' }
  | { kind: 'accepting'; id: number; quote: Quote }
  | { kind: 'looking-up'; id: number; quote: Quote; busy: boolean };

/**
 * What the page knows of the last accept. After one whose outcome it did not learn (no answer, a 5xx, an unreadable
 * answer, "already accepted") it looks the convert up by its reference (the quote id):
 * - checking: the lookup found no convert yet, but the accept may still be running; another lookup is due at the
 *   quote's expiry + SETTLE_MARGIN_MS. No new quote meanwhile (it could convert a second time).
 * - unknown: the lookup failed too; the user checks again.
 * - not-converted: no convert was found after the quote could no longer convert: final.
 */
export type Outcome =
  | { kind: 'none' }
  | { kind: 'converted'; result: ConvertResult }
  | { kind: 'checking'; quote: Quote }
  | { kind: 'unknown'; quote: Quote }
  | { kind: 'not-converted'; quote: Quote };

export interface ConvertState {
  fields: Fields;
  amountError?: string;
  quote: QuotePhase;
  quoteError: unknown;
  request: Request;
  acceptError: unknown;
  outcome: Outcome;
  /** Quote requests and accept/lookup requests so far: an answer counts only for the newest of its kind. */
  asked: number;
}

export type ConvertEvent =
  /** The balances are known: the assets to choose from (SOL → USDT by default). */
  | { type: 'assetsKnown'; assets: string[] }
  | { type: 'edit'; fields: Partial<Fields> }
  | { type: 'swap' }
  /** Get quote, with what the form found wrong with the fields (undefined: nothing). */
  | { type: 'ask'; problem: string | undefined }
  | { type: 'quoteAnswered'; number: number; quote: ConvertQuote; now: number }
  | { type: 'quoteFailed'; number: number; error: unknown }
  /** The shown quote's countdown reached zero. */
  | { type: 'expire' }
  | { type: 'accept' }
  /** The accept's answer; undefined or without a reference when it could not be read. */
  | { type: 'acceptAnswered'; id: number; result: ConvertResult | undefined }
  | { type: 'acceptFailed'; id: number; error: unknown }
  /** Check again, after a lookup failed. */
  | { type: 'checkAgain' }
  /** A checking outcome's quote can no longer convert: time for the lookup that settles it. */
  | { type: 'settleDue' }
  | { type: 'lookupAnswered'; id: number; result: ConvertResult }
  | { type: 'lookupFailed'; id: number; error: unknown; now: number };

/**
 * How long after a quote's local expiry a lookup that finds no convert means "not converted". Before that an accept
 * sent earlier may still be on its way through the server; after the quote's expiry the server (and its engine, by
 * its own clock) refuses to convert it, and the margin covers the history catching up.
 */
export const SETTLE_MARGIN_MS = 3_000;

export function initialConvertState(): ConvertState {
  return {
    fields: { from: '', to: '', side: 'spend', amount: '' },
    quote: { kind: 'empty' },
    quoteError: null,
    request: { kind: 'idle' },
    acceptError: null,
    outcome: { kind: 'none' },
    asked: 0,
  };
}

export function sameFields(a: Fields, b: Fields): boolean {
  return a.from === b.from && a.to === b.to && a.side === b.side && a.amount === b.amount;
}

/** The quote in view, whether a new one is being asked for or not. */
export function shownQuote(state: ConvertState): { quote: Quote; expired: boolean } | null {
  switch (state.quote.kind) {
    case 'quoted':
      return { quote: state.quote.quote, expired: state.quote.expired };
    case 'asking':
      return state.quote.previous;
    default:
      return null;
  }
}

/** An accept that may have converted (or may still convert) is not settled: no new quote until it is. */
export function isPending(state: ConvertState): boolean {
  return state.outcome.kind === 'checking' || state.outcome.kind === 'unknown';
}

/** An accept, or the user's own lookup, is on its way: the Convert and Check again buttons are busy. */
export function isBusy(state: ConvertState): boolean {
  return state.request.kind === 'accepting' || (state.request.kind === 'looking-up' && state.request.busy);
}

/** When a lookup that finds nothing for this quote means it did not convert. */
export function settleAt(quote: Quote): number {
  return quote.localExpiry + SETTLE_MARGIN_MS;
}

/** The quote request's body for the fields. */
export function quoteRequestOf(fields: Fields): QuoteRequest {
  const amount = fields.amount.trim();
  return fields.side === 'spend' ? { from: fields.from, to: fields.to, fromAmount: amount } : { from: fields.from, to: fields.to, toAmount: amount };
}

/** New fields drop the quote (and any quote on its way); an accept that may still convert stays in view. */
function withFields(state: ConvertState, fields: Fields): ConvertState {
  if (sameFields(fields, state.fields)) {
    return state;
  }
  return {
    ...state,
    fields,
    quote: { kind: 'empty' },
    outcome: state.outcome.kind === 'not-converted' ? { kind: 'none' } : state.outcome,
  };
}

function converted(state: ConvertState, result: ConvertResult): ConvertState {
  const next = withFields(state, { ...state.fields, amount: '' });
  return { ...next, quote: { kind: 'empty' }, request: { kind: 'idle' }, acceptError: null, outcome: { kind: 'converted', result } };
}

function lookUp(state: ConvertState, quote: Quote, busy: boolean): ConvertState {
  return { ...state, asked: state.asked + 1, request: { kind: 'looking-up', id: state.asked + 1, quote, busy } };
}

const refusalsThatEndTheQuote = ['price_moved', 'quote_expired', 'quote_not_found'];

export function convertTransition(state: ConvertState, event: ConvertEvent): ConvertState {
  switch (event.type) {
    case 'assetsKnown': {
      const { assets } = event;
      if (assets.length === 0) {
        return state;
      }
      const from = state.fields.from || (assets.includes('SOL') ? 'SOL' : assets[0]);
      const to = state.fields.to || (assets.includes('USDT') ? 'USDT' : assets[assets.length - 1]);
      return withFields(state, { ...state.fields, from, to });
    }

    case 'edit':
      return withFields(state, { ...state.fields, ...event.fields });

    case 'swap':
      return withFields(state, { ...state.fields, from: state.fields.to, to: state.fields.from });

    case 'ask': {
      if (isPending(state) || isBusy(state)) {
        return state; // the last accept may have converted (or still convert): settle it before quoting again
      }
      const cleared: ConvertState = { ...state, outcome: { kind: 'none' }, acceptError: null, quoteError: null, amountError: event.problem };
      if (event.problem) {
        return cleared;
      }
      const number = state.asked + 1;
      return { ...cleared, asked: number, quote: { kind: 'asking', number, request: state.fields, previous: shownQuote(state) } };
    }

    case 'quoteAnswered': {
      const phase = state.quote;
      if (phase.kind !== 'asking' || phase.number !== event.number || !sameFields(phase.request, state.fields)) {
        return state; // asked for fields the form no longer shows: this quote is not for what the user sees
      }
      const quote: Quote = { ...event.quote, localExpiry: event.now + event.quote.validForMs, request: phase.request };
      return { ...state, quote: { kind: 'quoted', quote, expired: false } };
    }

    case 'quoteFailed': {
      if (state.quote.kind !== 'asking' || state.quote.number !== event.number) {
        return state;
      }
      return { ...state, quote: { kind: 'empty' }, quoteError: event.error };
    }

    case 'expire': {
      const phase = state.quote;
      if (phase.kind === 'quoted' && !phase.expired) {
        return { ...state, quote: { ...phase, expired: true } };
      }
      if (phase.kind === 'asking' && phase.previous && !phase.previous.expired) {
        return { ...state, quote: { ...phase, previous: { ...phase.previous, expired: true } } };
      }
      return state;
    }

    case 'accept': {
      const shown = shownQuote(state);
      if (!shown || shown.expired || isBusy(state) || !sameFields(shown.quote.request, state.fields)) {
        return state;
      }
      const id = state.asked + 1;
      return { ...state, asked: id, acceptError: null, request: { kind: 'accepting', id, quote: shown.quote } };
    }

    case 'acceptAnswered': {
      const request = state.request;
      if (request.kind !== 'accepting' || request.id !== event.id) {
        return state;
      }
      if (typeof event.result?.reference !== 'string') {
        return lookUp(state, request.quote, true); // accepted, but the answer could not be read: uncertain
      }
      return converted(state, event.result);
    }

    case 'acceptFailed': {
      const request = state.request;
      if (request.kind !== 'accepting' || request.id !== event.id) {
        return state;
      }
      const { error } = event;
      if (isUncertain(error) || (error instanceof ApiError && error.code === 'quote_already_accepted')) {
        return lookUp(state, request.quote, true);
      }
      // A refusal of this attempt says nothing of an earlier one that may still be running: the outcome stays.
      const next: ConvertState = { ...state, request: { kind: 'idle' }, acceptError: error };
      if (error instanceof ApiError && refusalsThatEndTheQuote.includes(error.code)) {
        next.quote = error.code === 'quote_expired' ? { kind: 'quoted', quote: request.quote, expired: true } : { kind: 'empty' };
      }
      return next;
    }

    case 'checkAgain': {
      const outcome = state.outcome;
      if (isBusy(state) || !(outcome.kind === 'checking' || outcome.kind === 'unknown' || outcome.kind === 'not-converted')) {
        return state;
      }
      return lookUp(state, outcome.quote, true);
    }

    case 'settleDue': {
      if (state.outcome.kind !== 'checking' || state.request.kind !== 'idle') {
        return state;
      }
      return lookUp(state, state.outcome.quote, false);
    }

    case 'lookupAnswered': {
      if (state.request.kind !== 'looking-up' || state.request.id !== event.id) {
        return state;
      }
      return converted(state, event.result);
    }

    case 'lookupFailed': {
      const request = state.request;
      if (request.kind !== 'looking-up' || request.id !== event.id) {
        return state;
      }
      const idle: ConvertState = { ...state, request: { kind: 'idle' } };
      if (!(event.error instanceof ApiError && event.error.status === 404)) {
        return { ...idle, acceptError: event.error, outcome: { kind: 'unknown', quote: request.quote } };
      }
      // No convert: final once the quote can no longer convert; before that the accept may still be running.
      const settled = event.now >= settleAt(request.quote);
      return { ...idle, acceptError: null, outcome: { kind: settled ? 'not-converted' : 'checking', quote: request.quote } };
    }
  }
}
