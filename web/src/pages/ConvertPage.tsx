import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/ApiError';
import { acceptQuote, getConvert, getConvertHistory, requestQuote, type ConvertQuote, type ConvertResult } from '../api/convert';
import type { Balance } from '../api/wallet';
import { scaleOf } from '../components/money/activity';
import { useSecondsLeft } from '../components/money/Countdown';
import { useBalanceChanges, useBalances } from '../api/useBalances';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../components/ui';
import { formatTime, formatTrimmed } from '../lib/format';
import { usePagedList } from '../lib/usePagedList';
import { amountProblem, formatAssetAmount, isUncertain } from '../lib/money';
import './ConvertPage.css';

type Side = 'spend' | 'receive';

/** What a refused accept means for the user, by the server's code; the server's own text otherwise. */
export function refusalMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) {
    return undefined;
  }
  switch (error.code) {
    case 'price_moved':
      return 'The price moved since this quote: nothing was converted. Get a new quote.';
    case 'quote_expired':
      return 'The quote expired before it was accepted: nothing was converted. Get a new quote.';
    case 'quote_not_found':
      return 'This quote is no longer known (it expired long ago or the server restarted). Get a new quote.';
    case 'quote_already_accepted':
      return 'This quote was already accepted; see the history below.';
    case 'insufficient_balance':
      return 'Your available balance does not cover this amount.';
    case 'insufficient_liquidity':
      return 'The order books cannot fill this amount right now; try a smaller amount.';
    case 'no_convert_route':
      return 'No market joins these two assets.';
    case 'market_closed':
      return 'A market on the route is halted; try again later.';
    default:
      return undefined;
  }
}

/** Quote a convert (by amount to spend or to receive), accept it before it expires, and the history of converts. */
export function ConvertPage() {
  const balances = useBalances();
  const [historyVersion, setHistoryVersion] = useState(0);
  // A convert made elsewhere (another tab, the API) changes balances: the history follows.
  useBalanceChanges(() => setHistoryVersion((v) => v + 1));
  return (
    <div className="page convert-page">
      <h1>Convert</h1>
      <div className="convert-layout">
        <ConvertPanel
          balances={balances.data}
          balancesError={balances.error}
          onConverted={() => {
            balances.reload();
            setHistoryVersion((v) => v + 1);
          }}
        />
        <ConvertHistory version={historyVersion} />
      </div>
    </div>
  );
}

/** The fields a quote is asked with: an answer only counts while the form still shows them. */
interface QuoteRequest {
  from: string;
  to: string;
  side: Side;
  amount: string;
}

function sameRequest(a: QuoteRequest, b: QuoteRequest): boolean {
  return a.from === b.from && a.to === b.to && a.side === b.side && a.amount === b.amount;
}

type Quote = ConvertQuote & { localExpiry: number; request: QuoteRequest };

/**
 * How long after a quote's local expiry a lookup that finds no convert means "not converted". Before that an accept
 * sent earlier may still be on its way through the server; after the quote's expiry the server (and its engine, by
 * its own clock) refuses to convert it, and the margin covers the history catching up.
 */
export const SETTLE_MARGIN_MS = 3_000;

/**
 * After an accept whose outcome the page did not learn (no answer, a 5xx, an unreadable answer):
 * - checking: the lookup found no convert yet, but the accept may still be running; another lookup is due at the
 *   quote's expiry + SETTLE_MARGIN_MS. No new quote meanwhile (it could convert a second time).
 * - unknown: the lookup failed too; the user checks again.
 * - not-converted: no convert was found after the quote could no longer convert: final.
 */
type Unsettled = { quote: Quote; state: 'checking' | 'unknown' | 'not-converted' };

