// CCXT's unified REST methods against a real Bourse server, configured as the Binance-compat spec's section 5 says.
// Each market is used by one group only, so groups do not see each other's orders and trades.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ccxt from 'ccxt';
import { startServer } from './lib/server.mjs';
import { restClient } from './lib/exchange.mjs';

const { Precise } = ccxt;

let server;
let anonymous;
let alice;
let bob;

before(async () => {
  server = await startServer();
  anonymous = restClient(server);
  alice = restClient(server, server.credentials.alice);
  // CCXT refuses an all-symbols open-orders query (weight 80) until told that the cost is known.
  alice.options.fetchOpenOrders = { ...alice.options.fetchOpenOrders, warnWithoutSymbol: false };
  bob = restClient(server, server.credentials.bob);
  await Promise.all([anonymous.loadMarkets(), alice.loadMarkets(), bob.loadMarkets()]);
});

after(async () => {
  await server?.stop();
});

/** Every asset's free + locked, as exact decimal strings from the /account response CCXT parsed. */
async function totals(ex) {
  const balance = await ex.fetchBalance();
  return Object.fromEntries(balance.info.balances.map((b) => [b.asset, Precise.stringAdd(b.free, b.locked)]));
}

function assertDecimal(actual, expected, what) {
  assert.ok(Precise.stringEq(String(actual), String(expected)), `${what}: ${actual} != ${expected}`);
}

/** Rejects with exactly `errorClass` (not a parent or a sibling), as CCXT maps the server's Binance error. */
async function assertRejects(promise, errorClass) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.constructor.name, errorClass.name, `${error.constructor.name}: ${error.message}`);
    return true;
  });
}

describe('markets and time', () => {
  test('loadMarkets reads exchangeInfo: symbols, precision from tickSize/stepSize, limits from the filters', async () => {
    const markets = await anonymous.loadMarkets(true);
    assert.deepEqual(Object.keys(markets).sort(), ['BTC/USDT', 'ETH/BTC', 'ETH/USDT', 'LTC/USDT', 'SOL/USDT']);
    const btc = markets['BTC/USDT'];
    assert.equal(btc.id, 'BTCUSDT');
    assert.equal(btc.base, 'BTC');
    assert.equal(btc.quote, 'USDT');
    assert.equal(btc.spot, true);
    assert.equal(btc.type, 'spot');
    assert.equal(btc.active, true);
    assert.equal(btc.precision.price, 0.01);
    assert.equal(btc.precision.amount, 0.00001);
    assert.equal(btc.limits.amount.min, 0.00001);
    assert.equal(btc.limits.amount.max, 9000);
    assert.equal(btc.limits.price.min, 0.01);
    assert.equal(btc.limits.cost.min, 5);
    const ethBtc = markets['ETH/BTC'];
    assert.equal(ethBtc.precision.price, 0.00001);
    assert.equal(ethBtc.precision.amount, 0.001);
    assert.equal(ethBtc.limits.cost.min, 0.0001);
    for (const asset of ['BTC', 'ETH', 'LTC', 'SOL', 'USDT']) {
      assert.equal(anonymous.currencies[asset]?.precision, 1e-8, `${asset} from baseAssetPrecision / quoteAssetPrecision`);
    }
  });

  test('fetchTime is the server clock', async () => {
    const before = Date.now();
    const time = await anonymous.fetchTime();
    assert.ok(Math.abs(time - before) < 5_000, `server time ${time} vs local ${before}`);
  });
});

