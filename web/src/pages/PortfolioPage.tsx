import { useEffect, useMemo, useState } from 'react';
import { AllocationChart, type AllocationSlice } from '../components/money/AllocationChart';
import { getPnl, getStatistics, getValuation, getValueHistory, type MovementFigures } from '../api/portfolio';
import { useBalanceChanges } from '../api/useBalances';
import { ValueChart } from '../components/money/ValueChart';
import { Empty, ErrorText, Loading, Panel } from '../components/ui';
import { big, formatTime } from '../lib/format';
import { formatAssetAmount, formatSignedValue, formatValue } from '../lib/money';
import { useLoad } from '../lib/useLoad';
import './PortfolioPage.css';

/** How often the valuation is refreshed while no balance changes: prices move without a user event. */
const priceRefreshMs = 30_000;

const ranges = [
  { label: '24h', ms: 86_400_000 },
  { label: '7d', ms: 7 * 86_400_000 },
  { label: '30d', ms: 30 * 86_400_000 },
];

/** Total value, allocation, value over time, profit and loss per asset, and lifetime statistics. */
export function PortfolioPage() {
  const valuation = useLoad(getValuation, []);
  const pnl = useLoad(getPnl, []);
  const statistics = useLoad(getStatistics, []);
  const [range, setRange] = useState(ranges[2]);
  const history = useLoad(() => getValueHistory(Date.now() - range.ms), [range.ms]);

  useBalanceChanges(() => {
    valuation.reload();
    pnl.reload();
    statistics.reload();
    history.reload();
  });
  useEffect(() => {
    const timer = setInterval(() => {
      valuation.reload();
      pnl.reload();
    }, priceRefreshMs);
    return () => clearInterval(timer);
  }, [valuation.reload, pnl.reload]);

  const quote = valuation.data?.quoteAsset ?? 'USDT';
  const slices = useMemo<AllocationSlice[]>(
    () =>
      (valuation.data?.assets ?? [])
        .filter((a) => a.allocationPercent !== null && a.value !== null)
        .map((a) => ({ asset: a.asset, value: a.value as string, percent: a.allocationPercent as string }))
        .sort((a, b) => big(b.value).cmp(big(a.value))),
    [valuation.data],
  );
  const unvalued = (valuation.data?.assets ?? []).filter((a) => a.value === null && big(a.total).gt(0)).map((a) => a.asset);
  const points = useMemo(() => history.data?.points ?? [], [history.data]);
  const change = points.length >= 2 ? big(points[points.length - 1].value).minus(big(points[0].value)) : null;

  return (
    <div className="page portfolio-page">
      <h1>Portfolio</h1>
      <div className="portfolio-top">
        <Panel title="Total value" className="total-panel">
          {valuation.loading && !valuation.data && <Loading label="Valuing your holdings…" />}
          <ErrorText error={valuation.error} />
          {valuation.data && (
            <>
              <p className="total">
                <span className="num" data-testid="portfolio-total">
                  {formatValue(valuation.data.totalValue)}
                </span>{' '}
                <span className="muted">{quote}</span>
              </p>
              {change && (
                <p className={`num change ${change.gt(0) ? 'up' : change.lt(0) ? 'down' : ''}`}>
                  {formatSignedValue(change.toFixed())} {quote} <span className="muted">over {range.label}</span>
                </p>
              )}
              <p className="muted small">Valued at live prices, {formatTime(valuation.data.time)}.</p>
              <StatisticsSummary totals={statistics.data?.totals} quote={quote} realized={pnl.data?.totals.realizedPnl} unrealized={pnl.data?.totals.unrealizedPnl} />
            </>
          )}
        </Panel>
        <Panel title="Allocation" className="allocation-panel">
          {valuation.data && slices.length === 0 && <Empty>Nothing held yet.</Empty>}
          {slices.length > 0 && <AllocationChart slices={slices} quoteAsset={quote} />}
          {unvalued.length > 0 && (
            <p className="muted small" data-testid="unvalued">
              Not valued (no market price yet): {unvalued.join(', ')}.
            </p>
          )}
        </Panel>
      </div>

      <Panel
        title="Value over time"
        className="history-panel"
        actions={
          <div className="row" role="group" aria-label="Range">
            {ranges.map((r) => (
              <button key={r.label} type="button" className="subtle range" aria-pressed={r.label === range.label} onClick={() => setRange(r)}>
                {r.label}
              </button>
            ))}
          </div>
        }
      >
        <ErrorText error={history.error} />
        {history.loading && !history.data && <Loading label="Loading history…" />}
        <ValueChart points={points} label={`Total value in ${quote} over ${range.label}`} />
        {history.data && points.length < 2 && <p className="muted small">Snapshots are recorded regularly: the line grows as they come in.</p>}
      </Panel>

      <Panel title="Profit and loss" className="pnl-panel">
        {pnl.loading && !pnl.data && <Loading label="Working out profit and loss…" />}
        <ErrorText error={pnl.error} />
        {pnl.data && (
          <div className="table-scroll">
            <table data-testid="portfolio-pnl">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col" className="num">Quantity</th>
                  <th scope="col" className="num">Average cost</th>
                  <th scope="col" className="num">Price</th>
                  <th scope="col" className="num">Value</th>
                  <th scope="col" className="num">Unrealized</th>
                  <th scope="col" className="num">Realized</th>
                </tr>
              </thead>
              <tbody>
                {pnl.data.assets.map((a) => (
                  <tr key={a.asset} data-testid={`pnl-${a.asset}`}>
                    <th scope="row">{a.asset}</th>
                    <td className="num">{formatAssetAmount(a.quantity)}</td>
                    <td className="num">{formatValue(a.averageCost)}</td>
                    <td className="num">{formatValue(a.price)}</td>
                    <td className="num">{formatValue(a.value)}</td>
                    <td className={`num ${tone(a.unrealizedPnl)}`}>{formatSignedValue(a.unrealizedPnl)}</td>
                    <td className={`num ${tone(a.realizedPnl)}`}>{formatSignedValue(a.realizedPnl)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total ({quote})</th>
                  <td />
                  <td />
                  <td />
                  <td className="num">{formatValue(pnl.data.totals.value)}</td>
                  <td className={`num ${tone(pnl.data.totals.unrealizedPnl)}`}>{formatSignedValue(pnl.data.totals.unrealizedPnl)}</td>
                  <td className={`num ${tone(pnl.data.totals.realizedPnl)}`}>{formatSignedValue(pnl.data.totals.realizedPnl)}</td>
                </tr>
              </tfoot>
            </table>
            {pnl.data.assets.length === 0 && <Empty>No holdings yet.</Empty>}
          </div>
        )}
      </Panel>

      <Panel title="Statistics" className="statistics-panel">
        {statistics.loading && !statistics.data && <Loading label="Loading statistics…" />}
        <ErrorText error={statistics.error} />
        {statistics.data && (
          <div className="table-scroll">
            <table data-testid="portfolio-statistics">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  {figureNames.map((f) => (
                    <th key={f.key} scope="col" className="num">
                      {f.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {statistics.data.assets.map((a) => (
                  <tr key={a.asset}>
                    <th scope="row">{a.asset}</th>
                    {figureNames.map((f) => (
                      <td key={f.key} className="num">
                        {formatAssetAmount(a.amounts[f.key] ?? '0')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total ({quote})</th>
                  {figureNames.map((f) => (
                    <td key={f.key} className="num">
                      {formatValue(statistics.data?.totals[f.key])}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
            {statistics.data.assets.length === 0 && <Empty>No deposits, transfers or rewards yet.</Empty>}
          </div>
        )}
      </Panel>
    </div>
  );
}

const figureNames: Array<{ key: keyof MovementFigures; label: string }> = [
  { key: 'deposits', label: 'Deposits' },
  { key: 'withdrawals', label: 'Withdrawals' },
  { key: 'transfersIn', label: 'Received' },
  { key: 'transfersOut', label: 'Sent' },
  { key: 'stakingRewards', label: 'Staking rewards' },
  { key: 'fees', label: 'Fees' },
];

function tone(value: string | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  const v = big(value);
  return v.gt(0) ? 'up' : v.lt(0) ? 'down' : '';
}

function StatisticsSummary({ totals, quote, realized, unrealized }: { totals?: MovementFigures; quote: string; realized?: string; unrealized?: string }) {
  return (
    <dl className="summary">
      <dt>Unrealized PnL</dt>
      <dd className={`num ${tone(unrealized)}`}>{formatSignedValue(unrealized)}</dd>
      <dt>Realized PnL</dt>
      <dd className={`num ${tone(realized)}`}>{formatSignedValue(realized)}</dd>
      <dt>Staking rewards</dt>
      <dd className="num">{formatValue(totals?.stakingRewards)}</dd>
      <dt>Fees paid</dt>
      <dd className="num">{formatValue(totals?.fees)}</dd>
      <dt className="sr-only">Figures in</dt>
      <dd className="sr-only">{quote}</dd>
    </dl>
  );
}
