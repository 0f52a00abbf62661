import Big from 'big.js';
import { big, formatTrimmed, isDecimal, type Decimal } from './format';

/**
 * Formatting and checks shared by the money pages (wallet, convert, earn, portfolio). Decimal strings in, text out;
 * big.js for every figure.
 */

/** An asset amount as the balances show it: up to 8 decimals, at least 2, thousands grouped. */
export function formatAssetAmount(value: Decimal | null | undefined, maxDecimals = 8): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  return formatTrimmed(value, maxDecimals, 2);
}

/** A value in the quote asset (USDT): exactly 2 decimals, "—" when the server had no price. */
export function formatValue(value: Decimal | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const v = big(value);
  const sign = v.lt(0) ? '-' : '';
  return `${sign}${formatTrimmed(v.abs(), 2, 2)}`;
}

/** A profit or loss with its sign: "+12.50", "-3.00", "0.00"; "—" without a figure. */
export function formatSignedValue(value: Decimal | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const v = big(value);
  return v.gt(0) ? `+${formatValue(value)}` : formatValue(value);
}

/** A yearly rate as a fraction ("0.05") shown as a percentage ("5.00%"). */
export function formatApr(apr: Decimal): string {
  return `${formatTrimmed(big(apr).times(100), 4, 2)}%`;
}

/** A duration in milliseconds as the largest whole units: "7 days", "1 day 12 hours", "1 minute", "none". */
export function formatDuration(milliseconds: number): string {
  if (milliseconds <= 0) {
    return 'none';
  }
  const units: Array<[string, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const parts: string[] = [];
  let rest = milliseconds;
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.length ? parts.join(' ') : `${milliseconds} ms`;
}

/** Whole seconds left until `expiresAt` (never negative), rounding up so "1s" shows until the very end. */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/**
 * Why an amount typed into a money form cannot be sent, or undefined when it can: a positive plain decimal with at
 * most `maxDecimals` decimals, no more than `available` when given.
 */
export function amountProblem(text: string, options: { maxDecimals?: number; available?: Decimal; minimum?: Decimal; availableLabel?: string } = {}): string | undefined {
  const value = text.trim();
  if (!value) {
    return 'Enter an amount.';
  }
  if (!isDecimal(value)) {
    return 'Enter a plain number such as 1.5.';
  }
  const amount = new Big(value);
  if (amount.lte(0)) {
    return 'The amount must be more than zero.';
  }
  const decimals = value.includes('.') ? value.split('.')[1].length : 0;
  if (options.maxDecimals !== undefined && decimals > options.maxDecimals) {
    return `At most ${options.maxDecimals} decimals.`;
  }
  if (options.minimum !== undefined && amount.lt(big(options.minimum))) {
    return `The minimum is ${formatTrimmed(options.minimum, 8, 0)}.`;
  }
  if (options.available !== undefined && amount.gt(big(options.available))) {
    return `More than ${options.availableLabel ?? 'available'} (${formatTrimmed(options.available, 8, 2)}).`;
  }
  return undefined;
}

export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim());
}

/** A fresh idempotency key (1–64 of A-Z a-z 0-9 . _ : -), e.g. "web:6f1c…". */
export function newClientReference(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The clientReference of a form's submit attempts: a new one for every new request, the same one when the same
 * request is sent again after an answer that may not have arrived (network error, 5xx, timeout) — so a retry can never
 * move the money twice. `settle` after an answer that is final (success or a refusal).
 */
export class AttemptReference {
  private pending: { body: string; reference: string } | null = null;

  /** The reference to send with `request` (any JSON-able value that identifies what is asked). */
  for(request: unknown): string {
    const body = JSON.stringify(request);
    if (this.pending && this.pending.body === body) {
      return this.pending.reference;
    }
    this.pending = { body, reference: newClientReference() };
    return this.pending.reference;
  }

  /** The reference of the attempt still waiting for a final answer, if any. */
  pendingReference(): string | undefined {
    return this.pending?.reference;
  }

  /** The last attempt got a final answer: the next submit is a new request even with the same fields. */
  settle(): void {
    this.pending = null;
  }
}

/** Whether an error may mean the request did happen (so a retry must reuse its reference). */
export function isUncertain(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  return status === undefined || status === 0 || status >= 500;
}
