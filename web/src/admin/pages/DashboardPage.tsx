import { Link } from 'react-router-dom';
import { admin, can, type MarketStatus } from '../../api/admin';
import { Empty, ErrorText, Loading, Panel } from '../../components/ui';
import { formatTrimmed } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useOperator } from '../AdminArea';

const statusLabels: Record<MarketStatus, string> = {
  TRADING: 'Trading',
  HALTED: 'Halted',
  CANCEL_ONLY: 'Cancel only',
  DELISTED: 'Delisted',
};

export function statusLabel(status: string): string {
  return statusLabels[status as MarketStatus] ?? status;
}

/** The back office's first page: accounts, proposals waiting, 24 h activity per market, fees earned, reconciliation. */
export function DashboardPage() {
  const me = useOperator();
  const dashboard = useLoad(admin.dashboard, []);
  const data = dashboard.data;
  // Net operator adjustments, once the reconciliation rows carry them.
  const adjusted = data?.reconciliation.assets.some((row) => row.adjustments !== undefined) ?? false;
  return (
    <div className="page admin-page">
      <h1>Dashboard</h1>
      {dashboard.loading && !data && <Loading />}
      <ErrorText error={dashboard.error} />
      {data && (
        <>
          <dl className="admin-figures">
            <div>
              <dt>Accounts</dt>
              <dd className="num" data-testid="dashboard-users">
                {data.users}
              </dd>
            </div>
            <div>
              <dt>Pending proposals</dt>
              <dd className="num" data-testid="dashboard-pending">
                {can(me, 'adjustmentsPropose') || can(me, 'adjustmentsApprove') ? (
                  <Link to="/admin/proposals">{data.pendingProposals}</Link>
                ) : (
                  data.pendingProposals
                )}
              </dd>
            </div>
            <div>
              <dt>Reconciliation</dt>
              <dd data-testid="dashboard-reconciliation" className={data.reconciliation.balanced ? 'up' : 'down'}>
                {data.reconciliation.balanced ? 'Balanced' : 'NOT balanced'}
              </dd>
            </div>
          </dl>
          <div className="grid">
            <Panel title="Markets (24 h)">
              {data.markets.length === 0 ? (
                <Empty>No markets listed yet.</Empty>
              ) : (
                <div className="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Market</th>
                        <th scope="col">Status</th>
                        <th scope="col" className="num">
                          Volume (quote)
                        </th>
                        <th scope="col" className="num">
                          Trades
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.markets.map((m) => (
                        <tr key={m.symbol} data-testid={`dashboard-market-${m.symbol}`}>
                          <th scope="row">{m.symbol}</th>
                          <td>
                            <span className={`status-pill status-${m.status.toLowerCase()}`}>{statusLabel(m.status)}</span>
                          </td>
                          <td className="num">{formatTrimmed(m.volume24h, 8, 2)}</td>
                          <td className="num">{m.trades24h}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Panel>
            <Panel title="Fees earned">
              {data.feesEarned.length === 0 ? (
                <Empty>No fees yet.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Asset</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.feesEarned.map((f) => (
                      <tr key={f.asset}>
                        <th scope="row">{f.asset}</th>
                        <td className="num">{formatTrimmed(f.amount, 18, 2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>
          </div>
          <Panel title="Reconciliation" className="admin-section">
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Asset</th>
                    <th scope="col" className="num">
                      Supply
                    </th>
                    <th scope="col" className="num">
                      Held
                    </th>
                    <th scope="col" className="num">
                      Fee account
                    </th>
                    {adjusted && (
                      <th scope="col" className="num">
                        Adjustments
                      </th>
                    )}
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {data.reconciliation.assets.map((row) => (
                    <tr key={row.asset}>
                      <th scope="row">{row.asset}</th>
                      <td className="num">{formatTrimmed(row.supply, 18, 2)}</td>
                      <td className="num">{formatTrimmed(row.held, 18, 2)}</td>
                      <td className="num">{formatTrimmed(row.feeAccount, 18, 2)}</td>
                      {adjusted && <td className="num">{formatTrimmed(row.adjustments ?? '0', 18, 2)}</td>}
                      <td className={row.balanced ? 'up' : 'down'}>
                        {row.balanced ? 'Balanced' : `NOT balanced${row.negativeBalances ? ` (${row.negativeBalances} negative)` : ''}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
        </>
      )}
    </div>
  );
}