describe('market data after one trade on LTC/USDT', () => {
  // bob offers 0.5 LTC at 90; alice takes 0.2 of it and bids 0.1 at 89.50: one trade, a book of one level a side.
  let takerOrder;

  before(async () => {
    await bob.createOrder('LTC/USDT', 'limit', 'sell', 0.5, 90);
    takerOrder = await alice.createOrder('LTC/USDT', 'limit', 'buy', 0.2, 90);
    await alice.createOrder('LTC/USDT', 'limit', 'buy', 0.1, 89.5);
  });

  test('fetchOrderBook shows the resting levels', async () => {
    const book = await anonymous.fetchOrderBook('LTC/USDT');
    assert.equal(book.symbol, 'LTC/USDT');
    assert.deepEqual(book.bids, [[89.5, 0.1]]);
    assert.deepEqual(book.asks, [[90, 0.3]]);
    assert.ok(book.nonce > 0, 'lastUpdateId becomes the nonce');
    const top = await anonymous.fetchOrderBook('LTC/USDT', 5);
    assert.deepEqual(top.asks, [[90, 0.3]]);
  });

  test('fetchTrades shows the trade with the taker side', async () => {
    const trades = await anonymous.fetchTrades('LTC/USDT');
    assert.equal(trades.length, 1);
    const [trade] = trades;
    assert.equal(trade.symbol, 'LTC/USDT');
    assert.equal(trade.price, 90);
    assert.equal(trade.amount, 0.2);
    assert.equal(trade.cost, 18);
    assert.equal(trade.side, 'buy');
    assert.ok(Math.abs(trade.timestamp - Date.now()) < 60_000);
    assert.equal(takerOrder.status, 'closed');
    assert.deepEqual((await anonymous.fetchTrades('LTC/USDT', trade.timestamp, 1)).map((t) => t.id), [trade.id]);
    assert.deepEqual(await anonymous.fetchTrades('LTC/USDT', trade.timestamp + 1), []);
  });

  test('fetchTicker summarises the last 24 h and the top of the book', async () => {
    const ticker = await anonymous.fetchTicker('LTC/USDT');
    assert.equal(ticker.symbol, 'LTC/USDT');
    assert.equal(ticker.last, 90);
    assert.equal(ticker.open, 90);
    assert.equal(ticker.high, 90);
    assert.equal(ticker.low, 90);
    assert.equal(ticker.bid, 89.5);
    assert.equal(ticker.bidVolume, 0.1);
    assert.equal(ticker.ask, 90);
    assert.equal(ticker.askVolume, 0.3);
    assert.equal(ticker.baseVolume, 0.2);
    assert.equal(ticker.quoteVolume, 18);
  });

  test('fetchTickers returns the asked symbols', async () => {
    const tickers = await anonymous.fetchTickers(['LTC/USDT', 'BTC/USDT']);
    assert.deepEqual(Object.keys(tickers).sort(), ['BTC/USDT', 'LTC/USDT']);
    assert.equal(tickers['LTC/USDT'].last, 90);
    const all = await anonymous.fetchTickers();
    assert.deepEqual(Object.keys(all).sort(), ['BTC/USDT', 'ETH/BTC', 'ETH/USDT', 'LTC/USDT', 'SOL/USDT']);
  });

  test('fetchOHLCV has the trade in its minute and its hour', async () => {
    const [trade] = await anonymous.fetchTrades('LTC/USDT');
    const minute = trade.timestamp - (trade.timestamp % 60_000);
    const candle = (await anonymous.fetchOHLCV('LTC/USDT', '1m')).find(([time]) => time === minute);
    assert.deepEqual(candle, [minute, 90, 90, 90, 90, 0.2]);
    const hour = trade.timestamp - (trade.timestamp % 3_600_000);
    const hourly = await anonymous.fetchOHLCV('LTC/USDT', '1h', hour, 10);
    assert.deepEqual(hourly[0], [hour, 90, 90, 90, 90, 0.2]);
  });

  test('fetchLastPrices gives the last trade price', async () => {
    const prices = await anonymous.fetchLastPrices(['LTC/USDT', 'BTC/USDT']);
    assert.equal(prices['LTC/USDT'].price, 90);
    assert.deepEqual(Object.keys(prices).sort(), ['BTC/USDT', 'LTC/USDT']);
  });

  test('fetchBidsAsks gives the best bid and ask', async () => {
    const quotes = await anonymous.fetchBidsAsks(['LTC/USDT']);
    const ltc = quotes['LTC/USDT'];
    assert.equal(ltc.bid, 89.5);
    assert.equal(ltc.bidVolume, 0.1);
    assert.equal(ltc.ask, 90);
    assert.equal(ltc.askVolume, 0.3);
  });
});

