import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { isReplayed } from '../../api/http';
import { placeOrder, type PlatformOrder } from '../../api/orders';
import { useUserEvents } from '../../api/useStreams';
import type { SymbolRules } from '../../api/market';
import { big, decimalsOf, floorToStep, formatTrimmed } from '../../lib/format';
import { AttemptReference, isUncertain } from '../../lib/money';
import { amountForPercent, needsPrice, validateOrder, type OrderKind, type OrderSide } from '../../lib/orderValidation';
import { Button, ErrorText, Field } from '../ui';
import { marketStatusLabel } from './MarketHeader';

const kinds: Array<{ kind: OrderKind; label: string }> = [
  { kind: 'limit', label: 'Limit' },
  { kind: 'market', label: 'Market' },
  { kind: 'stop-limit', label: 'Stop-limit' },
  { kind: 'post-only', label: 'Post-only' },
];

const percents = [25, 50, 75, 100];

export interface OrderFormProps {
  rules: SymbolRules;
  signedIn: boolean;
  /** Free balances of the base and quote asset; undefined while unknown. */
  available?: { base: string; quote: string };
  lastPrice?: string;
  /** A price picked in the order book; `seq` changes on every pick so the same price can be picked twice. */
  pickedPrice?: { price: string; seq: number };
  onPlaced?: (order: PlatformOrder) => void;
}

/** Statuses after which the part of the order that did not fill is gone (IOC / market / FOK leftovers). */
const endedUnfilled = new Set(['EXPIRED', 'EXPIRED_IN_MATCH', 'CANCELED', 'REJECTED']);

export interface PlacedNotice {
  text: string;
  /** Not everything asked for was filled: shown in the warning style. */
  warning: boolean;
  /** Whether the form may clear the amount (the whole order is placed or filled). */
  clearAmount: boolean;
}

/**
 * What the answer to placing an order means for the trader, from what was executed (not what was asked):
 * "Buy order filled: 2 SOL (avg 180.00)", "Sell order placed: 1.5 SOL at 181.00",
 * "Buy order expired: filled 33.671 of 5,568.238 SOL (avg 179.90)".
 */
export function describePlacedOrder(order: PlatformOrder, rules: SymbolRules): PlacedNotice {
  const side = order.side === 'SELL' ? 'Sell' : 'Buy';
  const base = rules.baseAsset;
  const priceDecimals = Math.max(2, decimalsOf(rules.tickSize));
  const amount = (value: string) => formatTrimmed(value, 8, 0);
  const executed = big(order.executedQuantity);
  const executedQuote = big(order.executedQuoteQuantity);
  const asked = big(order.quantity);
  const average = executed.gt(0) ? ` (avg ${formatTrimmed(executedQuote.div(executed), priceDecimals, 2)})` : '';
  // A market order by quote amount has no base quantity to compare with: say what it spent.
  const of = asked.gt(0) ? ` of ${amount(order.quantity)}` : '';
  const status = order.status;
  const spend = big(order.quoteQuantity);
  // A market buy by quote amount ends EXPIRED when what is left cannot buy one more lot: it spent all it could.
  const spentAll = spend.gt(0) && executed.gt(0) && spend.minus(executedQuote).lt(executedQuote.div(executed).times(big(rules.marketStepSize)));

  if (status === 'FILLED' || (status === 'EXPIRED' && spentAll)) {
    return { text: `${side} order filled: ${amount(order.executedQuantity)} ${base}${average}`, warning: false, clearAmount: true };
  }
  if (status === 'PARTIALLY_FILLED') {
    return {
      text: `${side} order partially filled: filled ${amount(order.executedQuantity)}${of} ${base}${average}; the rest is on the book`,
      warning: true,
      clearAmount: true,
    };
  }
  if (endedUnfilled.has(status)) {
    const verb = status === 'CANCELED' ? 'canceled' : status === 'REJECTED' ? 'rejected' : 'expired';
    const what = executed.gt(0)
      ? `filled ${amount(order.executedQuantity)}${of} ${base}${average}`
      : `nothing filled${of ? ` of ${amount(order.quantity)} ${base}` : ''}`;
    return { text: `${side} order ${verb}: ${what}`, warning: true, clearAmount: false };
  }
  // NEW (resting on the book or waiting for its stop price).
  const at = big(order.price).gt(0) ? ` at ${formatTrimmed(order.price, priceDecimals, 2)}` : '';
  return { text: `${side} order placed: ${amount(order.quantity)} ${base}${at}`, warning: false, clearAmount: true };
}

