import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../components/money/fetchStub';
import { admin, can, completeOperatorSetup, type Me } from './admin';
import { ApiError } from './ApiError';
import { setTokens } from './session';

beforeEach(() => setTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 1 }));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the admin API client', () => {
  it('sends each call to its contract path with its method and body', async () => {
    const calls = stubFetch({
      'PUT /api/v1/admin/markets/BTCUSDT/status': { body: { symbol: 'BTCUSDT', status: 'HALTED' } },
      'POST /api/v1/admin/markets/BTCUSDT/delist': { body: { symbol: 'BTCUSDT', status: 'DELISTED' } },
      'POST /api/v1/admin/users/7/sessions/revoke': { status: 204 },
      'POST /api/v1/admin/users/7/api-keys/revoke': { status: 204 },
      'POST /api/v1/admin/adjustments': { status: 201, body: { id: 3 } },
      'POST /api/v1/admin/adjustments/3/reject': { body: { id: 3, status: 'rejected' } },
      'PUT /api/v1/admin/users/7/restrictions': { body: { trading: true, withdrawals: false, login: false, reason: 'kyc' } },
    });

    await admin.setMarketStatus('BTCUSDT', 'HALTED', 'incident');
    await admin.delistMarket('BTCUSDT', 'project ended');
    await admin.revokeSessions(7);
    await admin.revokeSessions(7, 'sess-1');
    await admin.revokeApiKeys(7, 'key-1');
    await admin.proposeAdjustment({ userId: 7, asset: 'USDT', amount: '-1.5', reason: 'refund', reference: 'T-1' });
    await admin.rejectAdjustment(3, 'wrong user');
    await admin.setRestrictions(7, { trading: true, withdrawals: false, login: false, reason: 'kyc', cancelOpenOrders: true });

    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', '/api/v1/admin/markets/BTCUSDT/status', { status: 'HALTED', reason: 'incident' }],
      ['POST', '/api/v1/admin/markets/BTCUSDT/delist', { reason: 'project ended' }],
      ['POST', '/api/v1/admin/users/7/sessions/revoke', {}],
      ['POST', '/api/v1/admin/users/7/sessions/revoke', { sessionId: 'sess-1' }],
      ['POST', '/api/v1/admin/users/7/api-keys/revoke', { keyId: 'key-1' }],
      ['POST', '/api/v1/admin/adjustments', { userId: 7, asset: 'USDT', amount: '-1.5', reason: 'refund', reference: 'T-1' }],
      ['POST', '/api/v1/admin/adjustments/3/reject', { reason: 'wrong user' }],
      ['PUT', '/api/v1/admin/users/7/restrictions', { trading: true, withdrawals: false, login: false, reason: 'kyc', cancelOpenOrders: true }],
    ]);
  });

  it('leaves empty audit filters out of the query and pages with before', async () => {
    const calls = stubFetch({ 'GET /api/v1/admin/operator-audit': { body: { entries: [], next: null } } });
    await admin.audit({ action: 'market.halt', targetId: '' }, 41, 20);
    expect(calls[0].query.toString()).toBe('action=market.halt&before=41&limit=20');
  });

  it('escapes path segments it did not make', async () => {
    const calls = stubFetch({ 'PUT /api/v1/admin/assets/A%2FB': { body: {} } });
    await admin.updateAsset('A/B', { name: 'x' });
    expect(calls[0].path).toBe('/api/v1/admin/assets/A%2FB');
  });

  it('sets up an operator without the session of whoever is signed in', async () => {
    const seen: Array<string | null> = [];
    vi.stubGlobal('fetch', async (_: string, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('Authorization'));
      return new Response(null, { status: 204 });
    });
    await completeOperatorSetup('tok', 'a long enough password');
    expect(seen).toEqual([null]);
  });

  it('turns a refusal into an ApiError with the problem code', async () => {
    stubFetch({ 'GET /api/v1/admin/me': { status: 403, body: { status: 403, code: 'forbidden', detail: 'This account may not do that.' } } });
    const error = await admin.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('forbidden');
  });

  it('reads permissions from /me', () => {
    const me: Me = { userId: 1, email: 'a@example.com', roles: ['listing'], permissions: ['listingManage', 'auditRead', 'dashboardRead'] };
    expect(can(me, 'listingManage')).toBe(true);
    expect(can(me, 'usersRead')).toBe(false);
    expect(can(null, 'dashboardRead')).toBe(false);
  });
});
