import type { SymbolRules } from './api/market';

/** SOLUSDT's rules as the demo server lists them (tick 0.01, lot 0.001, min notional 5): shared by the tests. */
export const solUsdtRules: SymbolRules = {
  symbol: 'SOLUSDT',
  baseAsset: 'SOL',
  quoteAsset: 'USDT',
  status: 'TRADING',
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT'],
  tickSize: '0.01000000',
  minPrice: '0.01000000',
  maxPrice: '1000000.00000000',
  stepSize: '0.00100000',
  minQty: '0.00100000',
  maxQty: '9000.00000000',
  marketStepSize: '0.00100000',
  marketMinQty: '0.00100000',
  marketMaxQty: '9000.00000000',
  minNotional: '5.00000000',
  maxNotional: '0',
  applyMinToMarket: true,
};
