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
