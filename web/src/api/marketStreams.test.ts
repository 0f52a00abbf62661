import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket as FakeSocket } from '../testing/FakeWebSocket';

describe('marketStreams', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.resetModules();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('subscribes on open, routes messages by stream, and resubscribes and resyncs after a reconnect', async () => {
    const { marketStreams } = await import('./marketStreams');
    const trades: unknown[] = [];
    const resyncs: string[] = [];
    const stop = marketStreams.subscribe('btcusdt@trade', { onMessage: (d) => trades.push(d), onResync: () => resyncs.push('trade') });
    marketStreams.subscribe('btcusdt@depth@100ms', { onMessage: () => undefined, onResync: () => resyncs.push('depth') });
    await vi.advanceTimersByTimeAsync(0);

    const first = FakeSocket.all[0];
    expect(first.url).toMatch(/\/stream$/);
    first.open();
    expect(first.sentJson()).toContainEqual(expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@depth@100ms'] }));

    first.push('btcusdt@trade', { p: '1.00' });
    first.push('ethusdt@trade', { p: '2.00' });
    expect(trades).toEqual([{ p: '1.00' }]);
    expect(resyncs).toEqual([]);

    first.close();
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.all[1];
    expect(second).toBeDefined();
    second.open();
    expect(second.sentJson()).toContainEqual(expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@depth@100ms'] }));
    expect(resyncs.sort()).toEqual(['depth', 'trade']);

    stop();
    expect(second.sentJson()).toContainEqual(expect.objectContaining({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'] }));
    second.push('btcusdt@trade', { p: '3.00' });
    expect(trades).toEqual([{ p: '1.00' }]);
  });

  it('backs off between failed attempts, doubling up to 10 s', async () => {
    const { marketStreams } = await import('./marketStreams');
    marketStreams.subscribe('btcusdt@trade', { onMessage: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    const delays = [500, 1000, 2000, 4000, 8000, 10000, 10000];
    for (const delay of delays) {
      const before = FakeSocket.all.length;
      FakeSocket.all[before - 1].close();
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(FakeSocket.all.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.all.length).toBe(before + 1);
    }
  });
});
