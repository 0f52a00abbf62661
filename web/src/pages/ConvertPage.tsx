import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/ApiError';
import { acceptQuote, getConvert, getConvertHistory, requestQuote } from '../api/convert';
import type { Balance } from '../api/wallet';
import { scaleOf } from '../components/money/activity';
import { useSecondsLeft } from '../components/money/Countdown';
import {
  convertTransition,
  initialConvertState,
  isBusy,
  isPending,
  quoteRequestOf,
  settleAt,
  shownQuote,
  type Fields,
} from '../components/money/convertMachine';
import { useBalanceChanges, useBalances } from '../api/useBalances';
import { Button, Empty, ErrorText, Field, Loading, Panel } from '../components/ui';
import { formatTime, formatTrimmed } from '../lib/format';
import { usePagedList } from '../lib/usePagedList';
import { amountProblem, formatAssetAmount } from '../lib/money';
import './ConvertPage.css';

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

export function ConvertPanel({ balances, balancesError, onConverted }: { balances: Balance[] | undefined; balancesError?: unknown; onConverted: () => void }) {
  const [state, dispatch] = useReducer(convertTransition, undefined, initialConvertState);
  const { fields, quote: phase, request, outcome } = state;
  const { from, to, side, amount } = fields;
  const assets = balances?.map((b) => b.asset) ?? [];
  const shown = shownQuote(state);
  const quote = shown?.quote ?? null;
  const expired = shown?.expired ?? false;
  const pending = isPending(state);
  const busy = isBusy(state);

  useEffect(() => {
    if (balances) {
      dispatch({ type: 'assetsKnown', assets: balances.map((b) => b.asset) });
    }
  }, [balances]);

  // The requests the state asks for; their answers are events (late ones the transition ignores).
  const asking = phase.kind === 'asking' ? phase : null;
  useEffect(() => {
    if (!asking) {
      return;
    }
    const { number } = asking;
    requestQuote(quoteRequestOf(asking.request)).then(
      (answer) => dispatch({ type: 'quoteAnswered', number, quote: answer, now: Date.now() }),
      (error: unknown) => dispatch({ type: 'quoteFailed', number, error }),
    );
  }, [asking?.number]);

  useEffect(() => {
    if (request.kind === 'accepting') {
      const { id } = request;
      acceptQuote(request.quote.quoteId).then(
        (result) => dispatch({ type: 'acceptAnswered', id, result }),
        (error: unknown) => dispatch({ type: 'acceptFailed', id, error }),
      );
    } else if (request.kind === 'looking-up') {
      const { id } = request;
      getConvert(request.quote.quoteId).then(
        (result) => dispatch({ type: 'lookupAnswered', id, result }),
        (error: unknown) => dispatch({ type: 'lookupFailed', id, error, now: Date.now() }),
      );
    }
  }, [request.kind === 'idle' ? 0 : request.id]);

  // Not converted YET: the accept may still be running on the server. Look again once it cannot convert any more.
  const settleQuote = outcome.kind === 'checking' && request.kind === 'idle' ? outcome.quote : null;
  useEffect(() => {
    if (!settleQuote) {
      return;
    }
    const timer = setTimeout(() => dispatch({ type: 'settleDue' }), Math.max(0, settleAt(settleQuote) - Date.now()));
    return () => clearTimeout(timer);
  }, [settleQuote]);

  const latestOnConverted = useRef(onConverted);
  latestOnConverted.current = onConverted;
  useEffect(() => {
    if (outcome.kind === 'converted') {
      latestOnConverted.current();
    }
  }, [outcome]);

  const secondsLeft = useSecondsLeft(quote && !expired ? quote.localExpiry : null, () => dispatch({ type: 'expire' }));
  const spendBalance = balances?.find((b) => b.asset === from);
  const amountAsset = side === 'spend' ? from : to;
  const amountScale = scaleOf(balances?.find((b) => b.asset === amountAsset)?.free);

  const getQuote = (event: FormEvent) => {
    event.preventDefault();
    const problem =
      from && to && from === to
        ? 'Choose two different assets.'
        : amountProblem(amount, { maxDecimals: amountScale, available: side === 'spend' ? spendBalance?.free : undefined });
    dispatch({ type: 'ask', problem });
  };
  const edit = (changed: Partial<Fields>) => dispatch({ type: 'edit', fields: changed });
  const unsettled = outcome.kind === 'checking' || outcome.kind === 'unknown' || outcome.kind === 'not-converted' ? outcome : null;
  const done = outcome.kind === 'converted' ? outcome.result : null;
  const { amountError, quoteError, acceptError } = state;

  return (
    <Panel title="New convert" className="convert-panel">
      <form className="stack" onSubmit={getQuote} noValidate>
        <div className="convert-pair">
          <div className="field">
            <label htmlFor="convert-from">From</label>
            <select id="convert-from" value={from} onChange={(e) => edit({ from: e.target.value })}>
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
            onClick={() => dispatch({ type: 'swap' })}
          >
            ⇄
          </button>
          <div className="field">
            <label htmlFor="convert-to">To</label>
            <select id="convert-to" value={to} onChange={(e) => edit({ to: e.target.value })}>
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
            <input type="radio" name="convert-side" checked={side === 'spend'} onChange={() => edit({ side: 'spend' })} /> Spend exactly ({from || '…'})
          </label>
          <label>
            <input type="radio" name="convert-side" checked={side === 'receive'} onChange={() => edit({ side: 'receive' })} /> Receive at least ({to || '…'})
          </label>
        </fieldset>
        <Field
          label="Amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => edit({ amount: e.target.value })}
          error={amountError}
          hint={spendBalance ? `Available: ${formatAssetAmount(spendBalance.free)} ${spendBalance.asset}` : undefined}
        />
        <ErrorText error={balancesError} />
        {/* Not while an accept is on its way or unsettled: a new quote could convert a second time. */}
        <Button type="submit" busy={phase.kind === 'asking'} disabled={pending || busy}>
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
              <Button type="button" busy={busy} onClick={() => dispatch({ type: 'accept' })}>
                Convert
              </Button>
            </>
          )}
        </div>
      )}
      <ErrorText error={acceptError && (refusalMessage(acceptError) ?? acceptError)} />
      {unsettled?.kind === 'unknown' && (
        <div className="stack">
          <p className="error" role="alert">
            We could not confirm whether your convert of {formatAssetAmount(unsettled.quote.fromAmount)} {unsettled.quote.from} went through.
            Check again before converting again.
          </p>
          <Button type="button" busy={busy} onClick={() => dispatch({ type: 'checkAgain' })}>
            Check again
          </Button>
        </div>
      )}
      {unsettled?.kind === 'checking' && (
        <p className="notice" role="alert" data-testid="convert-checking">
          {quote === unsettled.quote && !expired
            ? `The server did not confirm your convert of ${formatAssetAmount(unsettled.quote.fromAmount)} ${unsettled.quote.from} yet: it may still be going through. Convert again uses the same quote: it cannot convert twice.`
            : `Checking whether your convert of ${formatAssetAmount(unsettled.quote.fromAmount)} ${unsettled.quote.from} went through: the answer is certain once its quote has expired, in a few seconds.`}{' '}
          A new quote is possible once this is settled.
        </p>
      )}
      {unsettled?.kind === 'not-converted' && (
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
