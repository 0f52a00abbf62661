import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/account/testing';
import { ApiError } from './ApiError';
import { api } from './http';
import { currentTokens, setTokens } from './session';

const tokens = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 7 };

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('api', () => {
  it('refreshes an expired access token once and repeats the call', async () => {
    setTokens(tokens);
    const calls = stubFetch({
      'GET /api/v1/account': [problem(401, 'token_expired', 'expired'), { status: 200, body: { id: 7 } }],
      'POST /api/v1/auth/refresh': [{ status: 200, body: { ...tokens, accessToken: 'a2', refreshToken: 'r2' } }],
    });
    expect(await api('/api/v1/account')).toEqual({ id: 7 });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/account', 'POST /api/v1/auth/refresh', 'GET /api/v1/account']);
  });

  it('does not refresh and resend a wrong step-up code (the retry would count as a second failure)', async () => {
    setTokens(tokens);
    const calls = stubFetch({ 'POST /api/v1/account/2fa/disable': [problem(401, 'invalid_two_factor_code', 'wrong code')] });
    await expect(api('/api/v1/account/2fa/disable', { method: 'POST', body: { code: '000000' } })).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
  });

  it('signs out when the session was revoked elsewhere (refresh refused)', async () => {
    setTokens(tokens);
    stubFetch({
      'GET /api/v1/sessions': [problem(401, 'session_expired', 'The session has ended; sign in again.')],
      'POST /api/v1/auth/refresh': [problem(401, 'session_expired', 'The session has ended; sign in again.')],
    });
    await expect(api('/api/v1/sessions')).rejects.toMatchObject({ code: 'session_expired' });
    expect(currentTokens()).toBeNull();
  });
});
