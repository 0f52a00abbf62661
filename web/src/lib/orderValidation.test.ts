import { describe, expect, it } from 'vitest';
import { solUsdtRules as solRules } from '../test-fixtures';
import { amountForPercent, validateOrder, type OrderInput } from './orderValidation';


const limitBuy: OrderInput = { side: 'BUY', kind: 'limit', price: '180.50', amount: '1.5', stopPrice: '' };
const context = { rules: solRules, available: { base: '10', quote: '1000' }, lastPrice: '180' };

describe('validateOrder', () => {
  it('builds the request of a valid limit order', () => {
    expect(validateOrder(limitBuy, context)).toEqual({
      errors: {},
      request: { symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '180.5', quantity: '1.5' },
    });
  });

  it('maps every kind to its order type and fields', () => {
    expect(validateOrder({ ...limitBuy, kind: 'market' }, context).request).toEqual({
      symbol: 'SOLUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '1.5',
    });
    expect(validateOrder({ ...limitBuy, kind: 'post-only' }, context).request).toEqual({
      symbol: 'SOLUSDT',
      side: 'BUY',
      type: 'LIMIT_MAKER',
      price: '180.5',
      quantity: '1.5',
    });
    expect(validateOrder({ ...limitBuy, side: 'SELL', kind: 'stop-limit', stopPrice: '181' }, context).request).toEqual({
      symbol: 'SOLUSDT',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: '180.5',
      stopPrice: '181',
      quantity: '1.5',
    });
  });

  it('asks for the fields the kind needs', () => {
    expect(validateOrder({ ...limitBuy, price: '', amount: '' }, context).errors).toEqual({
      price: 'Enter a price',
      amount: 'Enter an amount',
    });
    expect(validateOrder({ ...limitBuy, kind: 'stop-limit' }, context).errors).toEqual({ stopPrice: 'Enter a stop price' });
    expect(validateOrder({ ...limitBuy, kind: 'market', price: '' }, context).errors).toEqual({});
  });

  it('refuses prices off the tick or out of bounds', () => {
    expect(validateOrder({ ...limitBuy, price: '180.505' }, context).errors.price).toBe('Price must be a multiple of 0.01');
    expect(validateOrder({ ...limitBuy, price: '0' }, context).errors.price).toBe('Price must be above 0');
    expect(validateOrder({ ...limitBuy, price: '0.001' }, context).errors.price).toBe('Price must be at least 0.01');
    expect(validateOrder({ ...limitBuy, price: '2000000' }, context).errors.price).toBe('Price must be at most 1,000,000');
    expect(validateOrder({ ...limitBuy, price: '1e3' }, context).errors.price).toBe('Price must be a number');
    expect(validateOrder({ ...limitBuy, kind: 'stop-limit', stopPrice: '1.001' }, context).errors.stopPrice).toBe(
      'Stop price must be a multiple of 0.01',
    );
  });

  it('refuses amounts off the lot step or below the minimum', () => {
    expect(validateOrder({ ...limitBuy, amount: '0.0001' }, context).errors.amount).toBe('Amount must be at least 0.001 SOL');
    expect(validateOrder({ ...limitBuy, amount: '1.0005' }, context).errors.amount).toBe('Amount must be a multiple of 0.001 SOL');
    expect(validateOrder({ ...limitBuy, amount: '9001' }, { rules: solRules }).errors.amount).toBe('Amount must be at most 9,000 SOL');
    expect(validateOrder({ ...limitBuy, amount: '-1' }, context).errors.amount).toBe('Amount must be a number');
  });

  it('refuses an order worth less than the minimum notional', () => {
    // 0.02 SOL at 180.50 is 3.61 USDT, under the 5 USDT minimum.
    expect(validateOrder({ ...limitBuy, amount: '0.02' }, context).errors.amount).toBe('Order value must be at least 5 USDT');
    expect(validateOrder({ ...limitBuy, amount: '0.028' }, context).errors).toEqual({});
    // A market order is judged at the last price when the rule applies to market orders.
    expect(validateOrder({ ...limitBuy, kind: 'market', amount: '0.02' }, context).errors.amount).toBe(
      'Order value must be at least 5 USDT',
    );
    expect(validateOrder({ ...limitBuy, kind: 'market', amount: '0.02' }, { ...context, rules: { ...solRules, applyMinToMarket: false } }).errors).toEqual({});
    // No trade yet, so no price to judge a market order by: the server decides.
    expect(validateOrder({ ...limitBuy, kind: 'market', amount: '0.02' }, { ...context, lastPrice: '0.00000000' }).errors).toEqual({});
  });

  it('refuses more than the available balance of the side', () => {
    expect(validateOrder({ ...limitBuy, amount: '6' }, context).errors.amount).toBe('Not enough USDT: 1,000 available');
    expect(validateOrder({ ...limitBuy, side: 'SELL', amount: '10.001' }, context).errors.amount).toBe('Not enough SOL: 10 available');
    expect(validateOrder({ ...limitBuy, side: 'SELL', amount: '10' }, context).errors).toEqual({});
    // Unknown balance (signed out or still loading): no balance check, the server decides.
    expect(validateOrder({ ...limitBuy, amount: '6' }, { rules: solRules }).errors).toEqual({});
  });
});

