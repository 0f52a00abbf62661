import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../../components/account/testing';
import { setTokens } from '../../api/session';
import { everyPermission, renderAdmin, signedIn } from '../testing';

const slow = { timeout: 5_000 };

const entry = {
  id: 41,
  operatorId: 1,
  roles: ['listing'],
  action: 'market.status',
  targetType: 'market',
  targetId: 'BTCUSDT',
  before: '{"status":"TRADING"}',
  after: '{"status":"HALTED"}',
  reason: 'incident',
  ip: '127.0.0.1',
  time: 0,
  hash: 'ab',
};

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the audit page', () => {
  it('filters the log and pages back with next', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/operator-audit': [
        { status: 200, body: { entries: [entry], next: 41 } },
        { status: 200, body: { entries: [{ ...entry, id: 40 }], next: null } },
        { status: 200, body: { entries: [entry], next: null } },
      ],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/audit');
    expect(await screen.findByText('{"status":"HALTED"}', {}, slow)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'More' }));
    await vi.waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
    await user.type(screen.getByLabelText('Action'), 'market.status');
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await vi.waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    const audit = calls.filter((c) => c.path.startsWith('/api/v1/admin/operator-audit?'));
    expect(audit.map((c) => c.path)).toEqual([
      '/api/v1/admin/operator-audit?limit=50',
      '/api/v1/admin/operator-audit?before=41&limit=50',
      '/api/v1/admin/operator-audit?action=market.status&limit=50',
    ]);
  });

  it('verifies the chain and says where it breaks', async () => {
    stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/operator-audit': [{ status: 200, body: { entries: [], next: null } }],
      'GET /api/v1/admin/operator-audit/verify': [
        { status: 200, body: { intact: true, entries: 12, firstBrokenId: null, detail: '' } },
        { status: 200, body: { intact: false, entries: 12, firstBrokenId: 7, detail: 'hash mismatch' } },
      ],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/audit');
    await user.click(await screen.findByRole('button', { name: 'Verify chain' }, slow));
    expect((await screen.findByTestId('chain-result')).textContent).toBe('Intact: 12 entries, each linked to the one before.');
    await user.click(screen.getByRole('button', { name: 'Verify chain' }));
    await vi.waitFor(() => expect(screen.getByTestId('chain-result').textContent).toBe('Broken at entry #7 (12 entries checked): hash mismatch'));
  });
});