export function ConvertPanel({ balances, balancesError, onConverted }: { balances: Balance[] | undefined; balancesError?: unknown; onConverted: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [side, setSide] = useState<Side>('spend');
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const [quoting, setQuoting] = useState(false);
  const [quoteError, setQuoteError] = useState<unknown>(null);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [expired, setExpired] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const [acceptError, setAcceptError] = useState<unknown>(null);
  /** After an uncertain accept: what the page knows of it (see Unsettled). */
  const [unsettled, setUnsettled] = useState<Unsettled | null>(null);
  /** The lookup due once the unsettled quote can no longer convert. */
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  const [done, setDone] = useState<ConvertResult | null>(null);
  const assets = balances?.map((b) => b.asset) ?? [];
  // The fields as shown now, for answers that arrive after the user changed them.
  const shownFields = useRef<QuoteRequest>({ from, to, side, amount });
  shownFields.current = { from, to, side, amount };
  const quoteRequests = useRef(0);
  const pending = unsettled !== null && unsettled.state !== 'not-converted';

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(settleTimer.current);
    };
  }, []);

  useEffect(() => {
    if (!balances || balances.length === 0) {
      return;
    }
    setFrom((f) => f || (balances.some((b) => b.asset === 'SOL') ? 'SOL' : balances[0].asset));
    setTo((t) => t || (balances.some((b) => b.asset === 'USDT') ? 'USDT' : balances[balances.length - 1].asset));
  }, [balances]);

  // A quote is for the fields it was asked with: changing them drops it (and any quote still on its way).
  useEffect(() => {
    quoteRequests.current++;
    setQuoting(false);
    setQuote(null);
    setExpired(false);
    // An accept that may still convert stays in view (and blocks a new quote) whatever the fields say now.
    setUnsettled((u) => (u && u.state !== 'not-converted' ? u : null));
  }, [from, to, side, amount]);

  const secondsLeft = useSecondsLeft(quote && !expired ? quote.localExpiry : null, () => setExpired(true));
  const spendBalance = balances?.find((b) => b.asset === from);
  const amountAsset = side === 'spend' ? from : to;
  const amountScale = scaleOf(balances?.find((b) => b.asset === amountAsset)?.free);

  const getQuote = async (event: FormEvent) => {
    event.preventDefault();
    if (pending || accepting) {
      return; // the last accept may have converted (or still convert): settle it before quoting again
    }
    setDone(null);
    setAcceptError(null);
    setUnsettled(null);
    setQuoteError(null);
    const problem =
      from && to && from === to
        ? 'Choose two different assets.'
        : amountProblem(amount, { maxDecimals: amountScale, available: side === 'spend' ? spendBalance?.free : undefined });
    setAmountError(problem);
    if (problem) {
      return;
    }
    const request: QuoteRequest = { from, to, side, amount };
    const number = ++quoteRequests.current;
    const current = () => number === quoteRequests.current && sameRequest(request, shownFields.current);
    setQuoting(true);
    try {
      const answer = await requestQuote(side === 'spend' ? { from, to, fromAmount: amount.trim() } : { from, to, toAmount: amount.trim() });
      if (!current()) {
        return; // asked for fields the form no longer shows: this quote is not for what the user sees
      }
      // The countdown runs on this device's clock (the server's may differ): it lasts validForMs from now.
      setQuote({ ...answer, localExpiry: Date.now() + answer.validForMs, request });
      setExpired(false);
    } catch (e) {
      if (current()) {
        setQuote(null);
        setQuoteError(e);
      }
    } finally {
      if (number === quoteRequests.current) {
        setQuoting(false);
      }
    }
  };

  const converted = (result: ConvertResult) => {
    clearTimeout(settleTimer.current);
    setDone(result);
    setAcceptError(null);
    setUnsettled(null);
    setQuote(null);
    setAmount('');
    onConverted();
  };

  /** Whether the quote's convert happened, by its reference (the quote id): settles an uncertain accept. */
  const lookUp = async (accepted: Quote) => {
    clearTimeout(settleTimer.current);
    try {
      const result = await getConvert(accepted.quoteId);
      converted(result);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        setAcceptError(e);
        setUnsettled({ quote: accepted, state: 'unknown' });
        return;
      }
      setAcceptError(null);
      const settleAt = accepted.localExpiry + SETTLE_MARGIN_MS;
      if (Date.now() >= settleAt) {
        // The quote can no longer convert and none was found: nothing was converted.
        setUnsettled({ quote: accepted, state: 'not-converted' });
        return;
      }
      // Not converted YET: the accept may still be running on the server. Look again once it cannot convert any more.
      setUnsettled({ quote: accepted, state: 'checking' });
      if (mounted.current) {
        clearTimeout(settleTimer.current);
        settleTimer.current = setTimeout(() => void lookUp(accepted), settleAt - Date.now());
      }
    }
  };

  const checkAgain = async () => {
    if (!unsettled) {
      return;
    }
    setAccepting(true);
    try {
      await lookUp(unsettled.quote);
    } finally {
      setAccepting(false);
    }
  };

  const accept = async () => {
    if (!quote || !sameRequest(quote.request, shownFields.current)) {
      return;
    }
    const accepted = quote;
    setAccepting(true);
    setAcceptError(null);
    try {
      const result = await acceptQuote(accepted.quoteId);
      if (typeof result?.reference !== 'string') {
        throw new Error('The server accepted the convert but its answer could not be read.'); // uncertain: look it up
      }
      converted(result);
    } catch (e) {
      if (isUncertain(e) || (e instanceof ApiError && e.code === 'quote_already_accepted')) {
        await lookUp(accepted);
        return;
      }
      // A refusal of this attempt says nothing of an earlier one that may still be running: `unsettled` stays.
      setAcceptError(e);
      if (e instanceof ApiError && ['price_moved', 'quote_expired', 'quote_not_found'].includes(e.code)) {
        setExpired(e.code === 'quote_expired');
        setQuote(e.code === 'quote_expired' ? accepted : null);
      }
    } finally {
      setAccepting(false);
    }
  };

  return (
    <Panel title="New convert" className="convert-panel">
      <form className="stack" onSubmit={(e) => void getQuote(e)} noValidate>
        <div className="convert-pair">
          <div className="field">
            <label htmlFor="convert-from">From</label>
            <select id="convert-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              {assets.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="subtle swap"
            aria-label="Swap the two assets"
            onClick={() => {
              setFrom(to);
              setTo(from);
            }}
          >
            ⇄
          </button>
          <div className="field">
            <label htmlFor="convert-to">To</label>
            <select id="convert-to" value={to} onChange={(e) => setTo(e.target.value)}>
              {assets.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="convert-side">
          <legend className="sr-only">The amount is what you</legend>
          <label>
            <input type="radio" name="convert-side" checked={side === 'spend'} onChange={() => setSide('spend')} /> Spend exactly ({from || '…'})
          </label>
          <label>
            <input type="radio" name="convert-side" checked={side === 'receive'} onChange={() => setSide('receive')} /> Receive at least ({to || '…'})
          </label>
        </fieldset>
        <Field
          label="Amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError}
          hint={spendBalance ? `Available: ${formatAssetAmount(spendBalance.free)} ${spendBalance.asset}` : undefined}
        />
        <ErrorText error={balancesError} />
        {/* Not while an accept is on its way or unsettled: a new quote could convert a second time. */}
        <Button type="submit" busy={quoting} disabled={pending || accepting}>
          Get quote
        </Button>
        <ErrorText error={quoteError && (refusalMessage(quoteError) ?? quoteError)} />
      </form>

      {quote && (
        <div className={`quote ${expired ? 'expired' : ''}`} data-testid="convert-quote" aria-live="polite">
          <dl>
            <dt>You spend</dt>
            <dd className="num">
              {formatAssetAmount(quote.fromAmount)} {quote.from}
            </dd>
            <dt>You receive</dt>
            <dd className="num receive" data-testid="quote-receive">
              {formatAssetAmount(quote.toAmount)} {quote.to}
            </dd>
            <dt>Rate</dt>
            <dd className="num">
              1 {quote.from} = {formatTrimmed(quote.rate, 8, 2)} {quote.to}
            </dd>
            <dt>Fee</dt>
            <dd className="num">
              {formatAssetAmount(quote.fee)} {quote.feeAsset}
            </dd>
            <dt>Route</dt>
            <dd>{quote.route.join(' → ')}</dd>
          </dl>
          {expired ? (
            <p className="error" role="alert">
              {pending ? 'This quote has expired.' : 'This quote has expired. Get quote again for the current price.'}
            </p>
          ) : (
            <>
              <p className="countdown" role="timer" aria-live="off">
                Expires in {secondsLeft}s
              </p>
              <Button type="button" busy={accepting} onClick={() => void accept()}>
                Convert
              </Button>
            </>
          )}
        </div>
      )}
      <ErrorText error={acceptError && (refusalMessage(acceptError) ?? acceptError)} />
      {unsettled?.state === 'unknown' && (
        <div className="stack">
          <p className="error" role="alert">
            We could not confirm whether your convert of {formatAssetAmount(unsettled.quote.fromAmount)} {unsettled.quote.from} went through.
            Check again before converting again.
          </p>
          <Button type="button" busy={accepting} onClick={() => void checkAgain()}>
            Check again
          </Button>
        </div>
      )}
      {unsettled?.state === 'checking' && (
        <p className="notice" role="alert" data-testid="convert-checking">
          {quote === unsettled.quote && !expired
            ? `The server did not confirm your convert of ${formatAssetAmount(unsettled.quote.fromAmount)} ${unsettled.quote.from} yet: it may still be going through. Convert again uses the same quote: it cannot convert twice.`
            : `Checking whether your convert of ${formatAssetAmount(unsettled.quote.fromAmount)} ${unsettled.quote.from} went through: the answer is certain once its quote has expired, in a few seconds.`}{' '}
          A new quote is possible once this is settled.
        </p>
      )}
      {unsettled?.state === 'not-converted' && (
        <p className="error" role="alert">
          Your convert of {formatAssetAmount(unsettled.quote.fromAmount)} {unsettled.quote.from} did not go through: nothing was converted. Get a new
          quote to try again.
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          Converted {formatAssetAmount(done.fromAmount)} {done.from} to {formatAssetAmount(done.toAmount)} {done.to}. Reference{' '}
          <strong data-testid="convert-reference">{done.reference}</strong>.
        </p>
      )}
    </Panel>
  );
}

