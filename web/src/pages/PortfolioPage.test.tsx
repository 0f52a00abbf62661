import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../components/money/fetchStub';
import { renderInApp } from '../components/money/renderInApp';
import { PortfolioPage } from './PortfolioPage';

// jsdom has no canvas for lightweight-charts: the chart is drawn in the e2e test; here it says what it was given.
vi.mock('../components/money/ValueChart', () => ({
  ValueChart: ({ points, label }: { points: Array<{ value: string }>; label: string }) => (
    <div data-testid="value-chart" aria-label={label}>
      {points.map((p) => p.value).join(' ')}
    </div>
  ),
}));

const figures = (deposits: string | null) => ({ deposits, withdrawals: '0', transfersIn: '0', transfersOut: '0', stakingRewards: '0', fees: '0' });

afterEach(() => vi.unstubAllGlobals());

describe('PortfolioPage', () => {
  it('shows the total, the allocation of the valued assets, the unvalued ones, PnL and statistics', async () => {
    stubFetch({
      'GET /api/v1/portfolio': {
        body: {
          quoteAsset: 'USDT',
          totalValue: '12000.00000000',
          time: 1_700_000_000_000,
          assets: [
            { asset: 'BTC', available: '0.1', locked: '0', staked: '0', total: '0.1', price: '90000', value: '9000.00000000', allocationPercent: '75.00' },
            { asset: 'LTC', available: '3', locked: '0', staked: '0', total: '3', price: null, value: null, allocationPercent: null },
            { asset: 'USDT', available: '3000', locked: '0', staked: '0', total: '3000', price: '1', value: '3000.00000000', allocationPercent: '25.00' },
          ],
        },
      },
      'GET /api/v1/portfolio/history': { body: { quoteAsset: 'USDT', points: [{ time: 1_699_000_000_000, value: '11000.00' }, { time: 1_700_000_000_000, value: '12000.00' }] } },
      'GET /api/v1/portfolio/pnl': {
        body: {
          quoteAsset: 'USDT',
          assets: [{ asset: 'BTC', quantity: '0.10000000', averageCost: '80000.00', costBasis: '8000.00', price: '90000.00', value: '9000.00', realizedPnl: '-12.50', unrealizedPnl: '1000.00' }],
          totals: { costBasis: '8000.00', value: '9000.00', realizedPnl: '-12.50', unrealizedPnl: '1000.00' },
        },
      },
      'GET /api/v1/portfolio/statistics': {
        body: { quoteAsset: 'USDT', assets: [{ asset: 'BTC', price: '90000', amounts: figures('0.10000000'), values: figures('9000.00') }], totals: figures('9000.00') },
      },
    });
    renderInApp(<PortfolioPage />);
    expect((await screen.findByTestId('portfolio-total')).textContent).toBe('12,000.00');
    expect(await screen.findByText('+1,000.00 USDT')).toBeTruthy();
    expect(within(screen.getByTestId('allocation-BTC')).getByText('75.00%')).toBeTruthy();
    expect(within(screen.getByTestId('allocation-USDT')).getByText('25.00%')).toBeTruthy();
    expect(screen.queryByTestId('allocation-LTC')).toBeNull();
    expect(screen.getByTestId('unvalued').textContent).toContain('LTC');
    const btc = await screen.findByTestId('pnl-BTC');
    expect(btc.textContent).toContain('+1,000.00');
    expect(btc.textContent).toContain('-12.50');
    expect((await screen.findByTestId('portfolio-statistics')).textContent).toContain('9,000.00');
    expect(screen.getByTestId('value-chart').textContent).toBe('11000.00 12000.00');
    expect(screen.getByTestId('value-chart').getAttribute('aria-label')).toBe('Total value in USDT over 30d');
  });
});
