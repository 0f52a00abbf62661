import { TickMarkType } from 'lightweight-charts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChartTime, formatTickMark, toChartTime } from './chartTime';

describe('chart time', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    // Daylight saving ends in Berlin on 2026-10-25 at 01:00 UTC: local 02:00–03:00 happens twice.
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it('gives the chart strictly increasing UTC seconds across a daylight saving change', () => {
    const start = Date.UTC(2026, 9, 24, 23, 0);
    const times = Array.from({ length: 12 }, (_, i) => toChartTime(start + i * 15 * 60_000));
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBe(15 * 60);
    }
    expect(toChartTime(Date.UTC(2026, 9, 25, 0, 0))).toBe(Date.UTC(2026, 9, 25, 0, 0) / 1000);
  });

  it('labels the axis and crosshair in local time, both 02:00s of the repeated hour', () => {
    const summer = toChartTime(Date.UTC(2026, 9, 25, 0, 0)); // 02:00 CEST
    const winter = toChartTime(Date.UTC(2026, 9, 25, 1, 0)); // 02:00 CET
    expect(formatTickMark(summer, TickMarkType.Time)).toBe('02:00');
    expect(formatTickMark(winter, TickMarkType.Time)).toBe('02:00');
    expect(formatChartTime(toChartTime(Date.UTC(2026, 9, 25, 2, 15)))).toBe('2026-10-25 03:15');
    expect(formatTickMark(toChartTime(Date.UTC(2026, 6, 1, 10, 0, 30)), TickMarkType.TimeWithSeconds)).toBe('12:00:30');
    expect(formatTickMark(toChartTime(Date.UTC(2026, 9, 24, 23, 0)), TickMarkType.DayOfMonth)).toBe('25');
    expect(formatTickMark(toChartTime(Date.UTC(2026, 9, 31, 23, 0)), TickMarkType.Month)).toBe('Nov');
    expect(formatTickMark(toChartTime(Date.UTC(2026, 11, 31, 23, 0)), TickMarkType.Year)).toBe('2027');
  });
});
