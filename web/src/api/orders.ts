import { call, callWithHeaders, type Schemas, type Sendable } from './operations';

/** The platform API's trading (docs/api.md, "Platform API: trading"). Amounts are decimal strings. */
export type PlatformOrder = Schemas['PlatformOrder'];
export type PlatformTrade = Schemas['PlatformTrade'];
export type OrderPage = Schemas['OrderPage'];
export type TradePage = Schemas['TradePage'];
export type PlaceOrderRequest = Schemas['PlaceOrderRequest'];

/** An order as sent (lib/orderValidation builds it) with its idempotency key: the same one again after an uncertain failure (AttemptReference). */
export type NewOrder = Sendable<PlaceOrderRequest> & { clientOrderId: string };

/** Places an order; `headers` tell a replayed answer (isReplayed) from a new order. */
export function placeOrder(order: NewOrder): Promise<{ body: PlatformOrder; headers: Headers }> {
  return callWithHeaders('post', '/api/v1/orders', { body: order });
}

export function getOpenOrders(symbol: string): Promise<PlatformOrder[]> {
  return call('get', '/api/v1/orders/open', { query: { symbol } });
}

export function getOrderHistory(query: { symbol: string; limit: number; cursor?: string }): Promise<OrderPage> {
  return call('get', '/api/v1/orders/history', { query });
}

export function getTrades(query: { symbol: string; limit: number; cursor?: string }): Promise<TradePage> {
  return call('get', '/api/v1/trades', { query });
}

export function cancelOrder(symbol: string, orderId: number): Promise<void> {
  return call('delete', '/api/v1/orders/{orderId}', { path: { orderId }, query: { symbol } }).then(() => undefined);
}

export function cancelAllOrders(symbol: string): Promise<void> {
  return call('delete', '/api/v1/orders', { query: { symbol } }).then(() => undefined);
}