describe('a trade between alice and bob on BTC/USDT', () => {
  test('balances move by exactly the traded amounts and the fees; statuses go open -> closed', async () => {
    const account = await alice.privateGetAccount();
    const makerRate = account.commissionRates.maker;
    const takerRate = account.commissionRates.taker;
    assert.ok(Precise.stringGt(takerRate, '0'), 'the demo charges a fee');
    const aliceBefore = await totals(alice);
    const bobBefore = await totals(bob);

    const sell = await bob.createOrder('BTC/USDT', 'limit', 'sell', 0.01, 95000);
    assert.equal(sell.status, 'open');
    assert.equal(sell.filled, 0);
    assert.equal(sell.remaining, 0.01);
    const buy = await alice.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 95000);
    assert.equal(buy.status, 'closed');
    assert.equal(buy.filled, 0.01);
    assert.equal(buy.remaining, 0);
    assert.equal(buy.average, 95000);
    assert.equal(buy.cost, 950);
    assert.equal(buy.trades.length, 1);
    const orderTrades = await alice.fetchOrderTrades(buy.id, 'BTC/USDT');
    assert.deepEqual(orderTrades.map((t) => [t.order, t.amount, t.price]), [[buy.id, 0.01, 95000]]);

    const bobOrder = await bob.fetchOrder(sell.id, 'BTC/USDT');
    assert.equal(bobOrder.status, 'closed');
    assert.equal(bobOrder.filled, 0.01);

    const [aliceTrade] = await alice.fetchMyTrades('BTC/USDT');
    const [bobTrade] = await bob.fetchMyTrades('BTC/USDT');
    assert.equal(aliceTrade.side, 'buy');
    assert.equal(aliceTrade.takerOrMaker, 'taker');
    assert.equal(aliceTrade.order, buy.id);
    assert.equal(bobTrade.side, 'sell');
    assert.equal(bobTrade.takerOrMaker, 'maker');
    assert.equal(bobTrade.order, sell.id);
    assert.equal(aliceTrade.id, bobTrade.id);
    for (const trade of [aliceTrade, bobTrade]) {
      assert.equal(trade.price, 95000);
      assert.equal(trade.amount, 0.01);
      assert.equal(trade.cost, 950);
    }

    // The buyer pays its fee in what it receives (BTC), the seller in USDT; each at its own side's rate.
    const qty = aliceTrade.info.qty;
    const quoteQty = aliceTrade.info.quoteQty;
    assert.equal(aliceTrade.fee.currency, 'BTC');
    assertDecimal(aliceTrade.info.commission, Precise.stringMul(qty, takerRate), 'alice commission');
    assert.equal(bobTrade.fee.currency, 'USDT');
    assertDecimal(bobTrade.info.commission, Precise.stringMul(quoteQty, makerRate), 'bob commission');
    assert.equal(buy.fee.currency, 'BTC');
    assertDecimal(buy.fee.cost, aliceTrade.info.commission, 'fee in the order response');

    const aliceAfter = await totals(alice);
    const bobAfter = await totals(bob);
    assertDecimal(Precise.stringSub(aliceAfter.BTC, aliceBefore.BTC), Precise.stringSub(qty, aliceTrade.info.commission), 'alice BTC');
    assertDecimal(Precise.stringSub(aliceAfter.USDT, aliceBefore.USDT), Precise.stringNeg(quoteQty), 'alice USDT');
    assertDecimal(Precise.stringSub(bobAfter.BTC, bobBefore.BTC), Precise.stringNeg(qty), 'bob BTC');
    assertDecimal(Precise.stringSub(bobAfter.USDT, bobBefore.USDT), Precise.stringSub(quoteQty, bobTrade.info.commission), 'bob USDT');
    for (const asset of ['ETH', 'LTC', 'SOL']) {
      assertDecimal(aliceAfter[asset], aliceBefore[asset], `alice ${asset}`);
      assertDecimal(bobAfter[asset], bobBefore[asset], `bob ${asset}`);
    }
  });
});

