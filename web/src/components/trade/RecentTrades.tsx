import { useEffect, useState } from 'react';
import { loadTrades, type PublicTrade, type SymbolRules } from '../../api/market';
import { useMarketStream } from '../../api/useStreams';
import { formatClock, formatTrimmed } from '../../lib/format';
import { Empty, ErrorText, Loading } from '../ui';

interface TradeEvent {
  t: number;
  p: string;
  q: string;
  T: number;
  m: boolean;
}

const shown = 40;

/** The market's latest trades: /api/v3/trades, then live from `<symbol>@trade`; a sell-taker trade is red. */
export function RecentTrades({ rules }: { rules: SymbolRules }) {
  const [trades, setTrades] = useState<PublicTrade[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const load = () => {
    loadTrades(rules.symbol, shown)
      .then((list) => {
        setTrades((current) => {
          // Keep trades the stream delivered while the request was in flight.
          const merged = new Map<number, PublicTrade>();
          for (const t of [...list, ...(current ?? [])]) {
            merged.set(t.id, t);
          }
          return [...merged.values()].sort((a, b) => b.id - a.id).slice(0, shown);
        });
        setError(undefined);
      })
      .catch(setError);
  };

  useEffect(() => {
    setTrades(null);
    load();
  }, [rules.symbol]);

  useMarketStream<TradeEvent>(
    `${rules.symbol.toLowerCase()}@trade`,
    (event) => {
      const trade: PublicTrade = { id: event.t, price: event.p, qty: event.q, time: event.T, isBuyerMaker: event.m };
      setTrades((current) => (current ? [trade, ...current.filter((t) => t.id !== trade.id)].slice(0, shown) : current));
    },
    load,
  );

  return (
    <section className="panel trades-panel" aria-label="Recent trades">
      <header className="panel-header">
        <h2>Recent trades</h2>
      </header>
      {!trades && !error && <Loading />}
      <ErrorText error={error} />
      {trades && trades.length === 0 && <Empty>No trades yet.</Empty>}
      {trades && trades.length > 0 && (
        <div className="table-scroll recent-trades">
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">Price ({rules.quoteAsset})</th>
                <th scope="col" className="num">Amount ({rules.baseAsset})</th>
                <th scope="col" className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {trades.map((t) => (
                <tr key={t.id} data-testid="recent-trade">
                  <td className={`num ${t.isBuyerMaker ? 'down' : 'up'}`}>{formatTrimmed(t.price, 8, 2)}</td>
                  <td className="num">{formatTrimmed(t.qty, 8, 3)}</td>
                  <td className="num muted">{formatClock(t.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
