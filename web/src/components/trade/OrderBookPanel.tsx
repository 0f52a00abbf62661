import { useMemo, useState, type CSSProperties } from 'react';
import type { SymbolRules } from '../../api/market';
import { big, decimalsOf, formatTrimmed } from '../../lib/format';
import type { BookLevel } from '../../lib/orderBook';
import { ErrorText, Loading } from '../ui';
import { useOrderBook } from './useOrderBook';

const depth = 12;

/** Price groups offered: the tick and coarser powers of ten. */
function groupsFor(tickSize: string): string[] {
  const tick = big(tickSize);
  if (tick.lte(0)) {
    return [];
  }
  return [0, 1, 2, 3].map((power) => tick.times(10 ** power).toFixed());
}

/**
 * The live order book: asks above (best at the bottom), the spread, bids below (best at the top); each row shaded by
 * its cumulative depth, and a button that puts its price into the order form.
 */
export function OrderBookPanel({ rules, onPickPrice }: { rules: SymbolRules; onPickPrice: (price: string) => void }) {
  const { book, version, synced, error } = useOrderBook(rules.symbol);
  const groups = useMemo(() => groupsFor(rules.tickSize), [rules.tickSize]);
  const [group, setGroup] = useState<string>('');
  const activeGroup = group && groups.includes(group) && group !== groups[0] ? group : undefined;

  const { asks, bids, maxTotal } = useMemo(() => {
    const a = book.levels('asks', depth, activeGroup);
    const b = book.levels('bids', depth, activeGroup);
    const deepest = [a[a.length - 1]?.total, b[b.length - 1]?.total].reduce((m, t) => (t && big(t).gt(m) ? big(t) : m), big(0));
    return { asks: a, bids: b, maxTotal: deepest };
    // version: the book mutates in place and bumps it on every change.
  }, [book, version, activeGroup]);

  const priceDecimals = decimalsOf(activeGroup ?? rules.tickSize);
  const spread = asks[0] && bids[0] ? big(asks[0].price).minus(big(bids[0].price)) : null;

  const pick = (level: BookLevel) => onPickPrice(big(level.price).toFixed(priceDecimals));

  const row = (side: 'ask' | 'bid', level: BookLevel) => {
    const share = maxTotal.gt(0) ? Number(big(level.total).div(maxTotal).times(100).toFixed(2)) : 0;
    const price = formatTrimmed(level.price, 8, 2);
    return (
      <li key={level.price}>
        <button
          type="button"
          className={`book-row ${side}`}
          data-testid={`${side}-${price}`}
          style={{ '--depth': `${share}%` } as CSSProperties}
          onClick={() => pick(level)}
          aria-label={`${side === 'ask' ? 'Ask' : 'Bid'} ${price}, ${formatTrimmed(level.quantity, 8, 0)} ${rules.baseAsset}: use this price`}
        >
          <span className={`num price ${side === 'ask' ? 'down' : 'up'}`}>{formatTrimmed(level.price, priceDecimals, Math.min(2, priceDecimals))}</span>
          <span className="num">{formatTrimmed(level.quantity, 8, 3)}</span>
          <span className="num muted total">{formatTrimmed(level.total, 8, 3)}</span>
        </button>
      </li>
    );
  };

  return (
    <section className="panel book-panel" aria-label="Order book">
      <header className="panel-header">
        <h2>Order book</h2>
        {groups.length > 1 && (
          <label className="book-group">
            <span className="sr-only">Group prices by</span>
            <select value={activeGroup ?? groups[0]} onChange={(e) => setGroup(e.target.value)} aria-label="Group prices by">
              {groups.map((g) => (
                <option key={g} value={g}>
                  {formatTrimmed(g, 8, 0)}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="book-columns muted" aria-hidden="true">
        <span>Price ({rules.quoteAsset})</span>
        <span>Amount ({rules.baseAsset})</span>
        <span className="total">Total</span>
      </div>
      {!synced && version === 0 && <Loading label="Loading the book…" />}
      <ErrorText error={error} />
      <ol className="book-side asks" aria-label="Asks">
        {[...asks].reverse().map((level) => row('ask', level))}
      </ol>
      <p className="book-spread" aria-live="off">
        {spread ? (
          <>
            <span className="muted">Spread</span> <span className="num">{formatTrimmed(spread, priceDecimals, Math.min(2, priceDecimals))}</span>
          </>
        ) : (
          <span className="muted">{synced && asks.length === 0 && bids.length === 0 ? 'The book is empty' : '—'}</span>
        )}
      </p>
      <ol className="book-side bids" aria-label="Bids">
        {bids.map((level) => row('bid', level))}
      </ol>
    </section>
  );
}