describe('fetchBalance', () => {
  test('free and used move when an order locks funds and back when it is canceled', async () => {
    const before = await alice.fetchBalance();
    assert.ok(before.USDT.free > 0);
    const order = await alice.createOrder('ETH/BTC', 'limit', 'buy', 1, 0.03);
    const locked = await alice.fetchBalance();
    assertDecimal(Precise.stringSub(before.info.balances.find((b) => b.asset === 'BTC').free,
      locked.info.balances.find((b) => b.asset === 'BTC').free), '0.03', 'BTC locked by the bid');
    assert.equal(locked.BTC.used, before.BTC.used + 0.03);
    assert.equal(locked.BTC.total, before.BTC.total);
    await alice.cancelOrder(order.id, 'ETH/BTC');
    const after = await alice.fetchBalance();
    assert.equal(after.BTC.free, before.BTC.free);
    assert.equal(after.BTC.used, before.BTC.used);
  });
});

describe('orders on ETH/USDT (no counterparty)', () => {
  test('limit order: created open, fetched, listed, canceled', async () => {
    const order = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 3000);
    assert.equal(order.status, 'open');
    assert.equal(order.symbol, 'ETH/USDT');
    assert.equal(order.type, 'limit');
    assert.equal(order.side, 'buy');
    assert.equal(order.price, 3000);
    assert.equal(order.amount, 0.1);
    assert.equal(order.remaining, 0.1);
    assert.equal(order.timeInForce, 'GTC');
    assert.match(order.clientOrderId, /^x-/);

    const fetched = await alice.fetchOrder(order.id, 'ETH/USDT');
    assert.equal(fetched.id, order.id);
    assert.equal(fetched.status, 'open');
    assert.equal(fetched.clientOrderId, order.clientOrderId);

    const open = await alice.fetchOpenOrders('ETH/USDT');
    assert.ok(open.some((o) => o.id === order.id));
    const openEverywhere = await alice.fetchOpenOrders();
    assert.ok(openEverywhere.some((o) => o.id === order.id));
    assert.ok(!(await bob.fetchOpenOrders('ETH/USDT')).some((o) => o.id === order.id), 'bob does not see alice\'s order');

    const canceled = await alice.cancelOrder(order.id, 'ETH/USDT');
    assert.equal(canceled.id, order.id);
    assert.equal(canceled.status, 'canceled');
    assert.equal((await alice.fetchOrder(order.id, 'ETH/USDT')).status, 'canceled');
    assert.ok(!(await alice.fetchOpenOrders('ETH/USDT')).some((o) => o.id === order.id));
  });

  test('a client order id is kept, and finds and cancels the order', async () => {
    const order = await alice.createOrder('ETH/USDT', 'limit', 'sell', 0.1, 4100, { clientOrderId: 'conformance-1' });
    assert.equal(order.clientOrderId, 'conformance-1');
    const fetched = await alice.fetchOrder(undefined, 'ETH/USDT', { clientOrderId: 'conformance-1' });
    assert.equal(fetched.id, order.id);
    const canceled = await alice.cancelOrder(undefined, 'ETH/USDT', { clientOrderId: 'conformance-1' });
    assert.equal(canceled.id, order.id);
    assert.equal(canceled.status, 'canceled');
  });

  test('IOC and FOK limit orders that cannot fill expire', async () => {
    const ioc = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2000, { timeInForce: 'IOC' });
    assert.equal(ioc.timeInForce, 'IOC');
    assert.equal(ioc.status, 'expired');
    assert.equal(ioc.filled, 0);
    const fok = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2000, { timeInForce: 'FOK' });
    assert.equal(fok.timeInForce, 'FOK');
    assert.equal(fok.status, 'expired');
    assert.ok(!(await alice.fetchOpenOrders('ETH/USDT')).some((o) => o.id === ioc.id || o.id === fok.id));
  });

  test('postOnly becomes LIMIT_MAKER; one that would take is OrderImmediatelyFillable', async () => {
    const maker = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 3001, { postOnly: true });
    assert.equal(maker.status, 'open');
    assert.equal(maker.info.type, 'LIMIT_MAKER');
    assert.equal(maker.postOnly, true);
    const ask = await bob.createOrder('ETH/USDT', 'limit', 'sell', 0.1, 3100);
    await assertRejects(alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 3100, { postOnly: true }), ccxt.OrderImmediatelyFillable);
    assert.equal((await bob.fetchOrder(ask.id, 'ETH/USDT')).status, 'open', 'the rejected order did not trade');
    await bob.cancelOrder(ask.id, 'ETH/USDT');
    await alice.cancelOrder(maker.id, 'ETH/USDT');
  });

  test('editOrder replaces the order (cancelReplace): the old one is canceled, the new one open', async () => {
    const order = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 3000);
    const edited = await alice.editOrder(order.id, 'ETH/USDT', 'limit', 'buy', 0.2, 3002);
    assert.notEqual(edited.id, order.id);
    assert.equal(edited.status, 'open');
    assert.equal(edited.price, 3002);
    assert.equal(edited.amount, 0.2);
    assert.equal((await alice.fetchOrder(order.id, 'ETH/USDT')).status, 'canceled');
    const open = (await alice.fetchOpenOrders('ETH/USDT')).map((o) => o.id);
    assert.ok(open.includes(edited.id));
    assert.ok(!open.includes(order.id));
    await alice.cancelOrder(edited.id, 'ETH/USDT');
  });

  test('cancelAllOrders cancels every open order of the symbol and no other', async () => {
    const a = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2990);
    const b = await alice.createOrder('ETH/USDT', 'limit', 'sell', 0.1, 4000);
    const elsewhere = await alice.createOrder('SOL/USDT', 'limit', 'buy', 0.1, 100);
    const canceled = await alice.cancelAllOrders('ETH/USDT');
    assert.deepEqual(canceled.map((o) => o.id).sort(), [a.id, b.id].sort());
    assert.ok(canceled.every((o) => o.status === 'canceled'));
    assert.deepEqual(await alice.fetchOpenOrders('ETH/USDT'), []);
    assert.equal((await alice.fetchOrder(elsewhere.id, 'SOL/USDT')).status, 'open');
    await alice.cancelOrder(elsewhere.id, 'SOL/USDT');
  });

  test('fetchOrders lists open and canceled orders of the symbol', async () => {
    const open = await alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2980);
    const orders = await alice.fetchOrders('ETH/USDT');
    const byId = new Map(orders.map((o) => [o.id, o]));
    assert.equal(byId.get(open.id)?.status, 'open');
    assert.ok(orders.filter((o) => o.status === 'canceled').length >= 5);
    assert.ok(orders.every((o) => o.symbol === 'ETH/USDT'));
    const canceled = await alice.fetchCanceledOrders('ETH/USDT');
    assert.ok(canceled.length >= 5 && canceled.every((o) => o.status === 'canceled'));
    assert.deepEqual((await alice.fetchOrders('ETH/USDT', undefined, 2)).length, 2);
    await alice.cancelOrder(open.id, 'ETH/USDT');
  });
});

