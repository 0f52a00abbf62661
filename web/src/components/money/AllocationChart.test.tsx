import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AllocationChart, donutArcs } from './AllocationChart';

const slices = [
  { asset: 'BTC', value: '9500.00000000', percent: '75.00' },
  { asset: 'USDT', value: '2500.00000000', percent: '20.00' },
  { asset: 'SOL', value: '666.66666666', percent: '5.00' },
];

describe('AllocationChart', () => {
  it('lists each asset with its value and share, and names them all in the chart', () => {
    render(<AllocationChart slices={slices} quoteAsset="USDT" />);
    const btc = screen.getByTestId('allocation-BTC');
    expect(within(btc).getByText('9,500.00')).toBeTruthy();
    expect(within(btc).getByText('75.00%')).toBeTruthy();
    expect(within(screen.getByTestId('allocation-SOL')).getByText('666.66')).toBeTruthy();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Allocation: BTC 75.00%, USDT 20.00%, SOL 5.00%');
    expect(screen.getByRole('columnheader', { name: 'Value (USDT)' })).toBeTruthy();
  });

  it('leaves out assets with a zero share', () => {
    render(<AllocationChart slices={[...slices, { asset: 'LTC', value: '0', percent: '0.00' }]} quoteAsset="USDT" />);
    expect(screen.queryByTestId('allocation-LTC')).toBeNull();
    expect(document.querySelectorAll('path[data-asset]')).toHaveLength(3);
  });

  it('draws arcs proportional to the shares, the largest taking the long way round', () => {
    const arcs = donutArcs(slices, 60, 20);
    expect(arcs.map((a) => a.asset)).toEqual(['BTC', 'USDT', 'SOL']);
    // 75% starts at the top (0,-60) and ends at the left (-60,0), with the large-arc flag set.
    expect(arcs[0].path.startsWith('M 0.000 -60.000 A 60 60 0 1 1 -60.000 ')).toBe(true);
    // 20% does not take the large arc and starts where the first ended.
    expect(arcs[1].path).toMatch(/^M -60\.000 -?0\.000 A 60 60 0 0 1 /);
    // The last slice ends back at the top.
    expect(arcs[2].path).toMatch(/A 60 60 0 0 1 -?0\.000 -60\.000 L/);
  });

  it('draws a single asset as a full ring', () => {
    const arcs = donutArcs([{ asset: 'USDT', value: '10', percent: '100.00' }]);
    expect(arcs).toHaveLength(1);
    expect(arcs[0].path.match(/A /g)).toHaveLength(4);
  });
});
