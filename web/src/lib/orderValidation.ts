import Big from 'big.js';
import type { SymbolRules } from '../api/market';
import { big, floorToStep, formatTrimmed, isDecimal } from './format';

/**
 * The order form's rules, checked before anything is sent: the same exchange filters the server applies (PRICE_FILTER
 * tick and bounds, LOT_SIZE / MARKET_LOT_SIZE step and bounds, NOTIONAL) plus the available balance, each failure
 * worded for the field it belongs to. Pure: the form renders the messages and sends `request` only when there are none.
 */
export type OrderKind = 'limit' | 'market' | 'stop-limit' | 'post-only';
export type OrderSide = 'BUY' | 'SELL';

export interface OrderInput {
  side: OrderSide;
  kind: OrderKind;
  price: string;
  amount: string;
  stopPrice: string;
  /**
   * A market buy that spends this much of the quote asset (sent as quoteQuantity): then `amount` is only an estimate at
   * the last price, and the quote amount is what is judged against the balance and the minimum order value.
   */
  quoteQuantity?: string;
}

export interface OrderContext {
  rules: SymbolRules;
  /** Free balances of the market's base and quote asset; undefined while unknown (no balance check then). */
  available?: { base: string; quote: string };
  /** The last trade price, to estimate what a market order costs. */
  lastPrice?: string;
}

/** The body of POST /api/v1/orders (without clientOrderId, which the form adds per attempt). */
export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  type: 'LIMIT' | 'MARKET' | 'STOP_LOSS_LIMIT' | 'LIMIT_MAKER';
  timeInForce?: 'GTC';
  /** Exactly one of quantity (base) and quoteQuantity (a market buy by the quote amount to spend) is present. */
  quantity?: string;
  quoteQuantity?: string;
  price?: string;
  stopPrice?: string;
}

export interface OrderErrors {
  price?: string;
  amount?: string;
  stopPrice?: string;
}

export interface Validation {
  errors: OrderErrors;
  /** Present only when nothing failed. */
  request?: OrderRequest;
}

export const orderTypeOf: Record<OrderKind, OrderRequest['type']> = {
  limit: 'LIMIT',
  market: 'MARKET',
  'stop-limit': 'STOP_LOSS_LIMIT',
  'post-only': 'LIMIT_MAKER',
};

export function needsPrice(kind: OrderKind): boolean {
  return kind !== 'market';
}

/** A number for a message: "0.01", "5", "9,000". */
function shown(value: string | Big): string {
  return formatTrimmed(value instanceof Big ? value : big(value), 8, 0);
}

function isMultiple(value: Big, step: string, from: string): boolean {
  const s = big(step);
  if (s.lte(0)) {
    return true;
  }
  return value.minus(big(from)).mod(s).eq(0);
}

function checkPrice(text: string, rules: SymbolRules, label: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) {
    return `Enter a ${label.toLowerCase()}`;
  }
  if (!isDecimal(trimmed)) {
    return `${label} must be a number`;
  }
  const value = big(trimmed);
  if (value.lte(0)) {
    return `${label} must be above 0`;
  }
  if (big(rules.minPrice).gt(0) && value.lt(big(rules.minPrice))) {
    return `${label} must be at least ${shown(rules.minPrice)}`;
  }
  if (big(rules.maxPrice).gt(0) && value.gt(big(rules.maxPrice))) {
    return `${label} must be at most ${shown(rules.maxPrice)}`;
  }
  if (!isMultiple(value, rules.tickSize, big(rules.minPrice).gt(0) ? rules.minPrice : '0')) {
    return `${label} must be a multiple of ${shown(rules.tickSize)}`;
  }
  return undefined;
}

/**
 * A market buy by the quote amount to spend: the server fills what that amount buys, so the lot rules do not apply to
 * the estimated base amount (which moves with every trade); the spend itself must fit the balance and the minimum value.
 */
function validateQuoteBuy(quoteText: string, context: OrderContext): Validation {
  const { rules } = context;
  const quote = quoteText.trim();
  let error: string | undefined;
  if (!isDecimal(quote) || big(quote).lte(0)) {
    error = 'Amount must be above 0';
  } else if (context.available && big(quote).gt(big(context.available.quote))) {
    error = `Not enough ${rules.quoteAsset}: ${shown(context.available.quote)} available`;
  } else if (rules.applyMinToMarket && big(rules.minNotional).gt(0) && big(quote).lt(big(rules.minNotional))) {
    error = `Order value must be at least ${shown(rules.minNotional)} ${rules.quoteAsset}`;
  }
  if (error) {
    return { errors: { amount: error } };
  }
  return { errors: {}, request: { symbol: rules.symbol, side: 'BUY', type: 'MARKET', quoteQuantity: big(quote).toFixed() } };
}

