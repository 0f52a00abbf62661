import Big from 'big.js';
import { big } from './format';

/**
 * A local copy of one market's order book, kept in step with the server the way Binance documents it: diff-depth
 * events (`<symbol>@depth@100ms`) are buffered until a REST snapshot (`/api/v3/depth`) arrives; buffered events the
 * snapshot already contains (`u <= lastUpdateId`) are dropped; from then on every event must continue the sequence
 * (`U <= lastUpdateId + 1`), otherwise an update was missed and the book must be rebuilt from a new snapshot. A
 * quantity of "0" removes a level. Pure (no I/O): the caller fetches snapshots when `needsSnapshot` says so.
 */
export type PriceLevel = [price: string, quantity: string];

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: PriceLevel[];
  asks: PriceLevel[];
}

export interface DepthUpdate {
  /** First update id in the event. */
  U: number;
  /** Final update id in the event. */
  u: number;
  b: PriceLevel[];
  a: PriceLevel[];
}

/** What happened to an event or snapshot: the caller re-renders on "applied"/"synced", refetches on "gap". */
export type SyncOutcome = 'buffered' | 'applied' | 'stale' | 'gap' | 'synced';

export interface BookLevel {
  /** The price as the server sent it (or the group's price when aggregated). */
  price: string;
  quantity: string;
  /** Cumulative quantity from the best price to this level, for depth shading. */
  total: string;
}

/** How many events to hold while waiting for a snapshot; past that the oldest are useless anyway (the snapshot will be newer). */
const maxBuffered = 1000;

export class OrderBook {
  private readonly bids = new Map<string, PriceLevel>();
  private readonly asks = new Map<string, PriceLevel>();
  private buffer: DepthUpdate[] = [];
  private synced = false;
  private updateId = 0;

  /** True until a snapshot has been applied (or after a gap): fetch /api/v3/depth and call applySnapshot. */
  get needsSnapshot(): boolean {
    return !this.synced;
  }

  get lastUpdateId(): number {
    return this.updateId;
  }

  get bufferedCount(): number {
    return this.buffer.length;
  }

  /** Applies a diff-depth event, or buffers it while no snapshot is in place. */
  applyUpdate(update: DepthUpdate): SyncOutcome {
    if (!this.synced) {
      this.buffer.push(update);
      if (this.buffer.length > maxBuffered) {
        this.buffer.shift();
      }
      return 'buffered';
    }
    if (update.u <= this.updateId) {
      return 'stale';
    }
    if (update.U > this.updateId + 1) {
      // Something between our book and this event never reached us: start over, keeping this event for the next snapshot.
      this.reset();
      this.buffer.push(update);
      return 'gap';
    }
    this.merge(update);
    return 'applied';
  }

  /**
   * Replaces the book with a snapshot and replays the buffered events it does not contain yet. "gap" when the
   * buffered events start after the snapshot (it is too old): fetch another one.
   */
  applySnapshot(snapshot: DepthSnapshot): SyncOutcome {
    this.bids.clear();
    this.asks.clear();
    for (const level of snapshot.bids) {
      this.set(this.bids, level);
    }
    for (const level of snapshot.asks) {
      this.set(this.asks, level);
    }
    this.updateId = snapshot.lastUpdateId;
    const pending = this.buffer.filter((update) => update.u > snapshot.lastUpdateId);
    this.buffer = [];
    if (pending.length > 0 && pending[0].U > snapshot.lastUpdateId + 1) {
      this.buffer = pending;
      this.synced = false;
      return 'gap';
    }
    this.synced = true;
    for (const update of pending) {
      if (this.applyUpdate(update) === 'gap') {
        return 'gap';
      }
    }
    return 'synced';
  }

  /** Forgets everything (a reconnect, another symbol). */
  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.buffer = [];
    this.synced = false;
    this.updateId = 0;
  }

  /**
   * The best `depth` levels of a side, best first (bids high to low, asks low to high), with cumulative totals.
   * `group` (e.g. "0.1", "1") merges levels into price buckets: bids round down, asks round up, so a bucket never
   * shows a better price than its orders have.
   */
  levels(side: 'bids' | 'asks', depth = 50, group?: string): BookLevel[] {
    const source = side === 'bids' ? this.bids : this.asks;
    const sorted = [...source.values()]
      .map(([price, quantity]) => ({ price, quantity, value: big(price) }))
      .sort((x, y) => (side === 'bids' ? y.value.cmp(x.value) : x.value.cmp(y.value)));

    let rows: Array<{ price: string; quantity: Big }>;
    const step = group ? big(group) : null;
    if (step && step.gt(0)) {
      rows = [];
      const decimals = decimalsOfStep(step);
      for (const level of sorted) {
        const buckets = level.value.div(step);
        const rounded = buckets.round(0, side === 'bids' ? Big.roundDown : Big.roundUp).times(step);
        const price = rounded.toFixed(decimals);
        const last = rows[rows.length - 1];
        if (last && last.price === price) {
          last.quantity = last.quantity.plus(level.quantity);
        } else {
          if (rows.length === depth) {
            break;
          }
          rows.push({ price, quantity: big(level.quantity) });
        }
      }
    } else {
      rows = sorted.slice(0, depth).map((level) => ({ price: level.price, quantity: big(level.quantity) }));
    }

    let total = new Big(0);
    return rows.map((row) => {
      total = total.plus(row.quantity);
      return { price: row.price, quantity: row.quantity.toFixed(), total: total.toFixed() };
    });
  }

  /** The highest bid and lowest ask, when there are any. */
  best(): { bid?: string; ask?: string } {
    return { bid: this.levels('bids', 1)[0]?.price, ask: this.levels('asks', 1)[0]?.price };
  }

  private merge(update: DepthUpdate): void {
    for (const level of update.b) {
      this.set(this.bids, level);
    }
    for (const level of update.a) {
      this.set(this.asks, level);
    }
    this.updateId = update.u;
  }

  private set(side: Map<string, PriceLevel>, [price, quantity]: PriceLevel): void {
    // Keyed by value, so "180.5" and "180.50000000" are one level whatever padding the server uses.
    const key = big(price).toFixed();
    if (big(quantity).eq(0)) {
      side.delete(key);
    } else {
      side.set(key, [price, quantity]);
    }
  }
}

function decimalsOfStep(step: Big): number {
  const text = step.toFixed();
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
