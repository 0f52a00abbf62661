import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { loadTicker, tickerFromStream, type MiniTicker, type SymbolRules, type Ticker24h } from '../../api/market';
import { useMarketStream } from '../../api/useStreams';
import { big, formatPercent, formatTrimmed } from '../../lib/format';

/** The symbol's 24-hour statistics: /api/v3/ticker/24hr, then live from `<symbol>@miniTicker`. */
export function useTicker(symbol: string): Ticker24h | null {
  const [ticker, setTicker] = useState<Ticker24h | null>(null);
  const load = () => {
    loadTicker(symbol)
      .then(setTicker)
      .catch(() => undefined);
  };
  useEffect(() => {
    setTicker(null);
    load();
  }, [symbol]);
  useMarketStream<MiniTicker>(`${symbol.toLowerCase()}@miniTicker`, (data) => setTicker(tickerFromStream(data)), load);
  return ticker && ticker.symbol === symbol ? ticker : null;
}

/** How a market that is not trading is named to traders (exchangeInfo's Binance statuses: HALT, BREAK, …). */
export function marketStatusLabel(status: string): string | null {
  switch (status) {
    case 'TRADING':
      return null;
    case 'HALT':
      return 'Halted';
    case 'BREAK':
      return 'Cancel only';
    default:
      return status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');
  }
}

/** The market switcher and the market's last price, 24-hour change, high, low and volume. */
export function MarketHeader({ rules, markets, ticker }: { rules: SymbolRules; markets: SymbolRules[]; ticker: Ticker24h | null }) {
  const navigate = useNavigate();
  const change = big(ticker?.priceChangePercent);
  const direction = change.gt(0) ? 'up' : change.lt(0) ? 'down' : '';
  const dash = '—';
  const halted = marketStatusLabel(rules.status);
  return (
    <section className="panel market-header" aria-label="Market">
      <label className="market-switch">
        <span className="sr-only">Market</span>
        <select aria-label="Market" value={rules.symbol} onChange={(e) => navigate(`/trade/${e.target.value}`)}>
          {markets.map((m) => (
            <option key={m.symbol} value={m.symbol}>
              {m.baseAsset}/{m.quoteAsset}
            </option>
          ))}
        </select>
      </label>
      {halted && (
        <span className="market-status" data-testid="market-status" title="New orders are refused on this market">
          {halted}
        </span>
      )}
      <dl className="market-stats">
        <div className="stat last">
          <dt className="sr-only">Last price</dt>
          <dd className={`num ${direction}`} data-testid="last-price">
            {ticker ? formatTrimmed(ticker.lastPrice, 8, 2) : dash}
          </dd>
        </div>
        <div className="stat">
          <dt>24h change</dt>
          <dd className={`num ${direction}`} data-testid="change-24h">
            {ticker ? formatPercent(ticker.priceChangePercent) : dash}
          </dd>
        </div>
        <div className="stat">
          <dt>24h high</dt>
          <dd className="num">{ticker ? formatTrimmed(ticker.highPrice, 8, 2) : dash}</dd>
        </div>
        <div className="stat">
          <dt>24h low</dt>
          <dd className="num">{ticker ? formatTrimmed(ticker.lowPrice, 8, 2) : dash}</dd>
        </div>
        <div className="stat">
          <dt>24h volume ({rules.baseAsset})</dt>
          <dd className="num">{ticker ? formatTrimmed(ticker.volume, 3, 0) : dash}</dd>
        </div>
        <div className="stat">
          <dt>24h volume ({rules.quoteAsset})</dt>
          <dd className="num">{ticker ? formatTrimmed(ticker.quoteVolume, 2, 0) : dash}</dd>
        </div>
      </dl>
    </section>
  );
}
