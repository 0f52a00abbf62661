import { describe, expect, it } from 'vitest';
import { tickerFromStream } from './market';

describe('tickerFromStream', () => {
  const message = { s: 'SOLUSDT', h: '101', l: '99', v: '10', q: '1000' };

  it('computes the 24h change percent in decimals, not floats', () => {
    // With floats (100.0015 - 100) / 100 * 100 = 0.00149999… and rounds to 0.001.
    expect(tickerFromStream({ ...message, o: '100', c: '100.0015' }).priceChangePercent).toBe('0.002');
    expect(tickerFromStream({ ...message, o: '180', c: '171' }).priceChangePercent).toBe('-5.000');
    expect(tickerFromStream({ ...message, o: '0', c: '5' }).priceChangePercent).toBe('0');
  });
});
