import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api/http';
import type { SymbolRules } from '../../api/market';
import { big, formatTrimmed } from '../../lib/format';
import { amountForPercent, needsPrice, validateOrder, type OrderKind, type OrderSide } from '../../lib/orderValidation';
import { Button, ErrorText, Field } from '../ui';
import { statusName, type PlatformOrder } from './tradingTypes';

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

function newClientOrderId(): string {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
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
  const [placed, setPlaced] = useState<string | null>(null);
  const tabIds = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    if (pickedPrice) {
      setPrice(pickedPrice.price);
      setKind((k) => (k === 'market' ? 'limit' : k));
    }
  }, [pickedPrice?.seq]);

  const context = { rules, available, lastPrice };
  const input = { side, kind, price, amount, stopPrice };
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
      setPlaced(null);
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
    try {
      const order = await api<PlatformOrder>('/api/v1/orders', {
        method: 'POST',
        body: { ...validation.request, clientOrderId: newClientOrderId() },
      });
      setAmount('');
      setSubmitted(false);
      setPlaced(`${side === 'BUY' ? 'Buy' : 'Sell'} order ${statusName(order.status).toLowerCase()}: ${formatTrimmed(order.quantity, 8, 0)} ${rules.baseAsset}`);
      onPlaced?.(order);
    } catch (error) {
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
            </div>
            <p className="total muted">
              {kind === 'market' ? 'Total ≈ ' : 'Total: '}
              <span className="num">{total ? formatTrimmed(total, 8, 2) : '—'}</span> {rules.quoteAsset}
            </p>
            <Button type="submit" className={`button ${side === 'BUY' ? 'buy' : 'sell'} submit`} busy={busy}>
              {side === 'BUY' ? 'Buy' : 'Sell'} {rules.baseAsset}
            </Button>
            <ErrorText error={serverError} />
            {placed && (
              <p className="notice" role="status">
                {placed}
              </p>
            )}
          </form>
        )}
      </div>
    </section>
  );
}
