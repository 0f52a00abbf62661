import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/ApiError';
import type { ConvertQuote, ConvertResult } from '../../api/convert';
import {
  convertTransition,
  initialConvertState,
  isBusy,
  isPending,
  quoteRequestOf,
  SETTLE_MARGIN_MS,
  shownQuote,
  type ConvertEvent,
  type ConvertState,
} from './convertMachine';

const answer: ConvertQuote = {
  quoteId: '41',
  from: 'SOL',
  to: 'USDT',
  fromAmount: '2.00000000',
  toAmount: '359.64000000',
  rate: '179.82000000',
  inverseRate: '0.00556111',
  fee: '0.36000000',
  feeAsset: 'USDT',
  route: ['SOLUSDT'],
  expiresAt: 20_000,
  validForMs: 10_000,
};

const result: ConvertResult = {
  reference: '41',
  status: 'completed',
  from: 'SOL',
  to: 'USDT',
  fromAmount: '2.00000000',
  toAmount: '359.70000000',
  rate: '179.85000000',
  fee: '0.36000000',
  feeAsset: 'USDT',
  time: 1_000,
};

const now = 1_000;
const expiry = now + answer.validForMs;
const unavailable = new ApiError(503, 'unavailable', 'Busy.');
const notFound = new ApiError(404, 'convert_not_found', 'No such convert.');

function run(events: ConvertEvent[], from: ConvertState = initialConvertState()): ConvertState {
  return events.reduce(convertTransition, from);
}

/** SOL → USDT, spend 2: the fields of every test below. */
const filled = run([
  { type: 'assetsKnown', assets: ['BTC', 'SOL', 'USDT', 'ETH'] },
  { type: 'edit', fields: { amount: '2' } },
]);
const asked = run([{ type: 'ask', problem: undefined }], filled);
const quoted = run([{ type: 'quoteAnswered', number: 1, quote: answer, now }], asked);
const accepting = run([{ type: 'accept' }], quoted);
/** The accept's answer was lost: a lookup by reference is on its way. */
const lookingUp = run([{ type: 'acceptFailed', id: 2, error: unavailable }], accepting);
/** The lookup found nothing while the quote could still convert. */
const checking = run([{ type: 'lookupFailed', id: 3, error: notFound, now: now + 500 }], lookingUp);

describe('convertTransition: the fields', () => {
  it('starts empty, then picks SOL → USDT when the balances have them', () => {
    expect(initialConvertState().fields).toEqual({ from: '', to: '', side: 'spend', amount: '' });
    expect(filled.fields).toEqual({ from: 'SOL', to: 'USDT', side: 'spend', amount: '2' });
  });

  it('otherwise picks the first and the last asset, and never overrides a choice', () => {
    const picked = run([{ type: 'assetsKnown', assets: ['BTC', 'ETH', 'XRP'] }]);
    expect([picked.fields.from, picked.fields.to]).toEqual(['BTC', 'XRP']);
    expect(run([{ type: 'assetsKnown', assets: ['SOL', 'USDT'] }], picked)).toBe(picked);
    expect(run([{ type: 'assetsKnown', assets: [] }])).toEqual(initialConvertState());
  });

  it('swaps the assets', () => {
    expect(run([{ type: 'swap' }], filled).fields).toMatchObject({ from: 'USDT', to: 'SOL' });
  });

  it('drops the quote, and the quote on its way, when a field changes; the same value changes nothing', () => {
    expect(run([{ type: 'edit', fields: { amount: '3' } }], quoted).quote).toEqual({ kind: 'empty' });
    expect(run([{ type: 'edit', fields: { side: 'receive' } }], asked).quote).toEqual({ kind: 'empty' });
    expect(run([{ type: 'edit', fields: { amount: '2' } }], quoted)).toBe(quoted);
  });

  it('keeps an accept that may still convert in view when a field changes, but forgets a final "not converted"', () => {
    expect(run([{ type: 'edit', fields: { amount: '3' } }], checking).outcome.kind).toBe('checking');
    const notConverted = run([{ type: 'lookupFailed', id: 3, error: notFound, now: expiry + SETTLE_MARGIN_MS }], lookingUp);
    expect(notConverted.outcome.kind).toBe('not-converted');
    expect(run([{ type: 'edit', fields: { amount: '3' } }], notConverted).outcome).toEqual({ kind: 'none' });
  });
});

