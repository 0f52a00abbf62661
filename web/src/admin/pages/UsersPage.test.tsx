import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../../components/account/testing';
import { setTokens } from '../../api/session';
import { everyPermission, renderAdmin, signedIn } from '../testing';

const slow = { timeout: 5_000 };

function summary(userId: number, email: string, frozen = false) {
  return { userId, email, emailVerified: true, twoFactorEnabled: false, restrictions: { trading: frozen, withdrawals: false, login: false }, createdAt: 0 };
}

const detail = {
  profile: { userId: 9, email: 'ann@example.com', emailVerified: true, twoFactorEnabled: true, twoFactorRequired: false, createdAt: 0, feeTier: 0 },
  restrictions: { trading: false, withdrawals: false, login: false, reason: null },
  balances: [{ asset: 'USDT', available: '250.00000000', locked: '0', staked: '0' }],
  openOrders: [],
  recentTrades: [],
  sessions: [{ id: 'sess-1', createdAt: 0, lastSeenAt: 0, ip: '10.0.0.1', userAgent: 'Firefox', secondFactor: true }],
  apiKeys: [{ id: 'key-1', label: 'bot', permissions: ['read'], createdAt: 0, revoked: false }],
  securityLog: [{ type: 'login_succeeded', time: 0, ip: '10.0.0.1', detail: null }],
};

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('finding and handling a user', () => {
  it('searches from the address on arrival and pages with More', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/users': [
        { status: 200, body: { users: [summary(12, 'ann@example.com', true)], next: 12 } },
        { status: 200, body: { users: [summary(3, 'annie@example.com')], next: null } },
      ],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/users?q=ann');
    const results = await screen.findByTestId('user-results', {}, slow);
    expect(within(results).getByRole('link', { name: 'ann@example.com' }).getAttribute('href')).toBe('/admin/users/12');
    expect(within(results).getByText('trading')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'More' }));
    await within(results).findByRole('link', { name: 'annie@example.com' });
    expect(screen.queryByRole('button', { name: 'More' })).toBeNull();
    expect(calls.filter((c) => c.path.startsWith('/api/v1/admin/users?')).map((c) => c.path)).toEqual([
      '/api/v1/admin/users?q=ann&limit=50',
      '/api/v1/admin/users?q=ann&before=12&limit=50',
    ]);
  });

  it('freezes only with a reason, and revokes one session', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/users/9': [
        { status: 200, body: detail },
        { status: 200, body: { ...detail, restrictions: { trading: true, withdrawals: true, login: false, reason: 'chargeback' } } },
      ],
      'PUT /api/v1/admin/users/9/restrictions': [{ status: 200, body: { trading: true, withdrawals: true, login: false, reason: 'chargeback' } }],
      'POST /api/v1/admin/users/9/sessions/revoke': [{ status: 204 }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/users/9');
    await screen.findByRole('heading', { name: 'ann@example.com', level: 1 }, slow);
    expect(screen.getByTestId('user-balance-USDT').textContent).toContain('250.00');

    await user.click(screen.getByRole('checkbox', { name: 'Trading' }));
    await user.click(screen.getByRole('checkbox', { name: 'Withdrawals' }));
    await user.click(screen.getByRole('button', { name: 'Save restrictions' }));
    expect(screen.getByText('Give a reason: it is kept in the audit log and shown here.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.type(screen.getByLabelText('Reason'), 'chargeback');
    await user.click(screen.getByRole('checkbox', { name: 'Cancel open orders' }));
    await user.click(screen.getByRole('button', { name: 'Save restrictions' }));
    await vi.waitFor(() => expect(screen.getByTestId('restrictions-state').textContent).toBe('Frozen: trading, withdrawals — chargeback'));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ trading: true, withdrawals: true, login: false, reason: 'chargeback', cancelOpenOrders: true });

    await user.click(screen.getByRole('button', { name: /Revoke session started/ }));
    await vi.waitFor(() => expect(calls.some((c) => c.path === '/api/v1/admin/users/9/sessions/revoke')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/admin/users/9/sessions/revoke')?.body).toEqual({ sessionId: 'sess-1' });
  });
});
