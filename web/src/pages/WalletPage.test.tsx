import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch, type StubAnswer } from '../components/money/fetchStub';
import { renderInApp } from '../components/money/renderInApp';
import { setTokens } from '../api/session';
import { WalletPage } from './WalletPage';

const balances = [
  { asset: 'SOL', free: '1000.00000000', locked: '2.50000000', staked: '10.00000000' },
  { asset: 'USDT', free: '150.12000000', locked: '0.00000000', staked: '0.00000000' },
];

const transfer = {
  id: 77,
  direction: 'out',
  asset: 'USDT',
  amount: '25.00000000',
  counterparty: { userId: 2, email: 'b***@demo.bourse.local' },
  clientReference: 'x',
  status: 'completed',
  createdAt: 1,
};

function routes(extra: Record<string, StubAnswer> = {}): Record<string, StubAnswer> {
  return {
    'GET /api/v1/account/balances': { body: balances },
    'GET /api/v1/wallet/history': { body: { activities: [] } },
    ...extra,
  };
}

afterEach(() => vi.unstubAllGlobals());

async function fillTransfer(email: string, amount: string) {
  await waitFor(() => expect((screen.getByLabelText('Asset') as HTMLSelectElement).value).toBe('USDT'));
  fireEvent.change(screen.getByLabelText('Recipient email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Amount'), { target: { value: amount } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
}

describe('WalletPage', () => {
  it('shows free, locked and staked per asset', async () => {
    stubFetch(routes());
    renderInApp(<WalletPage />);
    const sol = await screen.findByTestId('balance-SOL');
    expect(within(sol).getByTestId('free-SOL').textContent).toBe('1,000.00');
    expect(within(sol).getByTestId('locked-SOL').textContent).toBe('2.50');
    expect(within(sol).getByTestId('staked-SOL').textContent).toBe('10.00');
    expect(screen.getByTestId('free-USDT').textContent).toBe('150.12');
  });

  it('checks the transfer form before sending: email, amount, balance', async () => {
    const calls = stubFetch(routes());
    renderInApp(<WalletPage />);
    await fillTransfer('not-an-email', '');
    expect(await screen.findByText('Enter the recipient’s email address.')).toBeTruthy();
    expect(screen.getByText('Enter an amount.')).toBeTruthy();

    await fillTransfer('bob@demo.bourse.local', '150.13');
    expect(await screen.findByText('More than available (150.12).')).toBeTruthy();
    expect(screen.queryByText('Enter the recipient’s email address.')).toBeNull();

    await fillTransfer('bob@demo.bourse.local', '1.123456789');
    expect(await screen.findByText('At most 8 decimals.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/v1/transfers')).toBe(false);
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
  });

  it('sends with a client reference, says Sent, and reuses the reference only to retry an unanswered attempt', async () => {
    let attempts = 0;
    const calls = stubFetch(
      routes({
        'POST /api/v1/transfers': () => (++attempts === 1 ? problem(503, 'server_busy', 'Busy, retry.') : { status: 201, body: transfer }),
      }),
    );
    renderInApp(<WalletPage />);
    await fillTransfer('bob@demo.bourse.local', '25');
    expect(await screen.findByText('Busy, retry.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/Sent 25.00 USDT to b\*\*\*@demo.bourse.local/)).toBeTruthy();

    const posts = calls.filter((c) => c.path === '/api/v1/transfers');
    expect(posts).toHaveLength(2);
    const [first, retry] = posts.map((p) => p.body as Record<string, string>);
    expect(first).toMatchObject({ toEmail: 'bob@demo.bourse.local', asset: 'USDT', amount: '25' });
    expect(first.clientReference).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(retry.clientReference).toBe(first.clientReference);

    // A new transfer (even of the same amount) gets a new reference.
    await fillTransfer('bob@demo.bourse.local', '25');
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/transfers')).toHaveLength(3));
    const third = calls.filter((c) => c.path === '/api/v1/transfers')[2].body as Record<string, string>;
    expect(third.clientReference).not.toBe(first.clientReference);
  });

  it('says a transfer answered as a replay of an earlier attempt sent nothing new, and the next Send is a new transfer', async () => {
    let attempts = 0;
    const calls = stubFetch(
      routes({
        'POST /api/v1/transfers': () => {
          attempts++;
          if (attempts === 1) {
            return { network: true };
          }
          return attempts === 2 ? { status: 200, body: transfer, headers: { 'Idempotent-Replayed': 'true' } } : { status: 201, body: { ...transfer, id: 78 } };
        },
      }),
    );
    renderInApp(<WalletPage />);
    await fillTransfer('bob@demo.bourse.local', '25');
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/transfers')).toHaveLength(1));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const notice = await screen.findByText(/Your earlier attempt went through — no new transfer was made: Sent 25.00 USDT/);
    expect(notice.getAttribute('role')).toBe('status');
    expect((screen.getByLabelText('Amount') as HTMLInputElement).value).toBe('25');

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/^Sent 25.00 USDT .*\(transfer 78\)/)).toBeTruthy();
    const references = calls.filter((c) => c.path === '/api/v1/transfers').map((c) => (c.body as Record<string, string>).clientReference);
    expect(references).toHaveLength(3);
    expect(references[1]).toBe(references[0]);
    expect(references[2]).not.toBe(references[0]);
  });

  it('asks for the authentication code when two-factor authentication is on and sends it', async () => {
    setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, sessionId: 's', userId: 1 });
    const calls = stubFetch(
      routes({
        'GET /api/v1/account': { body: { id: 1, email: 'alice@demo.bourse.local', emailVerified: true, twoFactorEnabled: true, twoFactorRequired: false, admin: false, createdAt: 1 } },
        'POST /api/v1/transfers': { status: 201, body: transfer },
      }),
    );
    renderInApp(<WalletPage />);
    const code = await screen.findByLabelText('Authentication code');
    await fillTransfer('bob@demo.bourse.local', '25');
    expect(await screen.findByText('Enter the code from your authenticator app.')).toBeTruthy();
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(/Sent 25.00 USDT/)).toBeTruthy();
    const post = calls.find((c) => c.path === '/api/v1/transfers');
    expect(post?.body).toMatchObject({ toEmail: 'bob@demo.bourse.local', asset: 'USDT', amount: '25', code: '123456' });
    setTokens(null);
  });

  it('refuses a transfer to yourself before asking', async () => {
    setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, sessionId: 's', userId: 1 });
    const calls = stubFetch(
      routes({
        'GET /api/v1/account': { body: { id: 1, email: 'alice@demo.bourse.local', emailVerified: true, twoFactorEnabled: false, twoFactorRequired: false, admin: false, createdAt: 1 } },
      }),
    );
    renderInApp(<WalletPage />);
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/account')).toBe(true));
    await screen.findByTestId('balance-SOL');
    // Let the profile (whose email is compared) arrive.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    await fillTransfer('Alice@demo.bourse.local', '1');
    expect(await screen.findByText('You cannot send to yourself.')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/v1/transfers')).toBe(false);
    setTokens(null);
  });

  it('shows a refused transfer next to the button', async () => {
    stubFetch(routes({ 'POST /api/v1/transfers': problem(404, 'recipient_not_found', 'No user has that email.') }));
    renderInApp(<WalletPage />);
    await fillTransfer('nobody@example.com', '1');
    expect((await screen.findByRole('alert')).textContent).toBe('No user has that email.');
  });

  it('claims demo funds and shows the refusal of a second claim', async () => {
    let claims = 0;
    stubFetch(
      routes({
        'POST /api/v1/demo/faucet': () =>
          ++claims === 1
            ? { body: { credited: [{ asset: 'SOL', amount: '100.00000000' }] } }
            : problem(409, 'faucet_already_claimed', 'This account has already claimed the demo faucet.'),
      }),
    );
    renderInApp(<WalletPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Claim demo funds' }));
    expect(await screen.findByText('Demo funds credited: 100.00 SOL.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Claim demo funds' }));
    expect(await screen.findByText('This account has already claimed the demo faucet.')).toBeTruthy();
  });

  it('filters the history by kind and pages with Load more', async () => {
    const row = (id: number, kind: string) => ({ id, kind, asset: 'USDT', amount: '1.00000000', time: 1_700_000_000_000 + id });
    const calls = stubFetch(
      routes({
        'GET /api/v1/wallet/history': (call) =>
          call.query.get('cursor')
            ? { body: { activities: [row(1, 'deposit')] } }
            : call.query.get('kind') === 'transfer_in'
              ? { body: { activities: [row(5, 'transfer_in')] } }
              : { body: { activities: [row(3, 'deposit'), row(2, 'transfer_out')], nextCursor: 'c2' } },
      }),
    );
    renderInApp(<WalletPage />);
    const history = await screen.findByTestId('wallet-history');
    await waitFor(() => expect(history.querySelectorAll('tbody tr')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByTestId('wallet-history').querySelectorAll('tbody tr')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'transfer_in' } });
    await waitFor(() => expect(screen.getByTestId('wallet-history').querySelectorAll('tbody tr')).toHaveLength(1));
    expect(screen.getByTestId('wallet-history').textContent).toContain('Received');
    expect(calls.some((c) => c.query.get('kind') === 'transfer_in')).toBe(true);
  });

  it("shows an operator's adjustments with their own sign and reference", async () => {
    const adjustment = (id: number, amount: string) => ({
      id,
      kind: 'adjustment',
      asset: 'USDT',
      amount,
      reference: `INC-${id}`,
      time: 1_700_000_000_000 + id,
    });
    const activities = [adjustment(9, '-2.50000000'), adjustment(8, '100.00000000')];
    stubFetch(routes({ 'GET /api/v1/wallet/history': { body: { activities } } }));
    renderInApp(<WalletPage />);
    const history = await screen.findByTestId('wallet-history');
    await waitFor(() => expect(history.querySelectorAll('tbody tr')).toHaveLength(2));
    const [debit, credit] = Array.from(history.querySelectorAll('tbody tr'));
    expect(debit.textContent).toContain('Adjustment');
    expect(debit.querySelector('td.num')?.className).toContain('down');
    expect(debit.querySelector('td.num')?.textContent).toMatch(/^-2\.5/);
    expect(debit.textContent).toContain('ref INC-9');
    expect(credit.querySelector('td.num')?.className).toContain('up');
    expect(credit.querySelector('td.num')?.textContent).toMatch(/^\+100/);
  });
});