describe('convertTransition: asking for a quote', () => {
  it('asks with the fields shown, keeping the quote in view until the answer', () => {
    expect(asked.quote).toEqual({ kind: 'asking', number: 1, request: filled.fields, previous: null });
    expect(quoteRequestOf(filled.fields)).toEqual({ from: 'SOL', to: 'USDT', fromAmount: '2' });
    expect(quoteRequestOf({ ...filled.fields, side: 'receive', amount: ' 100 ' })).toEqual({ from: 'SOL', to: 'USDT', toAmount: '100' });
    const again = run([{ type: 'ask', problem: undefined }], quoted);
    expect(again.quote).toMatchObject({ kind: 'asking', number: 2 });
    expect(shownQuote(again)?.quote.quoteId).toBe('41');
  });

  it('shows the problem with the fields instead of asking, and clears the last outcome and errors', () => {
    const refused = run([{ type: 'acceptFailed', id: 2, error: new ApiError(409, 'price_moved', 'Moved.') }], accepting);
    const state = run([{ type: 'ask', problem: 'More than available' }], refused);
    expect(state.amountError).toBe('More than available');
    expect(state.acceptError).toBeNull();
    expect(state.quote).toEqual({ kind: 'empty' });
    expect(run([{ type: 'ask', problem: undefined }], state).amountError).toBeUndefined();
  });

  it('does not ask while an accept is on its way or unsettled', () => {
    expect(run([{ type: 'ask', problem: undefined }], accepting)).toBe(accepting);
    expect(run([{ type: 'ask', problem: undefined }], checking)).toBe(checking);
  });

  it("shows the answer with its countdown on this device's clock", () => {
    expect(quoted.quote).toMatchObject({ kind: 'quoted', expired: false, quote: { quoteId: '41', localExpiry: expiry, request: filled.fields } });
  });

  it('ignores an answer to an earlier request or for fields no longer shown', () => {
    expect(run([{ type: 'quoteAnswered', number: 0, quote: answer, now }], asked)).toBe(asked);
    const edited = run([{ type: 'edit', fields: { amount: '3' } }], asked);
    expect(run([{ type: 'quoteAnswered', number: 1, quote: answer, now }], edited)).toBe(edited);
    expect(run([{ type: 'quoteFailed', number: 1, error: unavailable }], edited)).toBe(edited);
  });

  it('shows a refused request next to Get quote', () => {
    const failed = run([{ type: 'quoteFailed', number: 1, error: unavailable }], asked);
    expect(failed.quote).toEqual({ kind: 'empty' });
    expect(failed.quoteError).toBe(unavailable);
  });

  it('marks the quote expired when its countdown ends, also while a new one is asked for', () => {
    expect(shownQuote(run([{ type: 'expire' }], quoted))?.expired).toBe(true);
    const asking = run([{ type: 'ask', problem: undefined }, { type: 'expire' }], quoted);
    expect(asking.quote).toMatchObject({ kind: 'asking', previous: { expired: true } });
    expect(run([{ type: 'expire' }], filled)).toBe(filled);
  });
});

describe('convertTransition: accepting', () => {
  it('accepts the quote shown for the fields shown, and not twice at once', () => {
    expect(accepting.request).toMatchObject({ kind: 'accepting', id: 2, quote: { quoteId: '41' } });
    expect(isBusy(accepting)).toBe(true);
    expect(run([{ type: 'accept' }], accepting)).toBe(accepting);
    expect(run([{ type: 'accept' }], filled)).toBe(filled);
    expect(run([{ type: 'accept' }, { type: 'expire' }], filled)).toBe(filled);
    expect(run([{ type: 'expire' }, { type: 'accept' }], quoted).request).toEqual({ kind: 'idle' });
  });

  it('shows the convert, clears the amount and drops the quote when accepted', () => {
    const done = run([{ type: 'acceptAnswered', id: 2, result }], accepting);
    expect(done.outcome).toEqual({ kind: 'converted', result });
    expect(done.fields.amount).toBe('');
    expect(done.quote).toEqual({ kind: 'empty' });
    expect(done.request).toEqual({ kind: 'idle' });
    expect(run([{ type: 'acceptAnswered', id: 1, result }], accepting)).toBe(accepting);
  });

  it('looks the convert up when the answer is lost, a 5xx, unreadable or "already accepted"', () => {
    for (const event of [
      { type: 'acceptFailed', id: 2, error: ApiError.network(new TypeError('Failed to fetch')) },
      { type: 'acceptFailed', id: 2, error: new ApiError(500, 'internal', 'Oops.') },
      { type: 'acceptFailed', id: 2, error: new SyntaxError('Unexpected end of JSON input') },
      { type: 'acceptFailed', id: 2, error: new ApiError(409, 'quote_already_accepted', 'Accepted before.') },
      { type: 'acceptAnswered', id: 2, result: undefined },
    ] satisfies ConvertEvent[]) {
      const state = run([event], accepting);
      expect(state.request).toMatchObject({ kind: 'looking-up', id: 3, busy: true, quote: { quoteId: '41' } });
    }
  });

  it('shows a refusal; price moved and not found drop the quote, expired keeps it shown as expired', () => {
    const moved = run([{ type: 'acceptFailed', id: 2, error: new ApiError(409, 'price_moved', 'Moved.') }], accepting);
    expect(moved.quote).toEqual({ kind: 'empty' });
    expect(moved.request).toEqual({ kind: 'idle' });
    expect((moved.acceptError as ApiError).code).toBe('price_moved');
    expect(run([{ type: 'acceptFailed', id: 2, error: new ApiError(404, 'quote_not_found', 'Gone.') }], accepting).quote).toEqual({ kind: 'empty' });
    const late = run([{ type: 'acceptFailed', id: 2, error: new ApiError(409, 'quote_expired', 'Expired.') }], accepting);
    expect(shownQuote(late)).toMatchObject({ expired: true, quote: { quoteId: '41' } });
    const poor = run([{ type: 'acceptFailed', id: 2, error: new ApiError(409, 'insufficient_balance', 'No.') }], accepting);
    expect(poor.quote).toBe(accepting.quote);
  });

  it('keeps an unsettled accept when a second attempt is refused', () => {
    const again = run([{ type: 'accept' }, { type: 'acceptFailed', id: 4, error: new ApiError(409, 'insufficient_balance', 'No.') }], checking);
    expect(again.outcome.kind).toBe('checking');
    expect(again.request).toEqual({ kind: 'idle' });
  });
});

