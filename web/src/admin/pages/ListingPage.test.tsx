import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../../components/account/testing';
import { setTokens } from '../../api/session';
import { everyPermission, renderAdmin, signedIn } from '../testing';

const slow = { timeout: 5_000 };

const market = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  status: 'TRADING',
  tickSize: '0.01',
  lotSize: '0.0001',
  minQuantity: '0.0001',
  maxQuantity: '100',
  minNotional: '10',
  maxNotional: '1000000',
  minPrice: '0.01',
  maxPrice: '1000000',
  marketOrderBand: '0.1',
};

beforeEach(() => setTokens(signedIn));

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

function stubListing(extra: Parameters<typeof stubFetch>[0] = {}) {
  return stubFetch({
    'GET /api/v1/admin/me': [{ status: 200, body: everyPermission }],
    'GET /api/v1/admin/assets': [{ status: 200, body: [{ code: 'BTC', name: 'Bitcoin', scale: 8, depositsEnabled: true, withdrawalsEnabled: true }] }],
    'GET /api/v1/admin/fee-tiers': [{ status: 200, body: [{ tier: 0, makerRate: '0.001', takerRate: '0.001' }] }],
    ...extra,
  });
}

describe('the listing page', () => {
  it('halts a market with a reason and shows its new status', async () => {
    const calls = stubListing({
      'GET /api/v1/admin/markets': [{ status: 200, body: [market] }, { status: 200, body: [{ ...market, status: 'HALTED' }] }],
      'PUT /api/v1/admin/markets/BTCUSDT/status': [{ status: 200, body: { ...market, status: 'HALTED' } }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/listing');
    const row = await screen.findByTestId('market-BTCUSDT', {}, slow);
    const change = within(row).getByRole('button', { name: 'Change status' }) as HTMLButtonElement;
    await user.selectOptions(within(row).getByLabelText('Status of BTCUSDT'), 'HALTED');
    expect(change.disabled).toBe(true);
    await user.type(within(row).getByLabelText('Reason for BTCUSDT'), 'exchange incident');
    await user.click(change);
    await vi.waitFor(() => expect(within(screen.getByTestId('market-BTCUSDT')).getByTestId('market-status').textContent).toBe('Halted'));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ status: 'HALTED', reason: 'exchange incident' });
  });

  it('delists only after the symbol is typed and a reason given', async () => {
    const calls = stubListing({
      'GET /api/v1/admin/markets': [{ status: 200, body: [market] }, { status: 200, body: [{ ...market, status: 'DELISTED' }] }],
      'POST /api/v1/admin/markets/BTCUSDT/delist': [{ status: 200, body: { ...market, status: 'DELISTED' } }],
    });
    const user = userEvent.setup({ delay: null });
    renderAdmin('/admin/listing');
    const row = await screen.findByTestId('market-BTCUSDT', {}, slow);
    await user.click(within(row).getByRole('button', { name: 'Delist…' }));
    const dialog = within(row).getByRole('alertdialog', { name: 'Delist BTCUSDT' });
    const confirm = within(dialog).getByRole('button', { name: 'Delist BTCUSDT' }) as HTMLButtonElement;
    await user.type(within(dialog).getByLabelText('Reason for delisting'), 'project ended');
    await user.type(within(dialog).getByLabelText('Type BTCUSDT to confirm'), 'BTCUSD');
    expect(confirm.disabled).toBe(true);
    await user.type(within(dialog).getByLabelText('Type BTCUSDT to confirm'), 'T');
    await user.click(confirm);
    await vi.waitFor(() => expect(within(screen.getByTestId('market-BTCUSDT')).getByTestId('market-status').textContent).toBe('Delisted'));
    // A delisted market is final: nothing more to change.
    expect(within(screen.getByTestId('market-BTCUSDT')).queryByRole('button', { name: 'Change status' })).toBeNull();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ reason: 'project ended' }]);
  });
});
