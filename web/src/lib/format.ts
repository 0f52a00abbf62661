import Big from 'big.js';

/**
 * Amounts travel as decimal strings ("0.50000000") and are never turned into floats for arithmetic: big.js does the
 * sums, floors and percentages; Number only for chart coordinates.
 */
export type Decimal = string;

export function big(value: Decimal | number | undefined | null): Big {
  try {
    return new Big(value === undefined || value === null || value === '' ? 0 : value);
  } catch {
    return new Big(0);
  }
}

export function isDecimal(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text.trim());
}

/** Decimals in a step such as "0.00100000" → 3; "1.00000000" → 0; "0.00000015" → 8 (no exponent forms). */
export function decimalsOf(step: Decimal): number {
  // toFixed() without places writes plain notation (big.js has no trailing zeros), never "1.5e-7".
  const plain = big(step).abs().toFixed();
  const dot = plain.indexOf('.');
  return dot < 0 ? 0 : plain.length - dot - 1;
}

/** Rounds down to a multiple of step ("0.001"): what an order may carry. */
export function floorToStep(value: Decimal | Big, step: Decimal): string {
  const s = big(step);
  const v = value instanceof Big ? value : big(value);
  if (s.lte(0)) {
    return v.toFixed();
  }
  return v.div(s).round(0, Big.roundDown).times(s).toFixed(decimalsOf(step));
}

/** A fixed number of decimals, with thousands separators, rounding down (never shows more than there is). */
export function formatAmount(value: Decimal | Big | number, decimals = 8): string {
  const v = value instanceof Big ? value : big(value);
  const fixed = v.round(decimals, Big.roundDown).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** Like formatAmount but drops trailing zeros past `minDecimals`. */
export function formatTrimmed(value: Decimal | Big | number, maxDecimals = 8, minDecimals = 2): string {
  const text = formatAmount(value, maxDecimals);
  if (!text.includes('.')) {
    return text;
  }
  const [whole, fraction] = text.split('.');
  let end = fraction.length;
  while (end > minDecimals && fraction[end - 1] === '0') {
    end--;
  }
  return end > 0 ? `${whole}.${fraction.slice(0, end)}` : whole;
}

/** "+1.23%" / "-0.50%" from a percent string or number; "0.00%" for anything that rounds to zero (never "-0.00%"). */
export function formatPercent(value: Decimal | number, decimals = 2): string {
  const rounded = big(value).round(decimals);
  if (rounded.eq(0)) {
    return `${new Big(0).toFixed(decimals)}%`;
  }
  return `${rounded.gt(0) ? '+' : ''}${rounded.toFixed(decimals)}%`;
}

export function formatTime(milliseconds: number): string {
  const date = new Date(milliseconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatClock(milliseconds: number): string {
  return formatTime(milliseconds).slice(11);
}