describe('market and stop orders on SOL/USDT', () => {
  before(async () => {
    await bob.createOrder('SOL/USDT', 'limit', 'sell', 1, 180);
    await bob.createOrder('SOL/USDT', 'limit', 'sell', 1, 181);
  });

  test('market buy by amount fills at the best asks', async () => {
    const order = await alice.createOrder('SOL/USDT', 'market', 'buy', 0.5);
    assert.equal(order.type, 'market');
    assert.equal(order.status, 'closed');
    assert.equal(order.filled, 0.5);
    assert.equal(order.average, 180);
    assert.equal(order.cost, 90);
  });

  test('market buy with a price spends amount * price as quoteOrderQty', async () => {
    const order = await alice.createOrder('SOL/USDT', 'market', 'buy', 1, 180.5);
    assert.equal(order.status, 'closed');
    assert.equal(order.info.origQuoteOrderQty, '180.50000000');
    // 0.5 left at 180 (90 USDT), then 90.5 USDT at 181 buys 0.5 (the step is 0.001, so 90.5/181 = 0.5 exactly).
    assert.equal(order.cost, 180.5);
    assert.equal(order.filled, 1);
    assert.equal(order.trades.length, 2);
  });

  test('market sell by amount fills at the best bid', async () => {
    await bob.createOrder('SOL/USDT', 'limit', 'buy', 1, 178);
    const order = await alice.createOrder('SOL/USDT', 'market', 'sell', 0.25);
    assert.equal(order.status, 'closed');
    assert.equal(order.filled, 0.25);
    assert.equal(order.average, 178);
  });

  test('fetchClosedOrders and fetchMyTrades list the fills', async () => {
    const closed = await alice.fetchClosedOrders('SOL/USDT');
    assert.equal(closed.length, 3);
    assert.ok(closed.every((o) => o.status === 'closed' && o.type === 'market'));
    const trades = await alice.fetchMyTrades('SOL/USDT');
    assert.equal(trades.length, 4);
    assert.deepEqual(trades.map((t) => [t.side, t.price, t.amount, t.takerOrMaker]),
      [['buy', 180, 0.5, 'taker'], ['buy', 180, 0.5, 'taker'], ['buy', 181, 0.5, 'taker'], ['sell', 178, 0.25, 'taker']]);
    const limited = await alice.fetchMyTrades('SOL/USDT', undefined, 2);
    assert.equal(limited.length, 2);
  });

  test('triggerPrice on a limit is a STOP_LOSS_LIMIT, takeProfitPrice a TAKE_PROFIT_LIMIT; both wait', async () => {
    const stop = await alice.createOrder('SOL/USDT', 'limit', 'sell', 0.2, 150, { triggerPrice: 155 });
    assert.equal(stop.info.type, 'STOP_LOSS_LIMIT');
    assert.ok(['open', undefined].includes(stop.status), `status ${stop.status}`);
    const stopFetched = await alice.fetchOrder(stop.id, 'SOL/USDT');
    assert.equal(stopFetched.status, 'open');
    assert.equal(stopFetched.triggerPrice, 155);
    assert.equal(stopFetched.price, 150);
    assert.equal(stopFetched.filled, 0);

    const profit = await alice.createOrder('SOL/USDT', 'limit', 'sell', 0.2, 200, { takeProfitPrice: 195 });
    assert.equal(profit.info.type, 'TAKE_PROFIT_LIMIT');
    const profitFetched = await alice.fetchOrder(profit.id, 'SOL/USDT');
    assert.equal(profitFetched.status, 'open');
    assert.equal(profitFetched.triggerPrice, 195);

    const canceled = await alice.cancelAllOrders('SOL/USDT');
    assert.deepEqual(canceled.map((o) => o.id).sort(), [stop.id, profit.id].sort());
  });
});

