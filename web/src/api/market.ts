import { publicApi, type RequestOptions } from './http';
import type { PathWith } from './operations';
import type { DepthSnapshot } from '../lib/orderBook';
import { big } from '../lib/format';

/*
 * The Binance-compatible market data the UI reads (/api/v3, docs/api.md). The OpenAPI document lists these paths but
 * not their answers (the Binance Spot API's shapes), so the answer types below are written by hand from Binance's
 * documentation; the paths are checked against the document.
 */
function marketData<T>(path: PathWith<'get'> & `/api/v3/${string}`, query?: RequestOptions['query']): Promise<T> {
  return publicApi<T>(path, { query });
}

/** A symbol of /api/v3/exchangeInfo, with its filters read into one object. */
export interface SymbolRules {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: string;
  orderTypes: string[];
  tickSize: string;
  minPrice: string;
  maxPrice: string;
  stepSize: string;
  minQty: string;
  maxQty: string;
  marketStepSize: string;
  marketMinQty: string;
  marketMaxQty: string;
  minNotional: string;
  maxNotional: string;
  applyMinToMarket: boolean;
}

interface RawSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  orderTypes: string[];
  filters: Array<Record<string, string | number | boolean>>;
}

export function rulesOf(raw: RawSymbol): SymbolRules {
  const filter = (type: string) => raw.filters.find((f) => f.filterType === type) ?? {};
  const price = filter('PRICE_FILTER');
  const lot = filter('LOT_SIZE');
  const marketLot = filter('MARKET_LOT_SIZE');
  const notional = { ...filter('MIN_NOTIONAL'), ...filter('NOTIONAL') };
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  return {
    symbol: raw.symbol,
    baseAsset: raw.baseAsset,
    quoteAsset: raw.quoteAsset,
    status: raw.status,
    orderTypes: raw.orderTypes,
    tickSize: text(price.tickSize, '0'),
    minPrice: text(price.minPrice, '0'),
    maxPrice: text(price.maxPrice, '0'),
    stepSize: text(lot.stepSize, '0'),
    minQty: text(lot.minQty, '0'),
    maxQty: text(lot.maxQty, '0'),
    marketStepSize: text(marketLot.stepSize, text(lot.stepSize, '0')),
    marketMinQty: text(marketLot.minQty, text(lot.minQty, '0')),
    marketMaxQty: text(marketLot.maxQty, text(lot.maxQty, '0')),
    minNotional: text(notional.minNotional, '0'),
    maxNotional: text(notional.maxNotional, '0'),
    applyMinToMarket: notional.applyMinToMarket === true,
  };
}

let exchangeInfo: Promise<SymbolRules[]> | null = null;

/** Every market's rules; fetched once per page load (listings change only with a server restart). */
export function loadMarkets(): Promise<SymbolRules[]> {
  exchangeInfo ??= marketData<{ symbols: RawSymbol[] }>('/api/v3/exchangeInfo')
    .then((info) => info.symbols.map(rulesOf))
    .catch((error: unknown) => {
      exchangeInfo = null;
      throw error;
    });
  return exchangeInfo;
}

export interface Ticker24h {
  symbol: string;
  lastPrice: string;
  priceChangePercent: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
  openPrice: string;
}

/** A `<symbol>@miniTicker` stream message: symbol, close, open, high, low, base and quote volume. */
export interface MiniTicker {
  s: string;
  c: string;
  o: string;
  h: string;
  l: string;
  v: string;
  q: string;
}

/** The 24-hour statistics of a miniTicker stream message, in /api/v3/ticker/24hr's names. */
export function tickerFromStream(data: MiniTicker): Ticker24h {
  const open = big(data.o);
  const change = open.gt(0) ? big(data.c).minus(open).div(open).times(100).toFixed(3) : '0';
  return {
    symbol: data.s,
    lastPrice: data.c,
    openPrice: data.o,
    highPrice: data.h,
    lowPrice: data.l,
    volume: data.v,
    quoteVolume: data.q,
    priceChangePercent: change,
  };
}

/** A kline row of /api/v3/klines: [openTime, open, high, low, close, volume, closeTime, …]. */
export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

export function loadKlines(symbol: string, interval: string, limit = 500): Promise<KlineRow[]> {
  return marketData<KlineRow[]>('/api/v3/klines', { symbol, interval, limit });
}

export function loadTicker(symbol: string): Promise<Ticker24h> {
  return marketData<Ticker24h>('/api/v3/ticker/24hr', { symbol });
}

/** The order book's snapshot for the diff-depth merge (lib/orderBook.ts). */
export function loadDepth(symbol: string, limit = 1000): Promise<DepthSnapshot> {
  return marketData<DepthSnapshot>('/api/v3/depth', { symbol, limit });
}

/** A trade of /api/v3/trades. */
export interface PublicTrade {
  id: number;
  price: string;
  qty: string;
  time: number;
  isBuyerMaker: boolean;
}

/** The latest trades, oldest first. */
export function loadTrades(symbol: string, limit: number): Promise<PublicTrade[]> {
  return marketData<PublicTrade[]>('/api/v3/trades', { symbol, limit });
}
