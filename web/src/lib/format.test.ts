import { describe, expect, it } from 'vitest';
import { decimalsOf, floorToStep, formatAmount, formatPercent, formatTrimmed, isDecimal } from './format';

describe('format', () => {
  it('groups thousands and rounds down', () => {
    expect(formatAmount('1234567.129', 2)).toBe('1,234,567.12');
    expect(formatAmount('0.999999999', 8)).toBe('0.99999999');
    expect(formatAmount('5', 0)).toBe('5');
  });

  it('trims trailing zeros down to the minimum', () => {
    expect(formatTrimmed('1.50000000', 8, 2)).toBe('1.50');
    expect(formatTrimmed('1.23450000', 8, 2)).toBe('1.2345');
    expect(formatTrimmed('7.00000000', 8, 0)).toBe('7');
  });

  it('counts a step\'s decimals', () => {
    expect(decimalsOf('0.00100000')).toBe(3);
    expect(decimalsOf('1.00000000')).toBe(0);
    expect(decimalsOf('0.00000001')).toBe(8);
    // Values big.js writes in exponent form ("1.5e-7"): the significant decimals count, not the exponent.
    expect(decimalsOf('0.00000015')).toBe(8);
    expect(decimalsOf('0.0000001')).toBe(7);
    expect(decimalsOf('0.0000012500')).toBe(8);
  });

  it('floors to a step without float error', () => {
    expect(floorToStep('0.3', '0.1')).toBe('0.3');
    expect(floorToStep('1.23456', '0.001')).toBe('1.234');
    expect(floorToStep('0.0009', '0.001')).toBe('0.000');
  });

  it('signs percentages', () => {
    expect(formatPercent('1.234')).toBe('+1.23%');
    expect(formatPercent('-0.5')).toBe('-0.50%');
    expect(formatPercent('0')).toBe('0.00%');
    // A tiny negative rounds to zero: no "-0.00%".
    expect(formatPercent('-0.001')).toBe('0.00%');
    expect(formatPercent('-0.004999')).toBe('0.00%');
    expect(formatPercent('0.001')).toBe('0.00%');
    expect(formatPercent('-0.005')).toBe('-0.01%');
  });

  it('accepts plain decimals only', () => {
    expect(isDecimal('1.5')).toBe(true);
    expect(isDecimal('1e5')).toBe(false);
    expect(isDecimal('-1')).toBe(false);
    expect(isDecimal('1.')).toBe(false);
  });
});