describe('trading fees', () => {
  test('fetchTradingFee and fetchTradingFees read /sapi/v1/asset/tradeFee: the rates /account reports', async () => {
    const rates = (await alice.fetchBalance()).info.commissionRates;
    const fee = await alice.fetchTradingFee('BTC/USDT');
    assert.equal(fee.symbol, 'BTC/USDT');
    assertDecimal(fee.maker, rates.maker, 'maker');
    assertDecimal(fee.taker, rates.taker, 'taker');

    const fees = await alice.fetchTradingFees();
    assert.deepEqual(Object.keys(fees).sort(), ['BTC/USDT', 'ETH/BTC', 'ETH/USDT', 'LTC/USDT', 'SOL/USDT']);
    for (const each of Object.values(fees)) {
      assertDecimal(each.maker, rates.maker, `${each.symbol} maker`);
      assertDecimal(each.taker, rates.taker, `${each.symbol} taker`);
    }
  });

  test('the commission endpoint and a test order with computeCommissionRates give the same rates', async () => {
    const rates = (await alice.fetchBalance()).info.commissionRates;
    const commission = await alice.privateGetAccountCommission({ symbol: 'ETHUSDT' });
    assert.equal(commission.symbol, 'ETHUSDT');
    assertDecimal(commission.standardCommission.maker, rates.maker, 'maker');
    const test = await alice.privatePostOrderTest({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC',
      quantity: '0.1', price: '2000', computeCommissionRates: true });
    assertDecimal(test.standardCommissionForOrder.taker, rates.taker, 'taker');
  });

  test('a test order the filters refuse is InvalidOrder, as the real order is', async () => {
    await assertRejects(alice.privatePostOrderTest({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC',
      quantity: '0.01', price: '90000.005' }), ccxt.InvalidOrder);
  });

  test('an endpoint the server does not have is an error, never data', async () => {
    // Before, an unknown /sapi path answered the web page with 200 and CCXT parsed HTML as a result.
    await assertRejects(alice.sapiGetAssetAssetDetail(), ccxt.BadRequest);
    await assertRejects(alice.sapiGetCapitalConfigGetall(), ccxt.BadRequest);
  });
});

