/** The /api/v1 trading shapes the trade page reads (docs/api.md, "Platform API: trading"). Amounts are decimal strings. */
export interface PlatformOrder {
  orderId: number;
  symbol: string;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  timeInForce: string;
  status: string;
  price: string;
  quantity: string;
  executedQuantity: string;
  executedQuoteQuantity: string;
  quoteQuantity: string;
  stopPrice?: string | null;
  createdAt?: number | null;
  updatedAt?: number | null;
}

export interface PlatformTrade {
  tradeId: number;
  orderId: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: string;
  quantity: string;
  quoteQuantity: string;
  commission: string;
  commissionAsset: string;
  maker: boolean;
  time: number;
}

export interface PlatformBalance {
  asset: string;
  free: string;
  locked: string;
  staked: string;
}

const typeNames: Record<string, string> = {
  LIMIT: 'Limit',
  MARKET: 'Market',
  STOP_LOSS_LIMIT: 'Stop-limit',
  TAKE_PROFIT_LIMIT: 'Take-profit limit',
  LIMIT_MAKER: 'Post-only',
  STOP_LOSS: 'Stop',
  TAKE_PROFIT: 'Take-profit',
};

/** "Stop-limit" for STOP_LOSS_LIMIT: the names the order form uses. */
export function orderTypeName(type: string): string {
  return typeNames[type] ?? type;
}

/** "Partially filled" for PARTIALLY_FILLED. */
export function statusName(status: string): string {
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
