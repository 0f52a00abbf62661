import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/money/fetchStub';
import { renderInApp } from '../components/money/renderInApp';
import { ConvertPage } from './ConvertPage';

const balances = [
  { asset: 'SOL', free: '10.00000000', locked: '0.00000000', staked: '0.00000000' },
  { asset: 'USDT', free: '500.00000000', locked: '0.00000000', staked: '0.00000000' },
];

function quote(validForMs: number) {
  return {
    quoteId: '41',
    from: 'SOL',
    to: 'USDT',
    fromAmount: '2.00000000',
    toAmount: '359.64000000',
    rate: '179.82000000',
    inverseRate: '0.00556111',
    fee: '0.36000000',
    feeAsset: 'USDT',
    route: ['SOLUSDT'],
    expiresAt: Date.now() + validForMs,
    validForMs,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function askForQuote() {
  await waitFor(() => {
    expect((screen.getByLabelText('From') as HTMLSelectElement).value).toBe('SOL');
    expect((screen.getByLabelText('To') as HTMLSelectElement).value).toBe('USDT');
  });
  fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '2' } });
  fireEvent.click(screen.getByRole('button', { name: 'Get quote' }));
}

describe('ConvertPage', () => {
  it('shows the quote with a countdown that, reaching zero, marks the quote expired', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
    });
    renderInApp(<ConvertPage />);
    await askForQuote();

    expect(await screen.findByText('Expires in 10s')).toBeTruthy();
    expect(screen.getByTestId('quote-receive').textContent).toBe('359.64 USDT');
    expect(screen.getByText('1 SOL = 179.82 USDT')).toBeTruthy();
    expect(screen.getByText('0.36 USDT')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ from: 'SOL', to: 'USDT', fromAmount: '2' });

    act(() => vi.advanceTimersByTime(4_000));
    expect(screen.getByText('Expires in 6s')).toBeTruthy();
    act(() => vi.advanceTimersByTime(6_500));
    expect(screen.getByText(/This quote has expired/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Convert' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Get quote' })).toBeTruthy();
  });

  it('quotes by the amount to receive when asked to', async () => {
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
    });
    renderInApp(<ConvertPage />);
    await waitFor(() => expect((screen.getByLabelText('From') as HTMLSelectElement).value).toBe('SOL'));
    fireEvent.click(screen.getByLabelText(/Receive at least/));
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Get quote' }));
    await screen.findByText(/Expires in/);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ from: 'SOL', to: 'USDT', toAmount: '100' });
  });

  it('refuses to ask for more than the available balance', async () => {
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
    });
    renderInApp(<ConvertPage />);
    await waitFor(() => expect((screen.getByLabelText('From') as HTMLSelectElement).value).toBe('SOL'));
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Get quote' }));
    expect(await screen.findByText(/More than available/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('says the price moved when the accept is refused, and drops the quote', async () => {
    stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': problem(409, 'price_moved', 'The books moved.'),
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    expect(await screen.findByText(/The price moved since this quote: nothing was converted/)).toBeTruthy();
    expect(screen.queryByTestId('convert-quote')).toBeNull();
  });

  it('converts and shows the reference, then lists it in the history', async () => {
    let converted = false;
    const result = {
      reference: '41',
      status: 'completed',
      from: 'SOL',
      to: 'USDT',
      fromAmount: '2.00000000',
      toAmount: '359.70000000',
      rate: '179.85000000',
      fee: '0.36000000',
      feeAsset: 'USDT',
      time: Date.now(),
    };
    stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': () => ({ body: { converts: converted ? [result] : [] } }),
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': () => {
        converted = true;
        return { body: result };
      },
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    const notice = await screen.findByText(/Converted 2.00 SOL to 359.70 USDT/);
    expect(notice.textContent).toContain('Reference 41');
    const history = screen.getByTestId('convert-history');
    await waitFor(() => expect(history.textContent).toContain('359.70 USDT'));
  });
});