describe('the requests CCXT makes are the ones the spec lists', () => {
  test('each unified method calls the endpoint section 5 names', async () => {
    const recorder = restClient(server, server.credentials.bob);
    let calls = [];
    const send = recorder.fetch.bind(recorder);
    recorder.fetch = (url, method, headers, body) => {
      const path = new URL(url).pathname.replace('/api/v3', '');
      calls.push(method === 'POST' ? `POST ${path} ${new URLSearchParams(body).get('type')}` : `${method} ${path}`);
      return send(url, method, headers, body);
    };
    const expect = async (run, ...requests) => {
      calls = [];
      const result = await run();
      assert.deepEqual(calls, requests);
      return result;
    };
    await expect(() => recorder.loadMarkets(), 'GET /exchangeInfo');
    await expect(() => recorder.fetchTime(), 'GET /time');
    await expect(() => recorder.fetchTicker('ETH/BTC'), 'GET /ticker/24hr');
    await expect(() => recorder.fetchTickers(['ETH/BTC']), 'GET /ticker/24hr');
    await expect(() => recorder.fetchOrderBook('ETH/BTC'), 'GET /depth');
    await expect(() => recorder.fetchTrades('ETH/BTC'), 'GET /aggTrades');
    await expect(() => recorder.fetchOHLCV('ETH/BTC'), 'GET /klines');
    await expect(() => recorder.fetchLastPrices(['ETH/BTC']), 'GET /ticker/price');
    await expect(() => recorder.fetchBidsAsks(['ETH/BTC']), 'GET /ticker/bookTicker');
    await expect(() => recorder.fetchBalance(), 'GET /account');
    const order = await expect(() => recorder.createOrder('ETH/BTC', 'limit', 'sell', 0.1, 0.05), 'POST /order LIMIT');
    await expect(() => recorder.fetchOrder(order.id, 'ETH/BTC'), 'GET /order');
    await expect(() => recorder.fetchOpenOrders('ETH/BTC'), 'GET /openOrders');
    const edited = await expect(() => recorder.editOrder(order.id, 'ETH/BTC', 'limit', 'sell', 0.1, 0.06),
      'POST /order/cancelReplace LIMIT');
    await expect(() => recorder.cancelOrder(edited.id, 'ETH/BTC'), 'DELETE /order');
    await expect(() => recorder.fetchOrders('ETH/BTC'), 'GET /allOrders');
    await expect(() => recorder.fetchClosedOrders('ETH/BTC'), 'GET /allOrders');
    await expect(() => recorder.fetchMyTrades('ETH/BTC'), 'GET /myTrades');
    await expect(() => recorder.createOrder('ETH/BTC', 'limit', 'sell', 0.1, 0.05, { postOnly: true }), 'POST /order LIMIT_MAKER');
    await expect(() => recorder.createOrder('ETH/BTC', 'limit', 'sell', 0.1, 0.03, { triggerPrice: 0.031 }), 'POST /order STOP_LOSS_LIMIT');
    await expect(() => recorder.cancelAllOrders('ETH/BTC'), 'DELETE /openOrders');
  });
});