describe('convertTransition: settling an uncertain accept (docs/web.md)', () => {
  it('shows the convert the lookup finds', () => {
    const found = run([{ type: 'lookupAnswered', id: 3, result }], lookingUp);
    expect(found.outcome).toEqual({ kind: 'converted', result });
    expect(found.request).toEqual({ kind: 'idle' });
    expect(run([{ type: 'lookupAnswered', id: 2, result }], lookingUp)).toBe(lookingUp);
  });

  it('keeps checking after a 404 while the quote may still convert, with no new quote meanwhile', () => {
    expect(checking.outcome).toMatchObject({ kind: 'checking', quote: { quoteId: '41' } });
    expect(checking.acceptError).toBeNull();
    expect(isPending(checking)).toBe(true);
    expect(isBusy(checking)).toBe(false);
  });

  it('offers the same quote again while checking: it cannot convert twice', () => {
    const again = run([{ type: 'accept' }], checking);
    expect(again.request).toMatchObject({ kind: 'accepting', quote: { quoteId: '41' } });
    expect(run([{ type: 'acceptAnswered', id: 4, result }], again).outcome.kind).toBe('converted');
  });

  it('looks again when the quote can no longer convert (expiry + the margin), then a 404 is final', () => {
    const due = run([{ type: 'settleDue' }], checking);
    expect(due.request).toMatchObject({ kind: 'looking-up', id: 4, busy: false });
    expect(isBusy(due)).toBe(false);
    const final = run([{ type: 'lookupFailed', id: 4, error: notFound, now: expiry + SETTLE_MARGIN_MS }], due);
    expect(final.outcome).toMatchObject({ kind: 'not-converted', quote: { quoteId: '41' } });
    expect(isPending(final)).toBe(false);
    expect(run([{ type: 'settleDue' }], final)).toBe(final);
    expect(run([{ type: 'ask', problem: undefined }], final).quote.kind).toBe('asking');
  });

  it('a 404 just before expiry + the margin is not yet final', () => {
    const early = run([{ type: 'settleDue' }, { type: 'lookupFailed', id: 4, error: notFound, now: expiry + SETTLE_MARGIN_MS - 1 }], checking);
    expect(early.outcome.kind).toBe('checking');
  });

  it('does not start the settling lookup while a request is on its way', () => {
    const again = run([{ type: 'accept' }], checking);
    expect(run([{ type: 'settleDue' }], again)).toBe(again);
  });

  it('cannot tell when the lookup fails too: the user checks again', () => {
    const unknown = run([{ type: 'lookupFailed', id: 3, error: unavailable, now }], lookingUp);
    expect(unknown.outcome).toMatchObject({ kind: 'unknown', quote: { quoteId: '41' } });
    expect(unknown.acceptError).toBe(unavailable);
    expect(isPending(unknown)).toBe(true);
    const checkingAgain = run([{ type: 'checkAgain' }], unknown);
    expect(checkingAgain.request).toMatchObject({ kind: 'looking-up', id: 4, busy: true });
    expect(isBusy(checkingAgain)).toBe(true);
    expect(run([{ type: 'lookupAnswered', id: 4, result }], checkingAgain).outcome.kind).toBe('converted');
    expect(run([{ type: 'checkAgain' }], filled)).toBe(filled);
  });

  it('ignores a lookup answer overtaken by a newer request', () => {
    const due = run([{ type: 'settleDue' }, { type: 'accept' }], checking);
    expect(run([{ type: 'lookupFailed', id: 4, error: notFound, now: expiry + SETTLE_MARGIN_MS }], due)).toBe(due);
  });
});