/** Checks an order against the market's filters and the balance; `request` is the body to send when it passes. */
export function validateOrder(input: OrderInput, context: OrderContext): Validation {
  const { rules } = context;
  if (input.quoteQuantity !== undefined && input.side === 'BUY' && input.kind === 'market') {
    return validateQuoteBuy(input.quoteQuantity, context);
  }
  const errors: OrderErrors = {};
  const market = input.kind === 'market';

  if (needsPrice(input.kind)) {
    errors.price = checkPrice(input.price, rules, 'Price');
  }
  if (input.kind === 'stop-limit') {
    errors.stopPrice = checkPrice(input.stopPrice, rules, 'Stop price');
  }

  const step = market ? rules.marketStepSize : rules.stepSize;
  const minQty = market ? rules.marketMinQty : rules.minQty;
  const maxQty = market ? rules.marketMaxQty : rules.maxQty;
  const amountText = input.amount.trim();
  if (!amountText) {
    errors.amount = 'Enter an amount';
  } else if (!isDecimal(amountText)) {
    errors.amount = 'Amount must be a number';
  } else {
    const amount = big(amountText);
    if (amount.lte(0)) {
      errors.amount = 'Amount must be above 0';
    } else if (big(minQty).gt(0) && amount.lt(big(minQty))) {
      errors.amount = `Amount must be at least ${shown(minQty)} ${rules.baseAsset}`;
    } else if (big(maxQty).gt(0) && amount.gt(big(maxQty))) {
      errors.amount = `Amount must be at most ${shown(maxQty)} ${rules.baseAsset}`;
    } else if (!isMultiple(amount, step, big(minQty).gt(0) ? minQty : '0')) {
      errors.amount = `Amount must be a multiple of ${shown(step)} ${rules.baseAsset}`;
    } else {
      // The price the order's value is judged at: its limit price, or the last trade for a market order.
      // A market without trades has no last price ("0"): then only the server can judge the value.
      const price = market ? context.lastPrice : errors.price ? undefined : input.price.trim();
      const value = price && isDecimal(price) && big(price).gt(0) ? amount.times(big(price)) : undefined;
      const checkNotional = !market || rules.applyMinToMarket;
      if (value && checkNotional && big(rules.minNotional).gt(0) && value.lt(big(rules.minNotional))) {
        errors.amount = `Order value must be at least ${shown(rules.minNotional)} ${rules.quoteAsset}`;
      } else if (value && checkNotional && big(rules.maxNotional).gt(0) && value.gt(big(rules.maxNotional))) {
        errors.amount = `Order value must be at most ${shown(rules.maxNotional)} ${rules.quoteAsset}`;
      } else if (context.available) {
        if (input.side === 'SELL' && amount.gt(big(context.available.base))) {
          errors.amount = `Not enough ${rules.baseAsset}: ${shown(context.available.base)} available`;
        } else if (input.side === 'BUY' && value && value.gt(big(context.available.quote))) {
          errors.amount = `Not enough ${rules.quoteAsset}: ${shown(context.available.quote)} available`;
        }
      }
    }
  }

  const failed = Object.fromEntries(Object.entries(errors).filter(([, message]) => message)) as OrderErrors;
  if (Object.keys(failed).length > 0) {
    return { errors: failed };
  }
  const request: OrderRequest = {
    symbol: rules.symbol,
    side: input.side,
    type: orderTypeOf[input.kind],
    quantity: big(amountText).toFixed(),
  };
  if (input.kind === 'limit' || input.kind === 'stop-limit') {
    request.timeInForce = 'GTC';
  }
  if (needsPrice(input.kind)) {
    request.price = big(input.price.trim()).toFixed();
  }
  if (input.kind === 'stop-limit') {
    request.stopPrice = big(input.stopPrice.trim()).toFixed();
  }
  return { errors: {}, request };
}

/**
 * The amount a percent button fills in: that share of the available balance, in the base asset, rounded down to the
 * lot step. A buy spends quote at the entered price (the last price for a market order); undefined when there is no
 * price to convert at or no balance known.
 */
export function amountForPercent(percent: number, input: Pick<OrderInput, 'side' | 'kind' | 'price'>, context: OrderContext): string | undefined {
  if (!context.available) {
    return undefined;
  }
  const market = input.kind === 'market';
  const step = market ? context.rules.marketStepSize : context.rules.stepSize;
  const share = new Big(percent).div(100);
  if (input.side === 'SELL') {
    return floorToStep(big(context.available.base).times(share), step);
  }
  const price = market ? context.lastPrice : input.price.trim();
  if (!price || !isDecimal(price) || big(price).lte(0)) {
    return undefined;
  }
  return floorToStep(big(context.available.quote).times(share).div(big(price)), step);
}
