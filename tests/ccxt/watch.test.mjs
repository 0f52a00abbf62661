// ccxt.pro's watchers against a real Bourse server, configured as the Binance-compat spec's section 5 says: market
// streams on /ws (CCXT opens /ws/0, /ws/1, … and SUBSCRIBEs), user data on /ws-api/v3 through
// userDataStream.subscribe.signature. Each test triggers its own activity over REST on a market of its own and waits
// (bounded) for the watcher to report it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { proClient, restClient } from './lib/exchange.mjs';

const WAIT_MS = 10_000;

let server;
let watcher;
let aliceWatcher;
let alice;
let bob;

before(async () => {
  server = await startServer();
  watcher = await proClient(server);
  aliceWatcher = await proClient(server, server.credentials.alice);
  alice = restClient(server, server.credentials.alice);
  bob = restClient(server, server.credentials.bob);
  await Promise.all([watcher.loadMarkets(), aliceWatcher.loadMarkets(), alice.loadMarkets(), bob.loadMarkets()]);
});

after(async () => {
  await Promise.allSettled([watcher?.close(), aliceWatcher?.close()]);
  await server?.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `watch` until `done(result)` holds, running `trigger` once the first subscription has had time (1 s) to be
 * acknowledged; fails after WAIT_MS with the last result seen.
 */
async function watchUntil(watch, done, trigger) {
  const deadline = Date.now() + WAIT_MS;
  let last;
  let pending = watch();
  pending.catch(() => {});
  await sleep(1_000);
  await trigger();
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      assert.fail(`no matching update within ${WAIT_MS} ms; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
    }
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`watcher silent for ${WAIT_MS} ms; last: ${JSON.stringify(last)?.slice(0, 1000)}`)), remaining); });
    try {
      last = await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (done(last)) {
      return last;
    }
    pending = watch();
    pending.catch(() => {});
  }
}

describe('ccxt.pro market streams', () => {
  test('watchOrderBook (depth@100ms + REST snapshot) shows a new level', async () => {
    await bob.createOrder('BTC/USDT', 'limit', 'sell', 0.01, 96000);
    const book = await watchUntil(() => watcher.watchOrderBook('BTC/USDT'),
      (b) => b.bids.some(([price]) => price === 94000),
      () => alice.createOrder('BTC/USDT', 'limit', 'buy', 0.02, 94000));
    assert.deepEqual(book.asks[0], [96000, 0.01], 'the snapshot level');
    assert.deepEqual(book.bids[0], [94000, 0.02], 'the streamed level');
  });

  test('watchTrades (@trade) reports a trade', async () => {
    await bob.createOrder('ETH/USDT', 'limit', 'sell', 0.1, 3500);
    const trades = await watchUntil(() => watcher.watchTrades('ETH/USDT'),
      (t) => t.some((trade) => trade.price === 3500),
      () => alice.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 3500));
    const trade = trades.find((t) => t.price === 3500);
    assert.equal(trade.symbol, 'ETH/USDT');
    assert.equal(trade.amount, 0.1);
    assert.equal(trade.side, 'buy');
  });

  test('watchTicker (@miniTicker) reports the last price', async () => {
    await bob.createOrder('LTC/USDT', 'limit', 'sell', 0.2, 91);
    const ticker = await watchUntil(() => watcher.watchTicker('LTC/USDT'),
      (t) => t.last === 91,
      () => alice.createOrder('LTC/USDT', 'limit', 'buy', 0.2, 91));
    assert.equal(ticker.symbol, 'LTC/USDT');
    assert.equal(ticker.baseVolume, 0.2);
  });

  test('watchTickers (@miniTicker per symbol) reports each symbol', async () => {
    // Each symbol's update is its own message; with newUpdates off, every call returns all the asked symbols (with
    // it on, an update that lands in the same tick as another one is only in the cache, not in a returned value).
    const all = await proClient(server);
    all.newUpdates = false;
    try {
      await bob.createOrder('LTC/USDT', 'limit', 'sell', 0.3, 92);
      const tickers = await watchUntil(() => all.watchTickers(['LTC/USDT', 'BTC/USDT']),
        (t) => t['LTC/USDT']?.last === 92,
        () => alice.createOrder('LTC/USDT', 'limit', 'buy', 0.3, 92));
      assert.equal(tickers['LTC/USDT'].symbol, 'LTC/USDT');
      assert.equal(tickers['LTC/USDT'].baseVolume, (await alice.fetchTicker('LTC/USDT')).baseVolume);
    } finally {
      await all.close();
    }
  });

  test('watchBidsAsks (@bookTicker) reports a new best bid', async () => {
    const quotes = await watchUntil(() => watcher.watchBidsAsks(['BTC/USDT']),
      (q) => q['BTC/USDT']?.bid === 94500,
      () => alice.createOrder('BTC/USDT', 'limit', 'buy', 0.03, 94500));
    assert.equal(quotes['BTC/USDT'].bidVolume, 0.03);
  });

  test('watchOHLCV (@kline_1m) reports the candle of a trade', async () => {
    await bob.createOrder('SOL/USDT', 'limit', 'sell', 0.5, 182);
    const candles = await watchUntil(() => watcher.watchOHLCV('SOL/USDT', '1m'),
      (c) => c.length > 0 && c.at(-1)[4] === 182,
      () => alice.createOrder('SOL/USDT', 'limit', 'buy', 0.5, 182));
    const [time, open, high, low, close, volume] = candles.at(-1);
    assert.equal(time % 60_000, 0);
    assert.deepEqual([open, high, low, close, volume], [182, 182, 182, 182, 0.5]);
  });
});

describe('ccxt.pro user data (ws-api userDataStream.subscribe.signature)', () => {
  test('watchBalance reports the funds an order locks', async () => {
    const before = await alice.fetchBalance();
    const balance = await watchUntil(() => aliceWatcher.watchBalance(),
      (b) => Math.abs((b.BTC?.used ?? 0) - before.BTC.used - 0.1) < 1e-9,
      () => alice.createOrder('ETH/BTC', 'limit', 'buy', 10, 0.01));
    assert.ok(Math.abs(balance.BTC.free - (before.BTC.free - 0.1)) < 1e-9, `free ${balance.BTC.free}`);
  });

  test('watchOrders reports a new order and its cancellation', async () => {
    let created;
    const opened = await watchUntil(() => aliceWatcher.watchOrders('ETH/BTC'),
      (orders) => created !== undefined && orders.some((o) => o.id === created.id),
      async () => { created = await alice.createOrder('ETH/BTC', 'limit', 'buy', 1, 0.02); });
    const seen = opened.find((o) => o.id === created.id);
    assert.equal(seen.status, 'open');
    assert.equal(seen.price, 0.02);
    assert.equal(seen.amount, 1);
    assert.equal(seen.clientOrderId, created.clientOrderId);

    const canceled = await watchUntil(() => aliceWatcher.watchOrders('ETH/BTC'),
      (orders) => orders.some((o) => o.id === created.id && o.status === 'canceled'),
      () => alice.cancelOrder(created.id, 'ETH/BTC'));
    assert.ok(canceled.some((o) => o.id === created.id && o.status === 'canceled'));
  });

  test('watchMyTrades reports alice\'s fill with its fee', async () => {
    await bob.createOrder('ETH/BTC', 'limit', 'sell', 0.5, 0.037);
    const trades = await watchUntil(() => aliceWatcher.watchMyTrades('ETH/BTC'),
      (t) => t.some((trade) => trade.price === 0.037),
      () => alice.createOrder('ETH/BTC', 'limit', 'buy', 0.5, 0.037));
    const trade = trades.find((t) => t.price === 0.037);
    assert.equal(trade.amount, 0.5);
    assert.equal(trade.side, 'buy');
    assert.equal(trade.takerOrMaker, 'taker');
    assert.equal(trade.fee.currency, 'ETH');
    assert.equal(trade.fee.cost, 0.0005);
  });
});
