import { describe, expect, it } from 'vitest';
import { chartPoints } from './ValueChart';

describe('chartPoints', () => {
  it('turns value snapshots into chart points in seconds, oldest first, one per second (the later wins)', () => {
    expect(
      chartPoints([
        { time: 1_700_000_060_000, value: '120.50' },
        { time: 1_700_000_000_000, value: '100.00' },
        { time: 1_700_000_060_900, value: '121.25' },
      ]),
    ).toEqual([
      { time: 1_700_000_000, value: 100 },
      { time: 1_700_000_060, value: 121.25 },
    ]);
  });

  it('has nothing to draw without snapshots', () => {
    expect(chartPoints([])).toEqual([]);
  });
});
