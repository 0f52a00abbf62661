import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/account/testing';
import { setTokens } from '../api/session';
import { everyPermission, renderAdmin, signedIn } from './testing';

const dashboard = {
  users: 12,
  pendingProposals: 2,
  markets: [{ symbol: 'BTCUSDT', status: 'HALTED', volume24h: '1234.5', trades24h: 3 }],
  feesEarned: [{ asset: 'USDT', amount: '1.25' }],
  reconciliation: {
    balanced: true,
    assets: [
      {
        asset: 'USDT',
        supply: '100',
        held: '100',
        available: '99',
        locked: '1',
        staked: '0',
        feeAccount: '1.25',
        stakingRewardsAccount: '0',
        negativeBalances: 0,
        balanced: true,
      },
    ],
  },
};

// The lazily loaded pages take a moment to import on a busy machine.
const slow = { timeout: 5_000 };

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the admin area', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    setTokens(null);
    stubFetch({});
    renderAdmin('/admin/users?q=ann');
    expect((await screen.findByTestId('landed', {}, slow)).textContent).toBe('/login?next=%2Fadmin%2Fusers%3Fq%3Dann');
  });

  it('tells a signed-in trader they are not an operator', async () => {
    const calls = stubFetch({ 'GET /api/v1/admin/me': [problem(403, 'forbidden', 'This account may not do that.')] });
    renderAdmin('/admin');
    expect(await screen.findByRole('heading', { name: 'Not an operator' }, slow)).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Back office' })?.querySelectorAll('a')).toHaveLength(0);
    expect(calls.some((c) => c.path === '/api/v1/admin/dashboard')).toBe(false);
  });

  it('shows only the sections the operator may open', async () => {
    stubFetch({
      'GET /api/v1/admin/me': [
        { status: 200, body: { userId: 5, email: 'lister@example.com', roles: ['listing'], permissions: ['auditRead', 'listingManage', 'dashboardRead'] } },
      ],
      'GET /api/v1/admin/dashboard': [{ status: 200, body: dashboard }],
    });
    renderAdmin('/admin');
    await screen.findByRole('link', { name: 'Dashboard' }, slow);
    const nav = screen.getByRole('navigation', { name: 'Back office' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Dashboard', 'Listing', 'Audit log']);
  });

  it('refuses a section the roles do not open, without calling its API', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: { userId: 5, email: 'lister@example.com', roles: ['listing'], permissions: ['listingManage'] } }],
    });
    renderAdmin('/admin/operators');
    expect(await screen.findByRole('heading', { name: 'Not allowed' }, slow)).toBeTruthy();
    expect(calls.some((c) => c.path.startsWith('/api/v1/admin/operators'))).toBe(false);
  });

  it('shows the dashboard figures', async () => {
    stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/dashboard': [{ status: 200, body: dashboard }],
    });
    renderAdmin('/admin');
    expect((await screen.findByTestId('dashboard-users', {}, slow)).textContent).toBe('12');
    expect(screen.getByTestId('dashboard-pending').textContent).toBe('2');
    expect(screen.getByTestId('dashboard-reconciliation').textContent).toBe('Balanced');
    const btc = screen.getByTestId('dashboard-market-BTCUSDT');
    expect(btc.textContent).toContain('Halted');
    expect(btc.textContent).toContain('1,234.5');
  });

  it('lets a new operator set a password from the setup link without being signed in', async () => {
    setTokens(null);
    const calls = stubFetch({ 'POST /api/v1/auth/operator-setup': [{ status: 204 }] });
    const { default: userEvent } = await import('@testing-library/user-event');
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/setup?token=abc');
    await user.type(await screen.findByLabelText('Password', {}, slow), 'Operator-Setup-9x-Lake');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('status', {}, slow)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/login?next=/admin');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ token: 'abc', password: 'Operator-Setup-9x-Lake' });
  });
});