describe('errors map to CCXT\'s classes and change nothing', () => {
  test('InsufficientFunds for an order bigger than the balance', async () => {
    const before = (await alice.fetchBalance()).info.balances;
    await assertRejects(alice.createOrder('BTC/USDT', 'limit', 'buy', 100, 95000), ccxt.InsufficientFunds);
    await assertRejects(alice.createOrder('ETH/USDT', 'limit', 'sell', 1000, 3000), ccxt.InsufficientFunds);
    await assertRejects(alice.createOrder('LTC/USDT', 'market', 'buy', 1, undefined, { quoteOrderQty: '2000000' }), ccxt.InsufficientFunds);
    assert.deepEqual((await alice.fetchBalance()).info.balances, before, 'nothing locked, nothing moved');
  });

  test('InvalidOrder for a price off the tick (PRICE_FILTER) or a quantity off the step (LOT_SIZE)', async () => {
    const openBefore = await alice.fetchOpenOrders();
    await assertRejects(alice.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 90000, { price: '90000.005' }), ccxt.InvalidOrder);
    await assertRejects(alice.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 90000, { quantity: '0.000015' }), ccxt.InvalidOrder);
    await assertRejects(alice.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 90000, { quantity: '9001' }), ccxt.InvalidOrder);
    // Below NOTIONAL.minNotional (5 USDT): the same -1013, which CCXT maps to InvalidOrder only for LOT_SIZE / PRICE_FILTER.
    await assertRejects(alice.createOrder('BTC/USDT', 'limit', 'buy', 0.00001, 90000), ccxt.BadRequest);
    assert.deepEqual(await alice.fetchOpenOrders(), openBefore);
  });

  test('InvalidNonce for a timestamp outside recvWindow', async () => {
    const late = restClient(server, server.credentials.alice);
    await late.loadMarkets();
    late.options.timeDifference = 30_000; // CCXT signs Date.now() - timeDifference: 30 s old, recvWindow is 10 s.
    await assertRejects(late.fetchBalance(), ccxt.InvalidNonce);
    late.options.timeDifference = 0;
    assert.ok((await late.fetchBalance()).USDT.total > 0);
  });

  test('OrderNotFound for cancelling or fetching an unknown order id', async () => {
    await assertRejects(alice.cancelOrder('987654321', 'BTC/USDT'), ccxt.OrderNotFound);
    await assertRejects(alice.fetchOrder('987654321', 'BTC/USDT'), ccxt.OrderNotFound);
    const bobs = await bob.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 2000);
    await assertRejects(alice.cancelOrder(bobs.id, 'ETH/USDT'), ccxt.OrderNotFound);
    assert.equal((await bob.fetchOrder(bobs.id, 'ETH/USDT')).status, 'open', 'alice cannot cancel bob\'s order');
    await bob.cancelOrder(bobs.id, 'ETH/USDT');
  });

  test('BadSymbol for a symbol the server does not list', async () => {
    // The unified methods refuse unknown symbols before sending; the raw endpoints show the server's -1121 mapping.
    await assertRejects(anonymous.fetchTicker('DOGE/USDT'), ccxt.BadSymbol);
    await assertRejects(anonymous.publicGetDepth({ symbol: 'DOGEUSDT' }), ccxt.BadSymbol);
    await assertRejects(anonymous.publicGetTicker24hr({ symbol: 'DOGEUSDT' }), ccxt.BadSymbol);
    await assertRejects(alice.privateGetOpenOrders({ symbol: 'DOGEUSDT' }), ccxt.BadSymbol);
    await assertRejects(alice.privatePostOrder({ symbol: 'DOGEUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC',
      quantity: '1', price: '1' }), ccxt.BadSymbol);
  });

  test('AuthenticationError for a wrong secret, an unknown key, or a malformed key', async () => {
    const wrongSecret = restClient(server, { apiKey: server.credentials.alice.apiKey, secretKey: server.credentials.bob.secretKey });
    const unknownKey = restClient(server, { apiKey: 'A'.repeat(64), secretKey: server.credentials.alice.secretKey });
    const malformedKey = restClient(server, { apiKey: 'not a key', secretKey: server.credentials.alice.secretKey });
    for (const ex of [wrongSecret, unknownKey, malformedKey]) {
      await ex.loadMarkets();
      await assertRejects(ex.fetchBalance(), ccxt.AuthenticationError);
      await assertRejects(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 90000), ccxt.AuthenticationError);
    }
    assert.ok(!(await alice.fetchOpenOrders('BTC/USDT')).some((o) => o.price === 90000));
  });
});
