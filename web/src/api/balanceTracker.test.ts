import { describe, expect, it } from 'vitest';
import { BalanceTracker } from './balanceTracker';

const balance = (asset: string, free: string, locked = '0', staked = '0') => ({ asset, free, locked, staked });

describe('BalanceTracker', () => {
  it('keeps stream amounts that arrived while the load was on its way', () => {
    const tracker = new BalanceTracker();
    const generation = tracker.beginLoad();
    tracker.position([{ a: 'USDT', f: '900', l: '100' }]);
    expect(tracker.loaded(generation, [balance('USDT', '1000', '0', '5'), balance('SOL', '10')])).toBe(true);
    expect(tracker.balances?.get('USDT')).toEqual(balance('USDT', '900', '100', '5'));
    expect(tracker.balances?.get('SOL')?.free).toBe('10');
  });

  it('applies stream updates that arrive before the first load answers', () => {
    const tracker = new BalanceTracker();
    tracker.beginLoad();
    tracker.position([{ a: 'SOL', f: '8', l: '2' }]);
    expect(tracker.balances?.get('SOL')).toEqual(balance('SOL', '8', '2'));
  });

  it('drops the answer of a load overtaken by a newer one', () => {
    const tracker = new BalanceTracker();
    const first = tracker.beginLoad();
    const second = tracker.beginLoad();
    expect(tracker.loaded(second, [balance('USDT', '700')])).toBe(true);
    expect(tracker.loaded(first, [balance('USDT', '1000')])).toBe(false);
    expect(tracker.balances?.get('USDT')?.free).toBe('700');
  });

  it('drops answers to loads sent before a sign-out', () => {
    const tracker = new BalanceTracker();
    const generation = tracker.beginLoad();
    tracker.reset();
    expect(tracker.loaded(generation, [balance('USDT', '1000')])).toBe(false);
    expect(tracker.balances).toBeNull();
  });
});
