import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/account/testing';
import { ApiError } from './ApiError';
import { api } from './http';
import { setTokens } from './session';

const tokens = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 7 };

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('api() and 401s that are not about the token', () => {
  it('does not refresh and resend a wrong step-up code (the retry would count as a second failure)', async () => {
    setTokens(tokens);
    const calls = stubFetch({ 'POST /api/v1/account/2fa/disable': [problem(401, 'invalid_two_factor_code', 'wrong code')] });
    await expect(api('/api/v1/account/2fa/disable', { method: 'POST', body: { code: '000000' } })).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
  });
});
