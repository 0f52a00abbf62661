import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../../components/account/testing';
import { setTokens } from '../../api/session';
import { everyPermission, renderAdmin, signedIn } from '../testing';

const slow = { timeout: 5_000 };

function proposal(id: number, proposedBy: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    userId: 9,
    asset: 'USDT',
    amount: '250',
    reason: 'bank deposit',
    reference: `T-${id}`,
    status: 'pending',
    proposedBy,
    proposedAt: 0,
    expiresAt: 86_400_000,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    failure: null,
    ...extra,
  };
}

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the proposals page', () => {
  it('offers approval only on other operators’ proposals', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/adjustments': [
        { status: 200, body: [proposal(1, everyPermission.userId), proposal(2, 77)] },
        { status: 200, body: [proposal(1, everyPermission.userId)] },
      ],
      'POST /api/v1/admin/adjustments/2/approve': [{ status: 200, body: proposal(2, 77, { status: 'executed' }) }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/proposals');
    const mine = await screen.findByTestId('proposal-1', {}, slow);
    const theirs = screen.getByTestId('proposal-2');
    expect(within(mine).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(mine).getByText('Another operator must decide your own proposal.')).toBeTruthy();

    await user.click(within(theirs).getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(screen.queryByTestId('proposal-2')).toBeNull());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/admin/adjustments/2/approve']);
  });

  it('rejects with a reason, and shows the server’s refusal next to the proposal', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/adjustments': [{ status: 200, body: [proposal(2, 77)] }],
      'POST /api/v1/admin/adjustments/2/reject': [problem(409, 'proposal_decided', 'This proposal was already decided.')],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/proposals');
    const item = await screen.findByTestId('proposal-2', {}, slow);
    await user.click(within(item).getByRole('button', { name: 'Reject…' }));
    const reject = within(item).getByRole('button', { name: 'Reject' });
    expect((reject as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(item).getByLabelText('Reason for rejecting proposal 2'), 'duplicate');
    await user.click(reject);
    expect(await within(item).findByText('This proposal was already decided.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: 'duplicate' });
  });

  it('checks a proposal before sending it, then sends the signed amount', async () => {
    const calls = stubFetch({
      'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
      'GET /api/v1/admin/adjustments': [{ status: 200, body: [] }],
      'POST /api/v1/admin/adjustments': [{ status: 201, body: proposal(5, everyPermission.userId, { amount: '-1.5' }) }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/proposals');
    await user.click(await screen.findByRole('button', { name: 'Propose' }, slow));
    expect(screen.getByText('A user id: a positive whole number.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText('User id'), '9');
    await user.type(screen.getByLabelText('Asset'), 'usdt');
    await user.type(screen.getByLabelText('Amount'), '-1.5');
    await user.type(screen.getByLabelText('Reason'), 'fee refund');
    await user.type(screen.getByLabelText('Reference'), 'TICKET-5');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(await screen.findByText(/Proposal #5 is waiting/)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ userId: 9, asset: 'USDT', amount: '-1.5', reason: 'fee refund', reference: 'TICKET-5' });
  });
});
