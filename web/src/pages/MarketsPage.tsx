import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { loadKlines, loadMarkets, loadTicker, tickerFromStream, type MiniTicker, type SymbolRules, type Ticker24h } from '../api/market';
import { useMarketStream } from '../api/useStreams';
import { ErrorText, Loading, Panel } from '../components/ui';
import { Sparkline } from '../components/Sparkline';
import { big, formatPercent, formatTrimmed } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import './MarketsPage.css';

/** Every market with its last price, 24-hour change and volume (live), a 24-hour sparkline, and a search. */
export function MarketsPage() {
  const markets = useLoad(loadMarkets, []);
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const term = search.trim().toUpperCase();
    return new Set(
      (markets.data ?? [])
        .filter((m) => !term || m.symbol.includes(term) || m.baseAsset.includes(term) || m.quoteAsset.includes(term))
        .map((m) => m.symbol),
    );
  }, [markets.data, search]);

  return (
    <div className="page markets-page">
      <h1>Markets</h1>
      <Panel
        title={`${shown.size} market${shown.size === 1 ? '' : 's'}`}
        actions={
          <input
            type="search"
            className="market-search"
            placeholder="Search BTC, USDT…"
            aria-label="Search markets"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        }
      >
        {markets.loading && !markets.data && <Loading label="Loading markets…" />}
        <ErrorText error={markets.error} />
        {markets.data && (
          <div className="table-scroll">
            <table className="markets-table">
              <thead>
                <tr>
                  <th scope="col">Market</th>
                  <th scope="col" className="num">Last price</th>
                  <th scope="col" className="num">24h change</th>
                  <th scope="col" className="num hide-narrow">24h high / low</th>
                  <th scope="col" className="num">24h volume</th>
                  <th scope="col" className="hide-narrow">24h</th>
                </tr>
              </thead>
              <tbody>
                {/* Every row stays mounted (the search only hides rows): a row keeps its ticker, sparkline and stream
                    subscription instead of fetching them again each time the filter lets it back in. */}
                {markets.data.map((market) => (
                  <MarketRow key={market.symbol} market={market} hidden={!shown.has(market.symbol)} />
                ))}
              </tbody>
            </table>
            {shown.size === 0 && <p className="empty">No market matches “{search}”.</p>}
          </div>
        )}
      </Panel>
    </div>
  );
}

function MarketRow({ market, hidden }: { market: SymbolRules; hidden: boolean }) {
  const [ticker, setTicker] = useState<Ticker24h | null>(null);
  const [closes, setCloses] = useState<number[]>([]);

  const load = () => {
    loadTicker(market.symbol)
      .then(setTicker)
      .catch(() => undefined);
    loadKlines(market.symbol, '1h', 24)
      .then((rows) => setCloses(rows.map((row) => Number(row[4]))))
      .catch(() => undefined);
  };
  useEffect(load, [market.symbol]);
  useMarketStream<MiniTicker>(`${market.symbol.toLowerCase()}@miniTicker`, (data) => setTicker(tickerFromStream(data)), load);

  const change = big(ticker?.priceChangePercent);
  return (
    <tr hidden={hidden}>
      <th scope="row">
        <Link to={`/trade/${market.symbol}`} className="market-name">
          <strong>{market.baseAsset}</strong>
          <span className="muted">/{market.quoteAsset}</span>
        </Link>
      </th>
      <td className="num" data-testid={`last-${market.symbol}`}>
        {ticker ? formatTrimmed(ticker.lastPrice, 8, 2) : '—'}
      </td>
      <td className={`num ${change.gt(0) ? 'up' : change.lt(0) ? 'down' : ''}`}>{ticker ? formatPercent(ticker.priceChangePercent) : '—'}</td>
      <td className="num hide-narrow muted">
        {ticker ? `${formatTrimmed(ticker.highPrice, 8, 2)} / ${formatTrimmed(ticker.lowPrice, 8, 2)}` : '—'}
      </td>
      <td className="num">
        {ticker ? formatTrimmed(ticker.quoteVolume, 2, 2) : '—'} <span className="muted">{market.quoteAsset}</span>
      </td>
      <td className="hide-narrow">
        <Sparkline values={closes} label={`${market.symbol} over 24 hours`} />
      </td>
    </tr>
  );
}