function ConvertHistory({ version }: { version: number }) {
  const history = usePagedList(
    (cursor) =>
      getConvertHistory({ limit: 20, cursor }).then((page) => ({ rows: page.converts, nextCursor: page.nextCursor ?? undefined })),
    (c) => c.reference,
    [],
  );
  // A new convert: fetch the newest page again, keeping the pages loaded with "Load more".
  const { reload } = history;
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  const rows = history.rows;

  return (
    <Panel title="Convert history" className="convert-history-panel">
      {!rows && !history.error && <Loading label="Loading converts…" />}
      {rows && (
        <div className="table-scroll">
          <table data-testid="convert-history">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Reference</th>
                <th scope="col" className="num">Spent</th>
                <th scope="col" className="num">Received</th>
                <th scope="col" className="num">Rate</th>
                <th scope="col" className="num">Fee</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.reference}>
                  <td className="muted nowrap">{formatTime(c.time)}</td>
                  <td className="num">{c.reference}</td>
                  <td className="num">
                    {formatAssetAmount(c.fromAmount)} {c.from}
                  </td>
                  <td className="num up">
                    {formatAssetAmount(c.toAmount)} {c.to}
                  </td>
                  <td className="num">{formatTrimmed(c.rate, 8, 2)}</td>
                  <td className="num muted">
                    {formatAssetAmount(c.fee)} {c.feeAsset}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <Empty>No converts yet.</Empty>}
        </div>
      )}
      <ErrorText error={history.error ?? history.moreError} />
      {history.hasMore && (
        <Button type="button" className="button subtle load-more" busy={history.loadingMore} onClick={history.loadMore}>
          Load more
        </Button>
      )}
    </Panel>
  );
}
