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

const completed = {
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

describe('ConvertPage when the accept answer is lost or repeated', () => {
  for (const [what, answer] of [
    ['the connection drops', { network: true as const }],
    ['the server answers 503', problem(503, 'unavailable', 'Try again later.')],
    ['the server answers 500', problem(500, 'internal', 'Oops.')],
    ['the quote was already accepted', problem(409, 'quote_already_accepted', 'Accepted before.')],
  ] as const) {
    it(`looks the convert up by reference when ${what}, and shows it converted when it was`, async () => {
      let converted = false;
      const calls = stubFetch({
        'GET /api/v1/account/balances': { body: balances },
        'GET /api/v1/convert/history': () => ({ body: { converts: converted ? [completed] : [] } }),
        'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
        'POST /api/v1/convert/quotes/41/accept': () => {
          converted = true; // the convert happened; only its answer is lost
          return answer;
        },
        'GET /api/v1/convert/41': () => (converted ? { body: completed } : problem(404, 'convert_not_found', 'No such convert.')),
      });
      renderInApp(<ConvertPage />);
      await askForQuote();
      fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));

      const notice = await screen.findByRole('status');
      expect(notice.textContent).toContain('Converted 2.00 SOL to 359.70 USDT');
      expect(notice.textContent).toContain('Reference 41');
      expect(screen.queryByTestId('convert-quote')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      // Balances and history reload (onConverted).
      await waitFor(() => expect(screen.getByTestId('convert-history').textContent).toContain('359.70 USDT'));
      expect(calls.filter((c) => c.path === '/api/v1/account/balances').length).toBeGreaterThan(1);
      expect(calls.filter((c) => c.path.endsWith('/accept')).length).toBe(1);
    });
  }

  it('offers to accept the same quote again while the lookup finds nothing yet and the quote is valid', async () => {
    let accepts = 0;
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': () => (++accepts === 1 ? problem(503, 'unavailable', 'Busy.') : { body: completed }),
      'GET /api/v1/convert/41': problem(404, 'convert_not_found', 'No such convert.'),
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    expect(await screen.findByText(/did not confirm your convert of 2\.00 SOL yet: it may still be going through\. Convert again uses the same quote/)).toBeTruthy();
    expect(screen.queryByText(/nothing was converted/)).toBeNull();
    expect(screen.getByTestId('convert-quote')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Convert' }));
    expect((await screen.findByRole('status')).textContent).toContain('Reference 41');
    expect(calls.filter((c) => c.path === '/api/v1/convert/quotes/41/accept').length).toBe(2);
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/convert/quotes').length).toBe(1);
    expect(screen.queryByTestId('convert-checking')).toBeNull();
    expect((screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('treats an accept answer that cannot be read as uncertain and looks the convert up', async () => {
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': { status: 200, raw: '{"reference":"41","from":"SO' },
      'GET /api/v1/convert/41': { body: completed },
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('Converted 2.00 SOL to 359.70 USDT');
    expect(screen.getByTestId('convert-reference').textContent).toBe('41');
    expect(calls.filter((c) => c.path === '/api/v1/convert/41').length).toBe(1);
    expect(calls.filter((c) => c.path.endsWith('/accept')).length).toBe(1);
  });

  it('holds back a new quote while it cannot tell whether the accept went through', async () => {
    let lookups = 0;
    stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': { network: true },
      'GET /api/v1/convert/41': () => (++lookups === 1 ? { network: true } : { body: completed }),
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    expect(await screen.findByText(/could not confirm whether your convert of 2.00 SOL went through/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect((await screen.findByRole('status')).textContent).toContain('Reference 41');
    expect((screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('ConvertPage quotes for the fields shown', () => {
  it('drops a quote that arrives after the amount changed, so Convert cannot accept the old amount', async () => {
    let answerQuote: (() => void) | undefined;
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': () =>
        new Promise((resolve) => {
          answerQuote = () => resolve({ status: 201, body: quote(10_000) });
        }),
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    await waitFor(() => expect(answerQuote).toBeDefined());
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '3' } });
    await act(async () => answerQuote?.());

    expect(calls.filter((c) => c.method === 'POST').length).toBe(1);
    expect(screen.queryByTestId('convert-quote')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Convert' })).toBeNull();
    expect((screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('drops a late quote when the assets were swapped while it was on its way', async () => {
    let answerQuote: (() => void) | undefined;
    stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': () =>
        new Promise((resolve) => {
          answerQuote = () => resolve({ status: 201, body: quote(10_000) });
        }),
    });
    renderInApp(<ConvertPage />);
    await askForQuote();
    await waitFor(() => expect(answerQuote).toBeDefined());
    fireEvent.click(screen.getByRole('button', { name: 'Swap the two assets' }));
    await act(async () => answerQuote?.());
    expect(screen.queryByTestId('convert-quote')).toBeNull();
  });
});

describe('ConvertPage settles a lost accept only once its quote can no longer convert', () => {
  const lookups = (calls: { path: string }[]) => calls.filter((c) => c.path === '/api/v1/convert/41').length;
  const getQuoteButton = () => screen.getByRole('button', { name: 'Get quote' }) as HTMLButtonElement;

  /** Accept fails with a 503; the lookup answers `second` the second time (404 the first). */
  async function lostAccept(second: () => { status?: number; body?: unknown }) {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let count = 0;
    const calls = stubFetch({
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/convert/history': { body: { converts: [] } },
      'POST /api/v1/convert/quotes': { status: 201, body: quote(10_000) },
      'POST /api/v1/convert/quotes/41/accept': problem(503, 'unavailable', 'Busy.'),
      'GET /api/v1/convert/41': () => (++count === 1 ? problem(404, 'convert_not_found', 'No such convert.') : second()),
    });
    const view = renderInApp(<ConvertPage />);
    await askForQuote();
    fireEvent.click(await screen.findByRole('button', { name: 'Convert' }));
    await screen.findByTestId('convert-checking');
    return { calls, view };
  }

  it('keeps checking after a 404 before expiry, whatever the fields, and says "not converted" only after expiry + 3 s', async () => {
    const { calls } = await lostAccept(() => problem(404, 'convert_not_found', 'No such convert.'));
    expect(lookups(calls)).toBe(1);
    expect(screen.queryByText(/nothing was converted/)).toBeNull();
    expect(getQuoteButton().disabled).toBe(true);

    // Editing the amount drops the quote from the form but not what is being checked: still no new quote.
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '3' } });
    expect(screen.getByTestId('convert-checking').textContent).toContain('Checking whether your convert of 2.00 SOL went through');
    expect(getQuoteButton().disabled).toBe(true);
    fireEvent.click(getQuoteButton());
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/convert/quotes').length).toBe(1);

    // Past the quote's expiry but within the margin: no conclusion yet.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(11_000);
    });
    expect(lookups(calls)).toBe(1);
    expect(screen.getByTestId('convert-checking')).toBeTruthy();
    expect(getQuoteButton().disabled).toBe(true);

    // At expiry + 3 s it looks again; a 404 now means nothing was converted.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_500);
    });
    await waitFor(() => expect(lookups(calls)).toBe(2));
    expect(await screen.findByText(/Your convert of 2\.00 SOL did not go through: nothing was converted/)).toBeTruthy();
    expect(screen.queryByTestId('convert-checking')).toBeNull();
    expect(getQuoteButton().disabled).toBe(false);

    // And it stops looking.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(lookups(calls)).toBe(2);

    fireEvent.click(getQuoteButton());
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/convert/quotes').length).toBe(2));
  });

  it('shows the convert when the lookup at expiry + 3 s finds it', async () => {
    const { calls } = await lostAccept(() => ({ body: completed }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(13_500);
    });
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('Converted 2.00 SOL to 359.70 USDT');
    expect(screen.getByTestId('convert-reference').textContent).toBe('41');
    expect(lookups(calls)).toBe(2);
    expect(screen.queryByTestId('convert-checking')).toBeNull();
    expect(screen.queryByText(/nothing was converted/)).toBeNull();
    expect(getQuoteButton().disabled).toBe(false);
  });

  it('stops looking when the page goes away', async () => {
    const { calls, view } = await lostAccept(() => ({ body: completed }));
    view.unmount();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(lookups(calls)).toBe(1);
  });
});
