import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../components/money/fetchStub';
import { renderInApp } from '../components/money/renderInApp';
import { MarketsPage } from './MarketsPage';

/** A WebSocket that never opens: the page's first data comes from REST. */
class SilentSocket {
  static readonly OPEN = 1;
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  send() {}
  close() {}
}

const symbol = (base: string) => ({
  symbol: `${base}USDT`,
  status: 'TRADING',
  baseAsset: base,
  quoteAsset: 'USDT',
  orderTypes: ['LIMIT', 'MARKET'],
  filters: [{ filterType: 'PRICE_FILTER', tickSize: '0.01', minPrice: '0.01', maxPrice: '1000000.00' }],
});

const ticker = (s: string, lastPrice: string) => ({
  symbol: s,
  lastPrice,
  priceChangePercent: '1.500',
  highPrice: lastPrice,
  lowPrice: lastPrice,
  volume: '10',
  quoteVolume: '1000',
  openPrice: lastPrice,
});

// (jsdom names the link "SOL /USDT": it spaces the <strong> and <span>; browsers name it "SOL/USDT".)
describe('MarketsPage', () => {
  beforeEach(() => {
    vi.stubGlobal('WebSocket', SilentSocket);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('filters by search without fetching the rows it hides and shows again', async () => {
    const prices: Record<string, string> = { BTCUSDT: '64000.00', SOLUSDT: '180.00' };
    const calls = stubFetch({
      'GET /api/v3/exchangeInfo': { body: { symbols: [symbol('BTC'), symbol('SOL')] } },
      'GET /api/v3/ticker/24hr': (call) => ({ body: ticker(call.query.get('symbol') ?? '', prices[call.query.get('symbol') ?? '']) }),
      'GET /api/v3/klines': { body: [] },
    });
    renderInApp(<MarketsPage />);
    await waitFor(() => expect(screen.getByTestId('last-BTCUSDT').textContent).toBe('64,000.00'));
    await waitFor(() => expect(screen.getByTestId('last-SOLUSDT').textContent).toBe('180.00'));
    const fetched = () => calls.filter((c) => c.path === '/api/v3/ticker/24hr' || c.path === '/api/v3/klines').length;
    const before = fetched();
    expect(before).toBe(4);

    const search = screen.getByLabelText('Search markets');
    fireEvent.change(search, { target: { value: 'sol' } });
    expect(screen.queryByRole('link', { name: /BTC\s*\/USDT/ })).toBeNull();
    expect(screen.getByRole('link', { name: /SOL\s*\/USDT/ })).toBeTruthy();
    expect(screen.getByText('1 market')).toBeTruthy();

    fireEvent.change(search, { target: { value: '' } });
    expect(screen.getByRole('link', { name: /BTC\s*\/USDT/ })).toBeTruthy();
    // The row is back with what it had, at once, and nothing was asked again.
    expect(screen.getByTestId('last-BTCUSDT').textContent).toBe('64,000.00');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetched()).toBe(before);
  });
});
