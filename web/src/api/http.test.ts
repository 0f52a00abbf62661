import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, apiWithHeaders, isReplayed } from './http';
import { currentTokens, setTokens, type Tokens } from './session';

const tokens = (n: number): Tokens => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 600,
  sessionId: 's',
  userId: 1,
});

const reply = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('api()', () => {
  let calls: Array<{ url: string; authorization?: string; body?: string }>;

  beforeEach(() => {
    calls = [];
    setTokens(tokens(1));
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setTokens(null);
  });

  it('refreshes an expired token once for concurrent calls and retries them with the new one', async () => {
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const authorization = (init.headers as Record<string, string>).Authorization;
      calls.push({ url, authorization, body: init.body as string | undefined });
      if (url === '/api/v1/auth/refresh') {
        return reply(200, tokens(2));
      }
      return authorization === 'Bearer access-2' ? reply(200, { ok: true }) : reply(401, { code: 'token_expired', detail: 'expired' });
    });

    const results = await Promise.all([api('/api/v1/a'), api('/api/v1/b'), api('/api/v1/c')]);

    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    const refreshes = calls.filter((c) => c.url === '/api/v1/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(JSON.parse(refreshes[0].body!)).toEqual({ refreshToken: 'refresh-1' });
    expect(currentTokens()?.accessToken).toBe('access-2');
  });

  it('signs out when the session is over and throws the API error', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url === '/api/v1/auth/refresh'
        ? reply(401, { code: 'invalid_refresh_token', detail: 'no' })
        : reply(401, { code: 'session_expired', detail: 'The session has ended; sign in again.' }),
    );

    await expect(api('/api/v1/account')).rejects.toMatchObject({ status: 401, code: 'session_expired' });
    expect(currentTokens()).toBeNull();
  });

  it('sends JSON bodies and query parameters, leaving out empty ones', async () => {
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, body: init.body as string });
      return reply(201, { id: 7 });
    });

    const created = await api<{ id: number }>('/api/v1/orders', { method: 'POST', body: { symbol: 'BTCUSDT' }, query: { a: 1, b: undefined, c: '' } });

    expect(created.id).toBe(7);
    expect(calls[0].url).toBe('/api/v1/orders?a=1');
    expect(JSON.parse(calls[0].body!)).toEqual({ symbol: 'BTCUSDT' });
  });

  it('turns a network failure into an ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api('/api/v1/account')).rejects.toMatchObject({ code: 'network' });
  });

  it('uses the pair another tab refreshed meanwhile instead of rotating it again', async () => {
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const authorization = (init.headers as Record<string, string>).Authorization;
      calls.push({ url, authorization });
      if (authorization === 'Bearer access-1') {
        // While this request was out, another tab refreshed: its pair is in storage and in memory now.
        setTokens(tokens(2));
        return reply(401, { code: 'token_expired', detail: 'expired' });
      }
      return reply(200, { ok: true });
    });

    expect(await api('/api/v1/account')).toEqual({ ok: true });
    expect(calls.map((c) => c.url)).not.toContain('/api/v1/auth/refresh');
    expect(calls.at(-1)?.authorization).toBe('Bearer access-2');
  });
});

describe('apiWithHeaders()', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setTokens(null);
  });

  it('hands back the body and the headers of the answer, those of the retry after a refresh', async () => {
    setTokens(tokens(1));
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const authorization = (init.headers as Record<string, string>).Authorization;
      if (url === '/api/v1/auth/refresh') {
        return reply(200, tokens(2));
      }
      if (authorization !== 'Bearer access-2') {
        return new Response(JSON.stringify({ code: 'token_expired' }), { status: 401, headers: { 'Idempotent-Replayed': 'false' } });
      }
      return new Response(JSON.stringify({ orderId: 9 }), { status: 200, headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' } });
    });

    const { body, headers } = await apiWithHeaders<{ orderId: number }>('/api/v1/orders', { method: 'POST', body: { clientOrderId: 'x' } });

    expect(body).toEqual({ orderId: 9 });
    expect(isReplayed(headers)).toBe(true);
  });

  it('says not replayed when the header is absent, and throws the API error like api()', async () => {
    vi.stubGlobal('fetch', async (url: string) =>
      url === '/api/v1/ok' ? reply(201, { ok: true }) : new Response(JSON.stringify({ code: 'insufficient_balance', detail: 'No.' }), { status: 409 }),
    );

    const { body, headers } = await apiWithHeaders('/api/v1/ok', { method: 'POST' });
    expect(body).toEqual({ ok: true });
    expect(isReplayed(headers)).toBe(false);
    await expect(apiWithHeaders('/api/v1/no', { method: 'POST' })).rejects.toMatchObject({ status: 409, code: 'insufficient_balance' });
  });
});
