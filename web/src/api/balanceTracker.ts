import type { Balance } from './wallet';

/** One asset's amounts in an outboundAccountPosition event. */
export interface PositionEntry {
  a: string;
  f: string;
  l: string;
}

/**
 * The balances by asset as a REST load and the user stream report them, in the order that makes the newest win.
 *
 * The stream may be ahead of a load: an answer that left the server before an outboundAccountPosition arrived holds
 * older amounts. So every load has a generation (only the newest one's answer counts), the stream's amounts since the
 * newest load started are kept aside and laid over its answer, and stream updates that arrive before the first answer
 * are applied (to an empty map) instead of dropped.
 */
export class BalanceTracker {
  private generation = 0;
  private sinceLoad = new Map<string, Balance>();
  balances: Map<string, Balance> | null = null;

  /** A load is about to be sent: pass the returned generation to `loaded` with its answer. */
  beginLoad(): number {
    this.sinceLoad = new Map();
    return ++this.generation;
  }

  /** A load's answer; false (and nothing changes) when a newer load started after it or the tracker was reset. */
  loaded(generation: number, list: Balance[]): boolean {
    if (generation !== this.generation) {
      return false;
    }
    const next = new Map(list.map((b) => [b.asset, b]));
    for (const [asset, streamed] of this.sinceLoad) {
      next.set(asset, { ...streamed, staked: next.get(asset)?.staked ?? streamed.staked });
    }
    this.balances = next;
    return true;
  }

  /** Whether `generation` is the newest load's (its failure is worth showing). */
  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** An outboundAccountPosition: the new free and locked amounts of the assets it names. */
  position(entries: PositionEntry[]): void {
    const next = new Map(this.balances ?? []);
    for (const { a, f, l } of entries) {
      const balance = { asset: a, free: f, locked: l, staked: next.get(a)?.staked ?? '0' };
      next.set(a, balance);
      this.sinceLoad.set(a, balance);
    }
    this.balances = next;
  }

  /** Signed out: nothing known, and answers to loads sent before are dropped. */
  reset(): void {
    this.generation++;
    this.sinceLoad = new Map();
    this.balances = null;
  }
}
