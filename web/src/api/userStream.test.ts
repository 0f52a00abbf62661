import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/money/fetchStub';
import { FakeWebSocket as FakeSocket } from '../testing/FakeWebSocket';

const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, sessionId: `s${n}`, userId: 1 });

async function load() {
  const session = await import('./session');
  const { userStream } = await import('./userStream');
  return { session, userStream };
}

describe('userStream', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    localStorage.clear();
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.resetModules();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('resyncs the owners when the stream first opens, and again after each reconnect', async () => {
    let keys = 0;
    stubFetch({ 'POST /api/v1/account/stream': () => ({ body: { listenKey: `key${++keys}` } }) });
    const { session, userStream } = await load();
    session.setTokens(tokens(1));
    const events: unknown[] = [];
    let resyncs = 0;
    const stop = userStream.subscribe({ onEvent: (e) => events.push(e), onResync: () => resyncs++ });
    await vi.advanceTimersByTimeAsync(0);

    const first = FakeSocket.all[0];
    expect(first.url).toMatch(/\/ws\/key1$/);
    expect(resyncs).toBe(0);
    // A fill between the page's first load and this open was never delivered: the owner reloads now.
    first.open();
    expect(resyncs).toBe(1);
    first.pushEvent({ e: 'executionReport', s: 'BTCUSDT' });
    expect(events).toEqual([{ e: 'executionReport', s: 'BTCUSDT' }]);

    first.close();
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.all[1];
    expect(second.url).toMatch(/\/ws\/key2$/);
    second.open();
    expect(resyncs).toBe(2);
    stop();
  });

  it('stops asking for a listenKey the server refuses with 403 until the tokens change', async () => {
    let allowed = false;
    const calls = stubFetch({
      'POST /api/v1/account/stream': () =>
        allowed ? { body: { listenKey: 'key' } } : problem(403, 'two_factor_setup_required', 'Turn on two-factor authentication first.'),
    });
    const { session, userStream } = await load();
    session.setTokens(tokens(1));
    userStream.subscribe({ onEvent: () => undefined });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.filter((c) => c.path === '/api/v1/account/stream').length).toBe(1);
    expect(FakeSocket.all).toEqual([]);

    // Another page mounting with the same refused tokens does not retry either.
    userStream.subscribe({ onEvent: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.path === '/api/v1/account/stream').length).toBe(1);

    allowed = true;
    session.setTokens(tokens(2)); // e.g. refreshed after enrolling 2FA
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.filter((c) => c.path === '/api/v1/account/stream').length).toBe(2);
    expect(FakeSocket.all.length).toBe(1);
  });

  it('stops when the listenKey request ends the session (401, refresh refused), and starts again on sign-in', async () => {
    let signedIn = false;
    const calls = stubFetch({
      'POST /api/v1/account/stream': () => (signedIn ? { body: { listenKey: 'key' } } : problem(401, 'session_expired', 'Sign in again.')),
      'POST /api/v1/auth/refresh': problem(401, 'invalid_token', 'Spent.'),
    });
    const { session, userStream } = await load();
    session.setTokens(tokens(1));
    userStream.subscribe({ onEvent: () => undefined });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(session.currentTokens()).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/account/stream').length).toBe(1);

    signedIn = true;
    session.setTokens(tokens(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all.length).toBe(1);
  });

  it('keeps retrying after a failure that may pass (a 503 or no answer)', async () => {
    let attempts = 0;
    stubFetch({
      'POST /api/v1/account/stream': () => (++attempts < 3 ? problem(503, 'unavailable', 'Busy.') : { body: { listenKey: 'key' } }),
    });
    const { session, userStream } = await load();
    session.setTokens(tokens(1));
    userStream.subscribe({ onEvent: () => undefined });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts).toBe(3);
    expect(FakeSocket.all.length).toBe(1);
  });
});
