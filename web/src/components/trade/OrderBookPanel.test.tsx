import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { SymbolRules } from '../../api/market';
import { OrderBookPanel } from './OrderBookPanel';
import { FakeWebSocket as FakeSocket } from '../../testing/FakeWebSocket';

const rules = {
  symbol: 'SOLUSDT',
  baseAsset: 'SOL',
  quoteAsset: 'USDT',
  tickSize: '0.01000000',
} as SymbolRules;

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('OrderBookPanel', () => {
  it('shows the snapshot, merges diff events, resyncs on a gap and fills the price on click', async () => {
    const snapshots = [
      { lastUpdateId: 10, bids: [['179.50000000', '1.00000000']], asks: [['180.50000000', '2.00000000']] },
      { lastUpdateId: 30, bids: [['170.00000000', '5.00000000']], asks: [['190.00000000', '1.00000000']] },
    ];
    const fetch = vi.fn(async (url: string) => {
      expect(url).toBe('/api/v3/depth?symbol=SOLUSDT&limit=1000');
      return new Response(JSON.stringify(snapshots[Math.min(fetch.mock.calls.length - 1, 1)]), { status: 200 });
    });
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('WebSocket', FakeSocket);
    const onPick = vi.fn();
    const user = userEvent.setup();
    render(<OrderBookPanel rules={rules} onPickPrice={onPick} />);
    const book = within(screen.getByRole('region', { name: 'Order book' }));

    expect(await book.findByTestId('ask-180.50')).toBeTruthy();
    expect(book.getByTestId('bid-179.50')).toBeTruthy();

    const socket = FakeSocket.all[0];
    act(() => socket.open());
    expect(socket.sent.some((text) => text.includes('solusdt@depth@100ms'))).toBe(true);

    // The next update in sequence: the 179.50 bid is gone, a better ask arrives.
    act(() => socket.push('solusdt@depth@100ms', { e: 'depthUpdate', U: 11, u: 12, b: [['179.50000000', '0.00000000']], a: [['180.40000000', '1.00000000']] }));
    expect(await book.findByTestId('ask-180.40')).toBeTruthy();
    expect(book.queryByTestId('bid-179.50')).toBeNull();

    await user.click(book.getByTestId('ask-180.40'));
    expect(onPick).toHaveBeenCalledWith('180.40');

    // An event that skips ids: the book is rebuilt from a new snapshot.
    expect(fetch).toHaveBeenCalledTimes(1);
    act(() => socket.push('solusdt@depth@100ms', { e: 'depthUpdate', U: 20, u: 31, b: [], a: [['191.00000000', '1.00000000']] }));
    expect(await book.findByTestId('ask-190.00')).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(book.getByTestId('ask-191.00')).toBeTruthy();
    expect(book.getByTestId('bid-170.00')).toBeTruthy();
    expect(book.queryByTestId('ask-180.40')).toBeNull();
  });
});
