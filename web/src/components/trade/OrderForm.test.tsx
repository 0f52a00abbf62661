import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setTokens } from '../../api/session';
import { solUsdtRules as rules } from '../../test-fixtures';
import { describePlacedOrder, OrderForm, type OrderFormProps } from './OrderForm';
import type { PlatformOrder } from '../../api/orders';
import { FakeWebSocket as FakeSocket } from '../../testing/FakeWebSocket';


function renderForm(props: Partial<OrderFormProps> = {}) {
  const utils = render(
    <MemoryRouter initialEntries={['/trade/SOLUSDT']}>
      <OrderForm rules={rules} signedIn available={{ base: '10.00000000', quote: '1000.00000000' }} lastPrice="180.00000000" {...props} />
    </MemoryRouter>,
  );
  const form = within(screen.getByRole('region', { name: 'Place order' }));
  return { ...utils, form };
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
}

/** The clientOrderIds of the orders sent through a stubbed fetch, in order. */
function sentOrderIds(fetch: ReturnType<typeof vi.fn>): string[] {
  return fetch.mock.calls
    .filter((call) => String((call as unknown as [string])[0]) === '/api/v1/orders')
    .map((call) => (JSON.parse((call as unknown as [string, RequestInit])[1].body as string) as { clientOrderId: string }).clientOrderId);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('OrderForm', () => {
  it('fills the amount from a percent of the available balance', async () => {
    const user = userEvent.setup();
    const { form } = renderForm();
    expect(form.getByTestId('available').textContent).toContain('Available: 1,000.00 USDT');
    await user.type(form.getByLabelText('Price'), '180.50');
    await user.click(form.getByRole('button', { name: '50%' }));
    // 500 USDT / 180.50, rounded down to the 0.001 lot step.
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('2.770');

    await user.click(form.getByRole('button', { name: 'Sell' }));
    expect(form.getByTestId('available').textContent).toContain('Available: 10.00 SOL');
    await user.click(form.getByRole('button', { name: '25%' }));
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('2.500');
    expect((form.getByRole('button', { name: 'Sell SOL' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the filter message next to a price off the tick', async () => {
    const user = userEvent.setup();
    const { form } = renderForm();
    const price = form.getByLabelText('Price');
    await user.type(price, '180.505');
    expect(price.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(price.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('Price must be a multiple of 0.01');
  });

  it('blocks a submit that breaks a filter and sends nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.type(form.getByLabelText('Price'), '180');
    await user.type(form.getByLabelText('Amount'), '0.02');
    expect(form.getByText('Order value must be at least 5 USDT')).toBeTruthy();
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(form.getByLabelText('Price'));
    await user.clear(form.getByLabelText('Amount'));
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect(form.getByText('Enter a price')).toBeTruthy();
    expect(form.getByText('Enter an amount')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('places a valid order, clears the amount and reports it', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(201, { orderId: 7, symbol: 'SOLUSDT', side: 'SELL', type: 'LIMIT_MAKER', status: 'NEW', price: '181.00000000', quantity: '1.50000000' }),
    );
    vi.stubGlobal('fetch', fetch);
    const onPlaced = vi.fn();
    const user = userEvent.setup();
    const { form } = renderForm({ onPlaced });
    await user.click(form.getByRole('button', { name: 'Sell' }));
    await user.click(form.getByRole('tab', { name: 'Post-only' }));
    expect(form.getByRole('tab', { name: 'Post-only' }).getAttribute('aria-selected')).toBe('true');
    await user.type(form.getByLabelText('Price'), '181');
    await user.type(form.getByLabelText('Amount'), '1.5{Enter}');

    expect((await form.findByRole('status')).textContent).toContain('Sell order placed: 1.5 SOL at 181.00');
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/orders');
    expect(init.method).toBe('POST');
    const body = JSON.parse(init.body as string) as Record<string, string>;
    expect(body).toMatchObject({ symbol: 'SOLUSDT', side: 'SELL', type: 'LIMIT_MAKER', price: '181', quantity: '1.5' });
    expect(body.clientOrderId).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('');
    expect((form.getByLabelText('Price') as HTMLInputElement).value).toBe('181');
    expect(onPlaced).toHaveBeenCalledWith(expect.objectContaining({ orderId: 7 }));
  });

  it('shows the server refusal next to the button and keeps the amount', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(409, { code: 'would_match_and_take', title: 'Refused.', detail: 'A post-only order would take liquidity.' }),
    );
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.click(form.getByRole('tab', { name: 'Post-only' }));
    await user.type(form.getByLabelText('Price'), '181');
    await user.type(form.getByLabelText('Amount'), '1');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect((await form.findByRole('alert')).textContent).toContain('A post-only order would take liquidity.');
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('1');
  });

  it('asks for a stop price on stop-limit and none on market', async () => {
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.click(form.getByRole('tab', { name: 'Stop-limit' }));
    expect(form.getByLabelText('Stop price')).toBeTruthy();
    await user.click(form.getByRole('tab', { name: 'Market' }));
    expect(form.queryByLabelText('Price')).toBeNull();
    expect(form.queryByLabelText('Stop price')).toBeNull();
  });

  it('takes a price picked in the order book', () => {
    const { form, rerender } = renderForm();
    rerender(
      <MemoryRouter>
        <OrderForm rules={rules} signedIn available={{ base: '10', quote: '1000' }} pickedPrice={{ price: '181.25', seq: 1 }} />
      </MemoryRouter>,
    );
    expect((form.getByLabelText('Price') as HTMLInputElement).value).toBe('181.25');
  });

  it('asks a signed-out visitor to sign in', () => {
    const { form } = renderForm({ signedIn: false });
    expect(form.getByRole('link', { name: 'Sign in to trade' }).getAttribute('href')).toBe('/login?next=%2Ftrade%2FSOLUSDT');
    expect(form.queryByLabelText('Amount')).toBeNull();
  });

  it('retries an order after a network error with the same clientOrderId, and uses a new one for the next order', async () => {
    const placed = { orderId: 9, symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', status: 'NEW', price: '180.00000000', quantity: '1.00000000', executedQuantity: '0', executedQuoteQuantity: '0' };
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls++;
      if (calls === 1) {
        throw new TypeError('Failed to fetch');
      }
      return jsonResponse(calls === 2 ? 200 : 201, placed);
    });
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.type(form.getByLabelText('Price'), '180');
    await user.type(form.getByLabelText('Amount'), '1');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect(await form.findByRole('alert')).toBeTruthy();
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('1');

    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect((await form.findByRole('status')).textContent).toContain('Buy order placed');
    await user.type(form.getByLabelText('Amount'), '1');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));

    const ids = fetch.mock.calls.map((call) => (JSON.parse((call as unknown as [string, RequestInit])[1].body as string) as { clientOrderId: string }).clientOrderId);
    expect(ids[0]).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('retries after a 503 with the same clientOrderId but not after a definite refusal', async () => {
    const answers = [
      jsonResponse(503, { code: 'server_busy', title: 'Busy.' }),
      jsonResponse(400, { code: 'insufficient_balance', title: 'Not enough USDT.' }),
      jsonResponse(400, { code: 'insufficient_balance', title: 'Not enough USDT.' }),
    ];
    const fetch = vi.fn(async () => answers.shift()!);
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.type(form.getByLabelText('Price'), '180');
    await user.type(form.getByLabelText('Amount'), '1');
    for (let i = 1; i <= 3; i++) {
      await user.click(form.getByRole('button', { name: 'Buy SOL' }));
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(i));
      await form.findByRole('alert');
    }
    const ids = fetch.mock.calls.map((call) => (JSON.parse((call as unknown as [string, RequestInit])[1].body as string) as { clientOrderId: string }).clientOrderId);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[1]);
  });

  it('reports what a market order that expired after a partial fill executed, in the warning style, and keeps the amount', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(201, {
        orderId: 11, symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', status: 'EXPIRED', price: '0', quantity: '5568.23800000',
        executedQuantity: '33.67100000', executedQuoteQuantity: '6057.41290000', quoteQuantity: '0',
      }),
    );
    const user = userEvent.setup();
    const { form } = renderForm({ available: { base: '0', quote: '2000000' } });
    await user.click(form.getByRole('tab', { name: 'Market' }));
    await user.type(form.getByLabelText('Amount'), '5568.238');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    const notice = await form.findByRole('status');
    expect(notice.textContent).toBe('Buy order expired: filled 33.671 of 5,568.238 SOL (avg 179.90)');
    expect(notice.className).toContain('warning');
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('5568.238');
  });

  it('sends a market buy by percent as the quote amount to spend', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(201, { orderId: 12, symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', status: 'FILLED', price: '0', quantity: '1.38000000', executedQuantity: '1.38000000', executedQuoteQuantity: '249.90000000', quoteQuantity: '250.00000000' }),
    );
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.click(form.getByRole('tab', { name: 'Market' }));
    await user.click(form.getByRole('button', { name: '25%' }));
    // 250 USDT / 180 last price, rounded down to the step: only an estimate of what 250 USDT buys.
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('1.388');
    expect(form.getByTestId('spend').textContent).toContain('Spends 250.00 USDT');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect((await form.findByRole('status')).textContent).toBe('Buy order filled: 1.38 SOL (avg 181.08)');
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string) as Record<string, string>;
    expect(body).toMatchObject({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quoteQuantity: '250' });
    expect(body.quantity).toBeUndefined();
  });

  it('still sends a 100% market buy as the quote amount after the last price ticks up', async () => {
    const fetch = vi.fn(async () =>
      jsonResponse(201, { orderId: 14, symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', status: 'FILLED', price: '0', quantity: '5.553', executedQuantity: '5.553', executedQuoteQuantity: '999.98', quoteQuantity: '1000' }),
    );
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form, rerender } = renderForm();
    await user.click(form.getByRole('tab', { name: 'Market' }));
    await user.click(form.getByRole('button', { name: '100%' }));
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('5.555');
    // 5.555 SOL at 180.05 is 1,000.18 USDT, more than the 1,000 available; but the order spends exactly 1,000.
    rerender(
      <MemoryRouter initialEntries={['/trade/SOLUSDT']}>
        <OrderForm rules={rules} signedIn available={{ base: '10.00000000', quote: '1000.00000000' }} lastPrice="180.05000000" />
      </MemoryRouter>,
    );
    expect(form.getByTestId('spend').textContent).toContain('Spends 1,000.00 USDT');
    expect(form.queryByText(/Not enough USDT/)).toBeNull();
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    expect((await form.findByRole('status')).textContent).toBe('Buy order filled: 5.553 SOL (avg 180.07)');
    expect(fetch).toHaveBeenCalledTimes(1);
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string) as Record<string, string>;
    expect(body).toMatchObject({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quoteQuantity: '1000' });
    expect(body.quantity).toBeUndefined();
  });

  it('says an answer replayed from an earlier attempt placed no new order, keeps the amount, and the next click is a new order', async () => {
    const first = { orderId: 9, symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', status: 'NEW', price: '180.00000000', quantity: '1.00000000', executedQuantity: '0', executedQuoteQuantity: '0' };
    const second = { ...first, orderId: 10 };
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls++;
      if (calls === 1) {
        throw new TypeError('Failed to fetch');
      }
      return calls === 2 ? jsonResponse(200, first, { 'Idempotent-Replayed': 'true' }) : jsonResponse(201, second);
    });
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.type(form.getByLabelText('Price'), '180');
    await user.type(form.getByLabelText('Amount'), '1');
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    await form.findByRole('alert');

    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    const notice = await form.findByRole('status');
    expect(notice.textContent).toBe('Your earlier attempt went through — no new order was placed: Buy order placed: 1 SOL at 180.00');
    expect(notice.className).toContain('warning');
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('1');

    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    await vi.waitFor(() => expect(form.getByRole('status').textContent).toBe('Buy order placed: 1 SOL at 180.00'));
    const ids = sentOrderIds(fetch);
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('takes an unanswered order that shows up on the user stream as settled: the next click is a new order', async () => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, sessionId: 's', userId: 1 });
    try {
      let orders = 0;
      const fetch = vi.fn(async (url: string) => {
        if (url === '/api/v1/account/stream') {
          return jsonResponse(200, { listenKey: 'key1' });
        }
        orders++;
        if (orders <= 2) {
          throw new TypeError('Failed to fetch');
        }
        return jsonResponse(201, { orderId: 11, symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', status: 'NEW', price: '180', quantity: '1', executedQuantity: '0', executedQuoteQuantity: '0' });
      });
      vi.stubGlobal('fetch', fetch);
      const user = userEvent.setup();
      const { form } = renderForm();
      await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
      const socket = FakeSocket.all[0];
      const push = (event: unknown) => act(() => socket.onmessage?.({ data: JSON.stringify(event) }));
      act(() => {
        socket.readyState = FakeSocket.OPEN;
        socket.onopen?.();
      });

      await user.type(form.getByLabelText('Price'), '180');
      await user.type(form.getByLabelText('Amount'), '1');
      await user.click(form.getByRole('button', { name: 'Buy SOL' }));
      await vi.waitFor(() => expect(sentOrderIds(fetch)).toHaveLength(1));
      const [firstId] = sentOrderIds(fetch);
      // Another order's report changes nothing: the retry still reuses the unanswered attempt's clientOrderId.
      push({ e: 'executionReport', s: 'SOLUSDT', c: 'web:another', i: 3, X: 'NEW' });
      await user.click(form.getByRole('button', { name: 'Buy SOL' }));
      await vi.waitFor(() => expect(sentOrderIds(fetch)).toHaveLength(2));
      expect(sentOrderIds(fetch)[1]).toBe(firstId);

      // The unanswered order's own report: it was placed, so the next click is a new order with a new clientOrderId.
      push({ e: 'executionReport', s: 'SOLUSDT', c: firstId, i: 11, X: 'NEW' });
      await user.click(form.getByRole('button', { name: 'Buy SOL' }));
      await form.findByRole('status');
      const ids = sentOrderIds(fetch);
      expect(ids).toHaveLength(3);
      expect(ids[2]).not.toBe(firstId);
    } finally {
      setTokens(null);
    }
  });

  it('sends a market buy by amount once the trader typed the amount after a percent', async () => {
    const fetch = vi.fn(async () => jsonResponse(201, { orderId: 13, symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', status: 'FILLED', price: '0', quantity: '1', executedQuantity: '1', executedQuoteQuantity: '180' }));
    vi.stubGlobal('fetch', fetch);
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.click(form.getByRole('tab', { name: 'Market' }));
    await user.click(form.getByRole('button', { name: '25%' }));
    await user.clear(form.getByLabelText('Amount'));
    await user.type(form.getByLabelText('Amount'), '1');
    expect(form.queryByTestId('spend')).toBeNull();
    await user.click(form.getByRole('button', { name: 'Buy SOL' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string) as Record<string, string>;
    expect(body).toMatchObject({ type: 'MARKET', quantity: '1' });
    expect(body.quoteQuantity).toBeUndefined();
  });

  it('says to enter a price first when a buy percent has no price to convert at', async () => {
    const user = userEvent.setup();
    const { form } = renderForm();
    await user.click(form.getByRole('button', { name: '25%' }));
    expect(form.getByText('Enter a price first')).toBeTruthy();
    await user.type(form.getByLabelText('Price'), '100');
    expect(form.queryByText('Enter a price first')).toBeNull();
    await user.click(form.getByRole('button', { name: '25%' }));
    expect((form.getByLabelText('Amount') as HTMLInputElement).value).toBe('2.500');
  });
});

describe('describePlacedOrder', () => {
  const order = (fields: Partial<PlatformOrder>): PlatformOrder => ({
    orderId: 1, symbol: 'SOLUSDT', clientOrderId: 'web:1', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', status: 'NEW',
    price: '180.00000000', quantity: '2.00000000', executedQuantity: '0.00000000', executedQuoteQuantity: '0.00000000', quoteQuantity: '0', selfTradePrevention: 'NONE',
    ...fields,
  });

  it('words each outcome from what executed', () => {
    expect(describePlacedOrder(order({ status: 'FILLED', executedQuantity: '2', executedQuoteQuantity: '359.5' }), rules)).toEqual({
      text: 'Buy order filled: 2 SOL (avg 179.75)', warning: false, clearAmount: true,
    });
    expect(describePlacedOrder(order({ status: 'NEW' }), rules)).toEqual({ text: 'Buy order placed: 2 SOL at 180.00', warning: false, clearAmount: true });
    const partial = describePlacedOrder(order({ status: 'PARTIALLY_FILLED', executedQuantity: '0.5', executedQuoteQuantity: '90' }), rules);
    expect(partial.text).toBe('Buy order partially filled: filled 0.5 of 2 SOL (avg 180.00); the rest is on the book');
    expect(partial.warning).toBe(true);
    // By quote amount: 249.90 of 250 USDT spent, the 0.10 left buys less than a lot (0.001 × 180): filled, not a warning.
    const spent = order({ type: 'MARKET', status: 'EXPIRED', price: '0', quantity: '1.388', executedQuantity: '1.388', executedQuoteQuantity: '249.9', quoteQuantity: '250' });
    expect(describePlacedOrder(spent, rules)).toEqual({ text: 'Buy order filled: 1.388 SOL (avg 180.04)', warning: false, clearAmount: true });
    const halfSpent = order({ type: 'MARKET', status: 'EXPIRED', price: '0', quantity: '0.7', executedQuantity: '0.7', executedQuoteQuantity: '126', quoteQuantity: '250' });
    expect(describePlacedOrder(halfSpent, rules).warning).toBe(true);
    const nothing = describePlacedOrder(order({ type: 'MARKET', status: 'EXPIRED', price: '0' }), rules);
    expect(nothing).toEqual({ text: 'Buy order expired: nothing filled of 2 SOL', warning: true, clearAmount: false });
  });
});