/**
 * Buy or sell: Limit, Market, Stop-limit and Post-only orders, checked against the market's filters and the available
 * balance before they are sent (lib/orderValidation), then POST /api/v1/orders; the server's refusal is shown by the
 * button.
 */
export function OrderForm({ rules, signedIn, available, lastPrice, pickedPrice, onPlaced }: OrderFormProps) {
  const location = useLocation();
  const [side, setSide] = useState<OrderSide>('BUY');
  const [kind, setKind] = useState<OrderKind>('limit');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [amount, setAmount] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<unknown>(undefined);
  const [placed, setPlaced] = useState<PlacedNotice | null>(null);
  const [percentHint, setPercentHint] = useState<string | null>(null);
  // One clientOrderId per order: a retry of the same order after an answer that may not have arrived reuses it, so the
  // server answers the first order again (Idempotent-Replayed) instead of placing a second one.
  const attempt = useRef(new AttemptReference());
  // A market buy by percent spends that share of the quote balance (quoteQuantity) rather than buying an amount
  // estimated at the last price; it holds while the form still shows the amount the button filled in.
  const [spend, setSpend] = useState<{ quote: string; amount: string } | null>(null);
  // The order of an attempt whose answer never arrived shows up on the user stream: once it has, the attempt is settled
  // and the next click is a new order.
  useUserEvents(
    (event) => {
      if (event.e === 'executionReport' && typeof event.c === 'string' && event.c === attempt.current.pendingReference()) {
        attempt.current.settle();
      }
    },
    undefined,
    signedIn,
  );
  const tabIds = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    if (pickedPrice) {
      setPrice(pickedPrice.price);
      setKind((k) => (k === 'market' ? 'limit' : k));
    }
  }, [pickedPrice?.seq]);

  // A market buy by percent is sent as the quote amount to spend while the amount is still the one the button filled in.
  const spending = spend && side === 'BUY' && kind === 'market' && amount === spend.amount ? spend.quote : undefined;
  const context = { rules, available, lastPrice };
  const input = { side, kind, price, amount, stopPrice, quoteQuantity: spending };
  const validation = validateOrder(input, context);
  // A field's message shows once it has something in it, or for every field after a submit attempt.
  const show = (field: 'price' | 'amount' | 'stopPrice', value: string) => (submitted || value.trim() !== '' ? validation.errors[field] : undefined);

  const asset = side === 'BUY' ? rules.quoteAsset : rules.baseAsset;
  const free = available ? (side === 'BUY' ? available.quote : available.base) : undefined;
  const estimatePrice = kind === 'market' ? lastPrice : price;
  const total =
    amount.trim() && estimatePrice && !validation.errors.amount && (kind === 'market' || !validation.errors.price)
      ? big(amount).times(big(estimatePrice))
      : null;

  const fillPercent = (percent: number) => {
    const filled = amountForPercent(percent, { side, kind, price }, context);
    if (filled !== undefined) {
      setAmount(filled);
      setSpend(
        side === 'BUY' && kind === 'market' && available
          ? { quote: floorToStep(big(available.quote).times(percent).div(100), rules.tickSize), amount: filled }
          : null,
      );
      setPlaced(null);
      setPercentHint(null);
    } else if (side === 'BUY') {
      setPercentHint(kind === 'market' ? 'No last price yet: enter an amount' : 'Enter a price first');
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setPlaced(null);
    setServerError(undefined);
    if (!validation.request) {
      return;
    }
    setBusy(true);
    const request = validation.request;
    const clientOrderId = attempt.current.for(request);
    try {
      const { body: order, headers } = await placeOrder({ ...request, clientOrderId });
      attempt.current.settle();
      const notice = describePlacedOrder(order, rules);
      if (isReplayed(headers)) {
        // The server answered an earlier attempt under this clientOrderId (its answer had not arrived): no new order. The
        // amount stays, so a click now places the new order the trader may have meant (with a fresh clientOrderId).
        setPlaced({ text: `Your earlier attempt went through — no new order was placed: ${notice.text}`, warning: true, clearAmount: false });
      } else {
        if (notice.clearAmount) {
          setAmount('');
        }
        setPlaced(notice);
      }
      setSubmitted(false);
      onPlaced?.(order);
    } catch (error) {
      if (!isUncertain(error)) {
        attempt.current.settle();
      }
      setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      event.preventDefault();
      const next = (index + step + kinds.length) % kinds.length;
      setKind(kinds[next].kind);
      tabRefs.current[next]?.focus();
    }
  };

  return (
    <section className="panel order-form" aria-label="Place order">
      <div className="side-switch" role="group" aria-label="Side">
        <button type="button" className={`side buy-side ${side === 'BUY' ? 'active' : ''}`} aria-pressed={side === 'BUY'} onClick={() => setSide('BUY')}>
          Buy
        </button>
        <button type="button" className={`side sell-side ${side === 'SELL' ? 'active' : ''}`} aria-pressed={side === 'SELL'} onClick={() => setSide('SELL')}>
          Sell
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Order type">
        {kinds.map((k, index) => (
          <button
            key={k.kind}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${tabIds}-${k.kind}`}
            aria-selected={kind === k.kind}
            aria-controls={`${tabIds}-panel`}
            tabIndex={kind === k.kind ? 0 : -1}
            onClick={() => setKind(k.kind)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {k.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabIds}-panel`} aria-labelledby={`${tabIds}-${kind}`}>
        {!signedIn ? (
          <p className="sign-in-to-trade">
            <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>Sign in to trade</Link>
            <span className="muted"> or </span>
            <Link to="/signup">create an account</Link>
          </p>
        ) : (
          <form className="stack" onSubmit={submit} noValidate>
            <p className="available muted" data-testid="available">
              Available: <span className="num">{free !== undefined ? formatTrimmed(free, 8, 2) : '…'}</span> {asset}
            </p>
            {kind === 'stop-limit' && (
              <Field
                label="Stop price"
                inputMode="decimal"
                autoComplete="off"
                value={stopPrice}
                onChange={(e) => setStopPrice(e.target.value)}
                error={show('stopPrice', stopPrice)}
                hint={`Places the limit order when the last price ${side === 'BUY' ? 'rises' : 'falls'} to this (${rules.quoteAsset})`}
              />
            )}
            {needsPrice(kind) ? (
              <Field
                label="Price"
                inputMode="decimal"
                autoComplete="off"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
                error={show('price', price)}
                hint={rules.quoteAsset}
              />
            ) : (
              <p className="market-price muted">Fills at the best available price.</p>
            )}
            <Field
              label="Amount"
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setPlaced(null);
              }}
              error={show('amount', amount)}
              hint={rules.baseAsset}
            />
            <div className="percents" role="group" aria-label="Share of available balance">
              {percents.map((p) => (
                <button key={p} type="button" className="button subtle" onClick={() => fillPercent(p)} disabled={!available}>
                  {p}%
                </button>
              ))}
              {percentHint && (side === 'BUY' && (kind === 'market' ? !lastPrice : !price.trim())) && (
                <span className="percent-hint muted" aria-live="polite">
                  {percentHint}
                </span>
              )}
            </div>
            {spending ? (
              <p className="total muted" data-testid="spend">
                Spends <span className="num">{formatTrimmed(spending, 8, 2)}</span> {rules.quoteAsset} (the amount is an estimate)
              </p>
            ) : (
              <p className="total muted">
                {kind === 'market' ? 'Total ≈ ' : 'Total: '}
                <span className="num">{total ? formatTrimmed(total, 8, 2) : '—'}</span> {rules.quoteAsset}
              </p>
            )}
            {rules.status !== 'TRADING' && (
              <p className="notice warning" data-testid="market-closed">
                {marketStatusLabel(rules.status)}: this market takes no new orders now.
              </p>
            )}
            <Button type="submit" className={`button ${side === 'BUY' ? 'buy' : 'sell'} submit`} busy={busy} disabled={rules.status !== 'TRADING'}>
              {side === 'BUY' ? 'Buy' : 'Sell'} {rules.baseAsset}
            </Button>
            <ErrorText error={serverError} />
            {placed && (
              <p className={placed.warning ? 'notice warning' : 'notice'} role="status" data-testid="order-notice">
                {placed.text}
              </p>
            )}
          </form>
        )}
      </div>
    </section>
  );
}
