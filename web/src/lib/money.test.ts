import { describe, expect, it } from 'vitest';
import {
  amountProblem,
  AttemptReference,
  formatApr,
  formatAssetAmount,
  formatDuration,
  formatSignedValue,
  formatValue,
  isEmail,
  isUncertain,
  newClientReference,
  secondsLeft,
} from './money';

describe('money formatting', () => {
  it('shows asset amounts trimmed to between 2 and 8 decimals, grouped, never rounded up', () => {
    expect(formatAssetAmount('1234.50000000')).toBe('1,234.50');
    expect(formatAssetAmount('0.12345678')).toBe('0.12345678');
    expect(formatAssetAmount('0.999999999')).toBe('0.99999999');
    expect(formatAssetAmount('100')).toBe('100.00');
    expect(formatAssetAmount(null)).toBe('—');
  });

  it('shows values with two decimals and a sign for profit and loss', () => {
    expect(formatValue('18000.12500000')).toBe('18,000.12');
    expect(formatValue('-3.5')).toBe('-3.50');
    expect(formatValue(null)).toBe('—');
    expect(formatSignedValue('12.5')).toBe('+12.50');
    expect(formatSignedValue('-0.01')).toBe('-0.01');
    expect(formatSignedValue('0')).toBe('0.00');
  });

  it('shows a yearly rate as a percentage and durations in words', () => {
    expect(formatApr('0.05')).toBe('5.00%');
    expect(formatApr('0.123456')).toBe('12.3456%');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatDuration(7 * 86_400_000)).toBe('7 days');
    expect(formatDuration(90_000_000)).toBe('1 day 1 hour');
    expect(formatDuration(0)).toBe('none');
  });

  it('counts whole seconds left, rounding up and never below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 20_000)).toBe(0);
  });
});

describe('money input checks', () => {
  it('accepts a positive plain decimal within the precision, minimum and balance', () => {
    expect(amountProblem('1.5', { maxDecimals: 8, available: '2', minimum: '0.1' })).toBeUndefined();
    expect(amountProblem('2', { available: '2.00000000' })).toBeUndefined();
  });

  it('refuses empty, non-numeric, zero, over-precise, below minimum and over balance', () => {
    expect(amountProblem('')).toMatch(/Enter an amount/);
    expect(amountProblem('1e5')).toMatch(/plain number/);
    expect(amountProblem('-1')).toMatch(/plain number/);
    expect(amountProblem('0.000')).toMatch(/more than zero/);
    expect(amountProblem('0.123', { maxDecimals: 2 })).toMatch(/At most 2 decimals/);
    expect(amountProblem('0.05', { minimum: '0.1' })).toMatch(/minimum is 0.1/);
    expect(amountProblem('2.00000001', { available: '2.00000000' })).toMatch(/More than available \(2.00\)/);
  });

  it('checks emails loosely', () => {
    expect(isEmail('bob@demo.bourse.local')).toBe(true);
    expect(isEmail('bob@')).toBe(false);
    expect(isEmail('bob demo@x.y')).toBe(false);
  });
});

describe('client references', () => {
  it('are fresh and within the server pattern', () => {
    const a = newClientReference();
    expect(a).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(newClientReference()).not.toBe(a);
  });

  it('stay the same for a retried request until it settles, and change for another request', () => {
    const attempt = new AttemptReference();
    const first = attempt.for({ asset: 'SOL', amount: '1' });
    expect(attempt.for({ asset: 'SOL', amount: '1' })).toBe(first);
    const other = attempt.for({ asset: 'SOL', amount: '2' });
    expect(other).not.toBe(first);
    attempt.settle();
    expect(attempt.for({ asset: 'SOL', amount: '2' })).not.toBe(other);
  });

  it('treat only unanswered or server-side failures as uncertain', () => {
    expect(isUncertain({ status: 0 })).toBe(true);
    expect(isUncertain({ status: 503 })).toBe(true);
    expect(isUncertain({ status: 409 })).toBe(false);
    expect(isUncertain({ status: 400 })).toBe(false);
  });
});
