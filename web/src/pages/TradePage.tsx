import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '../api/AuthContext';
import { loadMarkets } from '../api/market';
import { MarketHeader, useTicker } from '../components/trade/MarketHeader';
import { OrderBookPanel } from '../components/trade/OrderBookPanel';
import { OrderForm } from '../components/trade/OrderForm';
import { OrdersPanel } from '../components/trade/OrdersPanel';
import { PriceChart } from '../components/trade/PriceChart';
import { RecentTrades } from '../components/trade/RecentTrades';
import { useBalances } from '../api/useBalances';
import type { SymbolRules } from '../api/market';
import { ErrorText, Loading } from '../components/ui';
import { useLoad } from '../lib/useLoad';
import './TradePage.css';

/** /trade/:symbol — chart, order book, order entry, recent trades and the user's orders of one market, all live. */
export function TradePage() {
  const { symbol = '' } = useParams();
  const markets = useLoad(loadMarkets, []);
  const rules = markets.data?.find((m) => m.symbol === symbol.toUpperCase());

  if (!markets.data) {
    return (
      <div className="page trade-page">
        {markets.loading && <Loading label="Loading the market…" />}
        <ErrorText error={markets.error} />
      </div>
    );
  }
  if (!rules) {
    return (
      <div className="page trade-page">
        <h1>Unknown market</h1>
        <p>
          There is no market “{symbol}”. <Link to="/">See all markets</Link>
        </p>
      </div>
    );
  }
  return <TradeView key={rules.symbol} rules={rules} markets={markets.data} />;
}

function TradeView({ rules, markets }: { rules: SymbolRules; markets: SymbolRules[] }) {
  const { tokens } = useAuth();
  const signedIn = tokens !== null;
  const ticker = useTicker(rules.symbol);
  const balances = useBalances(signedIn).byAsset;
  const [picked, setPicked] = useState<{ price: string; seq: number } | undefined>(undefined);
  const [placedCount, setPlacedCount] = useState(0);

  const available = balances
    ? { base: balances.get(rules.baseAsset)?.free ?? '0', quote: balances.get(rules.quoteAsset)?.free ?? '0' }
    : undefined;

  return (
    <div className="page trade-page">
      <h1 className="sr-only">
        Trade {rules.baseAsset}/{rules.quoteAsset}
      </h1>
      <div className="trade-grid">
        <div className="area-header">
          <MarketHeader rules={rules} markets={markets} ticker={ticker} />
        </div>
        <div className="area-chart">
          <PriceChart rules={rules} />
        </div>
        <div className="area-book">
          <OrderBookPanel rules={rules} onPickPrice={(price) => setPicked((p) => ({ price, seq: (p?.seq ?? 0) + 1 }))} />
        </div>
        <div className="area-form">
          <OrderForm
            rules={rules}
            signedIn={signedIn}
            available={available}
            lastPrice={ticker?.lastPrice}
            pickedPrice={picked}
            onPlaced={() => setPlacedCount((n) => n + 1)}
          />
        </div>
        <div className="area-trades">
          <RecentTrades rules={rules} />
        </div>
        <div className="area-orders">
          {signedIn ? (
            <OrdersPanel rules={rules} refreshKey={placedCount} />
          ) : (
            <section className="panel orders-panel" aria-label="My orders">
              <p className="muted">
                <Link to={`/login?next=${encodeURIComponent(`/trade/${rules.symbol}`)}`}>Sign in to see your orders and trades</Link>
              </p>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
