import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../../components/account/testing';
import { setTokens } from '../../api/session';
import { everyPermission, renderAdmin, signedIn } from '../testing';

const slow = { timeout: 5_000 };
const bea = { userId: 8, email: 'bea@example.com', roles: ['support'], disabled: false, createdAt: 0 };

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the operators page', () => {
  it('invites with roles and shows the one-time setup link', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/operators': [{ status: 200, body: [] }],
      'POST /api/v1/admin/operators': [
        { status: 201, body: { userId: 9, email: 'cy@example.com', roles: ['treasury'], setupLink: 'http://x/admin/setup?token=t1' } },
      ],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/operators');
    const invite = await screen.findByRole('button', { name: 'Invite' }, slow);
    expect((invite as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText('Email'), 'cy@example.com');
    await user.click(within(screen.getByRole('group', { name: 'Roles' })).getByRole('checkbox', { name: 'treasury' }));
    await user.click(invite);
    expect((await screen.findByTestId('setup-link')).textContent).toBe('http://x/admin/setup?token=t1');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ email: 'cy@example.com', roles: ['treasury'] });
  });

  it('changes an operator’s roles, and disables only after confirming', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/operators': [{ status: 200, body: [bea] }],
      'PUT /api/v1/admin/operators/8/roles': [{ status: 200, body: { ...bea, roles: ['support', 'compliance'] } }],
      'POST /api/v1/admin/operators/8/disable': [{ status: 204 }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/operators');
    const item = await screen.findByTestId('operator-8', {}, slow);
    await user.click(within(within(item).getByRole('group', { name: 'Roles of bea@example.com' })).getByRole('checkbox', { name: 'compliance' }));
    await user.click(within(item).getByRole('button', { name: 'Save roles' }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ roles: ['support', 'compliance'] });

    await user.click(within(item).getByRole('button', { name: 'Disable…' }));
    expect(calls.some((c) => c.path.endsWith('/disable'))).toBe(false);
    await user.click(within(item).getByRole('button', { name: 'Disable bea@example.com' }));
    await vi.waitFor(() => expect(calls.some((c) => c.path === '/api/v1/admin/operators/8/disable')).toBe(true));
  });
});
