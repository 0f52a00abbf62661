import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A WebSocket stand-in: records what the client sends and lets the test open, close and push frames. */
class FakeSocket {
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readonly url: string;
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }

  send(text: string) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = 3;
    this.onclose?.();
  }

  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  push(stream: string, data: unknown) {
    this.onmessage?.({ data: JSON.stringify({ stream, data }) });
  }
}

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
    expect(first.sent).toContainEqual(expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@depth@100ms'] }));

    first.push('btcusdt@trade', { p: '1.00' });
    first.push('ethusdt@trade', { p: '2.00' });
    expect(trades).toEqual([{ p: '1.00' }]);
    expect(resyncs).toEqual([]);

    first.close();
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.all[1];
    expect(second).toBeDefined();
    second.open();
    expect(second.sent).toContainEqual(expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@depth@100ms'] }));
    expect(resyncs.sort()).toEqual(['depth', 'trade']);

    stop();
    expect(second.sent).toContainEqual(expect.objectContaining({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'] }));
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
