import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, stubFetch } from '../components/money/fetchStub';
import { renderInApp } from '../components/money/renderInApp';
import { EarnPage } from './EarnPage';

const products = [
  { asset: 'SOL', apr: '0.07', minimum: '0.10000000', unbondingPeriodMs: 120_000, rewardPeriodMs: 60_000, lastPaidPeriod: null },
  { asset: 'ETH', apr: '0.035', minimum: '0.01000000', unbondingPeriodMs: 0, rewardPeriodMs: 60_000, lastPaidPeriod: null },
];
const balances = [
  { asset: 'ETH', free: '1.00000000', locked: '0.00000000', staked: '0.00000000' },
  { asset: 'SOL', free: '50.00000000', locked: '0.00000000', staked: '5.00000000' },
];

afterEach(() => vi.unstubAllGlobals());

describe('EarnPage', () => {
  it('shows one card per product with its terms, and the positions and rewards', async () => {
    stubFetch({
      'GET /api/v1/staking/products': { body: products },
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/staking/positions': {
        body: [{ asset: 'SOL', staked: '5.00000000', earning: '3.00000000', unbonding: '1.00000000', unbondingEntries: [{ unstakeId: 9, amount: '1.00000000', releaseAt: 1_700_000_000_000 }], totalRewards: '0.00123000' }],
      },
      'GET /api/v1/staking/rewards': {
        body: { rewards: [{ asset: 'SOL', amount: '0.00001000', period: 3, periodStart: 1_700_000_000_000, periodEnd: 1_700_000_060_000, paidAt: 1_700_000_061_000 }], totals: [{ asset: 'SOL', total: '0.00123000' }] },
      },
    });
    renderInApp(<EarnPage />);
    const sol = await screen.findByTestId('product-SOL');
    expect(within(sol).getByText('7.00%')).toBeTruthy();
    expect(within(sol).getByText('0.10 SOL')).toBeTruthy();
    expect(within(sol).getByText('2 minutes')).toBeTruthy();
    expect(within(screen.getByTestId('product-ETH')).getByText('3.50%')).toBeTruthy();
    expect(within(screen.getByTestId('product-ETH')).getByText('none')).toBeTruthy();
    await waitFor(() => expect(within(sol).getByTestId('staked-SOL').textContent).toBe('5.00'));
    const position = await screen.findByTestId('position-SOL');
    expect(position.textContent).toContain('0.00123');
    expect(screen.getByTestId('staking-rewards').textContent).toContain('+0.00001');
    expect(screen.getByText('Total: 0.00123 SOL')).toBeTruthy();
  });

  it('stakes from the card with a client reference, after checking the minimum', async () => {
    const calls = stubFetch({
      'GET /api/v1/staking/products': { body: products },
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/staking/positions': { body: [] },
      'GET /api/v1/staking/rewards': { body: { rewards: [], totals: [] } },
      'POST /api/v1/staking/stake': { status: 201, body: { stakeId: 4, asset: 'SOL', amount: '2.00000000', clientReference: 'r' } },
      'POST /api/v1/staking/unstake': problem(409, 'insufficient_stake', 'Not that much is staked.'),
    });
    renderInApp(<EarnPage />);
    const sol = await screen.findByTestId('product-SOL');
    await waitFor(() => expect(within(sol).getByText('50.00')).toBeTruthy());

    fireEvent.change(within(sol).getByLabelText('Amount'), { target: { value: '0.05' } });
    fireEvent.click(within(sol).getByRole('button', { name: 'Stake' }));
    expect(await within(sol).findByText('The minimum is 0.1.')).toBeTruthy();

    fireEvent.change(within(sol).getByLabelText('Amount'), { target: { value: '2' } });
    fireEvent.click(within(sol).getByRole('button', { name: 'Stake' }));
    expect(await within(sol).findByText(/Staked 2.00 SOL/)).toBeTruthy();
    const stake = calls.find((c) => c.path === '/api/v1/staking/stake')?.body as Record<string, string>;
    expect(stake).toMatchObject({ asset: 'SOL', amount: '2' });
    expect(stake.clientReference).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(within(screen.getByTestId('product-ETH')).queryByText(/Staked 2.00/)).toBeNull();
  });

  it('says a stake or unstake answered as a replay of an earlier attempt moved nothing new, and keeps the amount', async () => {
    let stakes = 0;
    let unstakes = 0;
    const calls = stubFetch({
      'GET /api/v1/staking/products': { body: products },
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/staking/positions': { body: [{ asset: 'SOL', staked: '5.00000000', earning: '5.00000000', unbonding: '0', unbondingEntries: [], totalRewards: '0' }] },
      'GET /api/v1/staking/rewards': { body: { rewards: [], totals: [] } },
      'POST /api/v1/staking/stake': () =>
        ++stakes === 1 ? { network: true } : { status: 200, body: { stakeId: 4, asset: 'SOL', amount: '2.00000000', clientReference: 'r' }, headers: { 'Idempotent-Replayed': 'true' } },
      'POST /api/v1/staking/unstake': () =>
        ++unstakes === 1
          ? { network: true }
          : { status: 200, body: { unstakeId: 5, asset: 'SOL', amount: '1.00000000', releaseAt: 1_700_000_000_000, clientReference: 'u' }, headers: { 'Idempotent-Replayed': 'true' } },
    });
    renderInApp(<EarnPage />);
    const sol = await screen.findByTestId('product-SOL');
    await waitFor(() => expect(within(sol).getByText('50.00')).toBeTruthy());
    const amount = within(sol).getByLabelText('Amount') as HTMLInputElement;
    const click = async (name: 'Stake' | 'Unstake') => {
      await waitFor(() => expect(within(sol).getByRole('button', { name }).hasAttribute('disabled')).toBe(false));
      fireEvent.click(within(sol).getByRole('button', { name }));
    };

    fireEvent.change(amount, { target: { value: '2' } });
    await click('Stake');
    await waitFor(() => expect(stakes).toBe(1));
    await click('Stake');
    expect(await within(sol).findByText(/^Your earlier attempt went through — nothing new was staked: Staked 2.00 SOL/)).toBeTruthy();
    expect(amount.value).toBe('2');

    fireEvent.change(amount, { target: { value: '1' } });
    await click('Unstake');
    await waitFor(() => expect(unstakes).toBe(1));
    await click('Unstake');
    expect(await within(sol).findByText(/^Your earlier attempt went through — nothing new was unstaked: Unstaked 1.00 SOL/)).toBeTruthy();
    expect(amount.value).toBe('1');
    const references = calls.filter((c) => c.path === '/api/v1/staking/unstake').map((c) => (c.body as Record<string, string>).clientReference);
    expect(references[1]).toBe(references[0]);
  });

  it('refuses to unstake more than is staked before asking', async () => {
    const calls = stubFetch({
      'GET /api/v1/staking/products': { body: products },
      'GET /api/v1/account/balances': { body: balances },
      'GET /api/v1/staking/positions': { body: [] },
      'GET /api/v1/staking/rewards': { body: { rewards: [], totals: [] } },
    });
    renderInApp(<EarnPage />);
    const eth = await screen.findByTestId('product-ETH');
    fireEvent.change(within(eth).getByLabelText('Amount'), { target: { value: '0.5' } });
    fireEvent.click(within(eth).getByRole('button', { name: 'Unstake' }));
    expect(await within(eth).findByText('More than staked (0.00).')).toBeTruthy();
    expect(calls.some((c) => c.path === '/api/v1/staking/unstake')).toBe(false);
  });
});
