import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { cancelAllOrders, cancelOrder, getOpenOrders, getOrderHistory, getTrades, type PlatformOrder, type PlatformTrade } from '../../api/orders';
import type { SymbolRules } from '../../api/market';
import { useUserEvents } from '../../api/useStreams';
import { formatTime, formatTrimmed } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { usePagedList, type Paged } from '../../lib/usePagedList';
import { Button, Empty, ErrorText, Loading } from '../ui';
import { orderTypeName, statusName } from './orderNames';

type Tab = 'open' | 'orders' | 'trades';

const tabs: Array<{ tab: Tab; label: string }> = [
  { tab: 'open', label: 'Open orders' },
  { tab: 'orders', label: 'Order history' },
  { tab: 'trades', label: 'Trade history' },
];

const pageSize = 50;

/**
 * The user's open orders (cancel one, cancel all), order history and trade history in this market; all three reload
 * when the user stream reports an execution in the market (and after a reconnect), so they follow fills live.
 */
export function OrdersPanel({ rules, refreshKey }: { rules: SymbolRules; refreshKey?: number }) {
  const [tab, setTab] = useState<Tab>('open');
  const symbol = rules.symbol;
  const open = useLoad(() => getOpenOrders(symbol), [symbol]);
  const orders = usePagedList<PlatformOrder>((cursor) =>
    getOrderHistory({ symbol, limit: pageSize, cursor }).then((page) => ({
      rows: page.orders,
      nextCursor: page.nextCursor ?? undefined,
    })),
  (o) => o.orderId,
  [symbol]);
  const trades = usePagedList<PlatformTrade>((cursor) =>
    getTrades({ symbol, limit: pageSize, cursor }).then((page) => ({
      rows: page.trades,
      nextCursor: page.nextCursor ?? undefined,
    })),
  (t) => t.tradeId,
  [symbol]);

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadAll = () => {
    if (pending.current) {
      return;
    }
    // One reload for a burst of executions (an order filling against many levels).
    pending.current = setTimeout(() => {
      pending.current = null;
      open.reload();
      orders.reload();
      trades.reload();
    }, 100);
  };
  useEffect(
    () => () => {
      if (pending.current) {
        clearTimeout(pending.current);
      }
    },
    [],
  );
  useEffect(() => {
    if (refreshKey) {
      reloadAll();
    }
  }, [refreshKey]);

  useUserEvents((event) => {
    if (event.e === 'executionReport' && event.s === symbol) {
      reloadAll();
    }
  }, reloadAll);

  const [cancelling, setCancelling] = useState<number | 'all' | null>(null);
  const [cancelError, setCancelError] = useState<{ id: number | 'all'; error: unknown } | null>(null);

  const cancel = async (id: number | 'all') => {
    setCancelling(id);
    setCancelError(null);
    try {
      if (id === 'all') {
        await cancelAllOrders(symbol);
      } else {
        await cancelOrder(symbol, id);
      }
      reloadAll();
    } catch (error) {
      setCancelError({ id, error });
    } finally {
      setCancelling(null);
    }
  };

  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      event.preventDefault();
      const next = (index + step + tabs.length) % tabs.length;
      setTab(tabs[next].tab);
      tabRefs.current[next]?.focus();
    }
  };

  const openCount = open.data?.length ?? 0;
  return (
    <section className="panel orders-panel" aria-label="My orders">
      <div className="orders-header">
        <div className="tabs" role="tablist" aria-label="My orders and trades">
          {tabs.map((t, index) => (
            <button
              key={t.tab}
              ref={(element) => {
                tabRefs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`orders-tab-${t.tab}`}
              aria-controls={`orders-panel-${t.tab}`}
              aria-selected={tab === t.tab}
              tabIndex={tab === t.tab ? 0 : -1}
              onClick={() => setTab(t.tab)}
              onKeyDown={(e) => onTabKey(e, index)}
            >
              {t.label}
              {t.tab === 'open' && openCount > 0 ? ` (${openCount})` : ''}
            </button>
          ))}
        </div>
        {tab === 'open' && openCount > 0 && (
          <div className="cancel-all">
            <Button type="button" className="button subtle" busy={cancelling === 'all'} onClick={() => void cancel('all')}>
              Cancel all
            </Button>
            {cancelError?.id === 'all' && <ErrorText error={cancelError.error} />}
          </div>
        )}
      </div>

      {tab === 'open' && (
        <div role="tabpanel" id="orders-panel-open" aria-labelledby="orders-tab-open">
          {open.loading && !open.data && <Loading />}
          <ErrorText error={open.error} />
          {open.data && open.data.length === 0 && <Empty>No open orders.</Empty>}
          {open.data && open.data.length > 0 && (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Side</th>
                    <th scope="col">Type</th>
                    <th scope="col" className="num">Price</th>
                    <th scope="col" className="num">Stop</th>
                    <th scope="col" className="num">Amount</th>
                    <th scope="col" className="num">Filled</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {open.data.map((o) => (
                    <tr key={o.orderId} data-testid="open-order">
                      <td className="muted nowrap">{o.createdAt ? formatTime(o.createdAt) : '—'}</td>
                      <td className={o.side === 'BUY' ? 'buy' : 'sell'}>{o.side === 'BUY' ? 'Buy' : 'Sell'}</td>
                      <td>{orderTypeName(o.type)}</td>
                      <td className="num">{formatTrimmed(o.price, 8, 2)}</td>
                      <td className="num">{o.stopPrice && Number(o.stopPrice) > 0 ? formatTrimmed(o.stopPrice, 8, 2) : '—'}</td>
                      <td className="num">{formatTrimmed(o.quantity, 8, 3)}</td>
                      <td className="num">{formatTrimmed(o.executedQuantity, 8, 3)}</td>
                      <td>
                        <Button
                          type="button"
                          className="button link"
                          busy={cancelling === o.orderId}
                          onClick={() => void cancel(o.orderId)}
                        >
                          Cancel
                        </Button>
                        {cancelError?.id === o.orderId && <ErrorText error={cancelError.error} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}

      {tab === 'orders' && (
        <div role="tabpanel" id="orders-panel-orders" aria-labelledby="orders-tab-orders">
          <PagedTable
            paged={orders}
            empty="No orders yet."
            head={['Time', 'Side', 'Type', 'Price', 'Amount', 'Filled', 'Status']}
            numeric={[3, 4, 5]}
            row={(o) => (
              <tr key={o.orderId} data-testid="history-order">
                <td className="muted nowrap">{o.createdAt ? formatTime(o.createdAt) : '—'}</td>
                <td className={o.side === 'BUY' ? 'buy' : 'sell'}>{o.side === 'BUY' ? 'Buy' : 'Sell'}</td>
                <td>{orderTypeName(o.type)}</td>
                <td className="num">{o.type === 'MARKET' ? 'Market' : formatTrimmed(o.price, 8, 2)}</td>
                <td className="num">{formatTrimmed(o.quantity, 8, 3)}</td>
                <td className="num">{formatTrimmed(o.executedQuantity, 8, 3)}</td>
                <td>{statusName(o.status)}</td>
              </tr>
            )}
          />
        </div>
      )}

      {tab === 'trades' && (
        <div role="tabpanel" id="orders-panel-trades" aria-labelledby="orders-tab-trades">
          <PagedTable
            paged={trades}
            empty="No trades yet."
            head={['Time', 'Side', 'Price', 'Amount', 'Total', 'Fee', 'Role']}
            numeric={[2, 3, 4, 5]}
            row={(t) => (
              <tr key={t.tradeId} data-testid="my-trade">
                <td className="muted nowrap">{formatTime(t.time)}</td>
                <td className={t.side === 'BUY' ? 'buy' : 'sell'}>{t.side === 'BUY' ? 'Buy' : 'Sell'}</td>
                <td className="num">{formatTrimmed(t.price, 8, 2)}</td>
                <td className="num">{formatTrimmed(t.quantity, 8, 3)}</td>
                <td className="num">{formatTrimmed(t.quoteQuantity, 8, 2)}</td>
                <td className="num">
                  {formatTrimmed(t.commission, 8, 2)} <span className="muted">{t.commissionAsset}</span>
                </td>
                <td>{t.maker ? 'Maker' : 'Taker'}</td>
              </tr>
            )}
          />
        </div>
      )}
    </section>
  );
}

function PagedTable<T>({
  paged,
  empty,
  head,
  numeric,
  row,
}: {
  paged: Paged<T>;
  empty: string;
  head: string[];
  numeric: number[];
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      {paged.loading && !paged.rows && <Loading />}
      <ErrorText error={paged.error} />
      {paged.rows && paged.rows.length === 0 && <Empty>{empty}</Empty>}
      {paged.rows && paged.rows.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {head.map((h, i) => (
                  <th key={h} scope="col" className={numeric.includes(i) ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{paged.rows.map(row)}</tbody>
          </table>
        </div>
      )}
      {paged.hasMore && (
        <div className="row load-more">
          <Button type="button" className="button subtle" busy={paged.loadingMore} onClick={paged.loadMore}>
            Load more
          </Button>
          <ErrorText error={paged.moreError} />
        </div>
      )}
    </>
  );
}