describe('amountForPercent', () => {
  it('sells a share of the base balance, rounded down to the step', () => {
    expect(amountForPercent(25, { side: 'SELL', kind: 'limit', price: '' }, { ...context, available: { base: '1.2345', quote: '0' } })).toBe('0.308');
    expect(amountForPercent(100, { side: 'SELL', kind: 'market', price: '' }, context)).toBe('10.000');
  });

  it('buys what a share of the quote balance pays for at the price', () => {
    expect(amountForPercent(50, { side: 'BUY', kind: 'limit', price: '180.50' }, context)).toBe('2.770');
    expect(amountForPercent(100, { side: 'BUY', kind: 'market', price: '' }, context)).toBe('5.555');
    expect(amountForPercent(50, { side: 'BUY', kind: 'limit', price: '' }, context)).toBeUndefined();
    expect(amountForPercent(50, { side: 'BUY', kind: 'limit', price: '180' }, { rules: solRules })).toBeUndefined();
  });
});

describe('validateOrder for a market buy by the quote amount to spend', () => {
  const marketBuy: OrderInput = { side: 'BUY', kind: 'market', price: '', amount: '5.555', stopPrice: '', quoteQuantity: '1000.00' };

  it('judges the quote amount, not the estimate at the last price, and sends quoteQuantity alone', () => {
    // 5.555 SOL at a last price of 180.05 would be 1,000.18 USDT: more than the 1,000 available, but the order spends 1,000.
    expect(validateOrder(marketBuy, { ...context, available: { base: '0', quote: '1000' }, lastPrice: '180.05' })).toEqual({
      errors: {},
      request: { symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quoteQuantity: '1000' },
    });
  });

  it('applies no lot or minimum quantity check to the estimated amount', () => {
    expect(validateOrder({ ...marketBuy, amount: '0.0001234', quoteQuantity: '6' }, context).request).toEqual({
      symbol: 'SOLUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteQuantity: '6',
    });
  });

  it('refuses a quote amount that is zero, above the balance or below the minimum order value', () => {
    expect(validateOrder({ ...marketBuy, quoteQuantity: '0' }, context)).toEqual({ errors: { amount: 'Amount must be above 0' } });
    expect(validateOrder({ ...marketBuy, quoteQuantity: '1000.01' }, context).errors.amount).toBe('Not enough USDT: 1,000 available');
    expect(validateOrder({ ...marketBuy, quoteQuantity: '4.99' }, context).errors.amount).toBe('Order value must be at least 5 USDT');
    expect(validateOrder({ ...marketBuy, quoteQuantity: '4.99' }, { ...context, rules: { ...solRules, applyMinToMarket: false } }).request).toEqual({
      symbol: 'SOLUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteQuantity: '4.99',
    });
  });

  it('ignores a quote amount on anything but a market buy', () => {
    expect(validateOrder({ ...marketBuy, side: 'SELL', amount: '1' }, context).request).toEqual({ symbol: 'SOLUSDT', side: 'SELL', type: 'MARKET', quantity: '1' });
    expect(validateOrder({ ...limitBuy, quoteQuantity: '100' }, context).request?.quoteQuantity).toBeUndefined();
  });
});
