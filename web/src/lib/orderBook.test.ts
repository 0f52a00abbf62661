import { describe, expect, it } from 'vitest';
import { OrderBook, type DepthUpdate } from './orderBook';

const snapshot = {
  lastUpdateId: 100,
  bids: [
    ['179.00000000', '2.00000000'],
    ['179.50000000', '1.00000000'],
  ] as [string, string][],
  asks: [
    ['181.00000000', '3.00000000'],
    ['180.50000000', '0.50000000'],
  ] as [string, string][],
};

function update(U: number, u: number, b: [string, string][] = [], a: [string, string][] = []): DepthUpdate {
  return { U, u, b, a };
}

describe('OrderBook', () => {
  it('buffers events until a snapshot arrives', () => {
    const book = new OrderBook();
    expect(book.needsSnapshot).toBe(true);
    expect(book.applyUpdate(update(101, 101, [['179.50000000', '4.00000000']]))).toBe('buffered');
    expect(book.bufferedCount).toBe(1);
    expect(book.levels('bids')).toEqual([]);

    expect(book.applySnapshot(snapshot)).toBe('synced');
    expect(book.needsSnapshot).toBe(false);
    expect(book.levels('bids')[0]).toEqual({ price: '179.50000000', quantity: '4', total: '4' });
    expect(book.lastUpdateId).toBe(101);
  });

  it('drops buffered events the snapshot already contains and replays the rest', () => {
    const book = new OrderBook();
    book.applyUpdate(update(95, 98, [['179.50000000', '9.00000000']]));
    book.applyUpdate(update(99, 102, [], [['180.50000000', '0.70000000']]));
    book.applyUpdate(update(103, 103, [], [['182.00000000', '1.00000000']]));
    expect(book.applySnapshot(snapshot)).toBe('synced');
    // 95..98 was already in the snapshot: its 9.0 must not come back.
    expect(book.levels('bids')[0].quantity).toBe('1');
    expect(book.levels('asks').map((l) => [l.price, l.quantity])).toEqual([
      ['180.50000000', '0.7'],
      ['181.00000000', '3'],
      ['182.00000000', '1'],
    ]);
    expect(book.lastUpdateId).toBe(103);
  });

  it('ignores live events older than the book', () => {
    const book = new OrderBook();
    book.applySnapshot(snapshot);
    expect(book.applyUpdate(update(90, 100, [['179.50000000', '7.00000000']]))).toBe('stale');
    expect(book.levels('bids')[0].quantity).toBe('1');
    expect(book.needsSnapshot).toBe(false);
  });

  it('asks for a new snapshot when the buffered events start after it', () => {
    const book = new OrderBook();
    book.applyUpdate(update(105, 106, [['170.00000000', '1.00000000']]));
    expect(book.applySnapshot(snapshot)).toBe('gap');
    expect(book.needsSnapshot).toBe(true);
    // The newer snapshot bridges the kept event.
    expect(book.applySnapshot({ ...snapshot, lastUpdateId: 105 })).toBe('synced');
    expect(book.levels('bids').map((l) => l.price)).toContain('170.00000000');
    expect(book.lastUpdateId).toBe(106);
  });

  it('resyncs on a gap in the live sequence and keeps the event that showed it', () => {
    const book = new OrderBook();
    book.applySnapshot(snapshot);
    expect(book.applyUpdate(update(101, 102))).toBe('applied');
    expect(book.applyUpdate(update(104, 105, [['178.00000000', '1.00000000']]))).toBe('gap');
    expect(book.needsSnapshot).toBe(true);
    expect(book.levels('asks')).toEqual([]);
    expect(book.bufferedCount).toBe(1);
    expect(book.applyUpdate(update(106, 106))).toBe('buffered');
    expect(book.applySnapshot({ ...snapshot, lastUpdateId: 104 })).toBe('synced');
    expect(book.lastUpdateId).toBe(106);
    expect(book.levels('bids')[0].price).toBe('179.50000000');
    expect(book.levels('bids').map((l) => l.price)).toContain('178.00000000');
  });

  it('removes a level whose quantity is zero, whatever its padding', () => {
    const book = new OrderBook();
    book.applySnapshot(snapshot);
    book.applyUpdate(update(101, 101, [], [['180.5', '0']]));
    expect(book.levels('asks').map((l) => l.price)).toEqual(['181.00000000']);
    book.applyUpdate(update(102, 102, [['179.50000000', '0.00000000']]));
    expect(book.levels('bids').map((l) => l.price)).toEqual(['179.00000000']);
  });

  it('sorts bids high to low and asks low to high, with cumulative totals', () => {
    const book = new OrderBook();
    book.applySnapshot(snapshot);
    book.applyUpdate(update(101, 101, [['9.00000000', '1.00000000'], ['179.90000000', '0.25000000']], [['1000.00000000', '1.00000000']]));
    expect(book.levels('bids')).toEqual([
      { price: '179.90000000', quantity: '0.25', total: '0.25' },
      { price: '179.50000000', quantity: '1', total: '1.25' },
      { price: '179.00000000', quantity: '2', total: '3.25' },
      { price: '9.00000000', quantity: '1', total: '4.25' },
    ]);
    expect(book.levels('asks').map((l) => l.price)).toEqual(['180.50000000', '181.00000000', '1000.00000000']);
    expect(book.levels('asks', 2)).toHaveLength(2);
    expect(book.best()).toEqual({ bid: '179.90000000', ask: '180.50000000' });
  });

  it('aggregates levels into price groups, bids down and asks up', () => {
    const book = new OrderBook();
    book.applySnapshot({
      lastUpdateId: 1,
      bids: [
        ['179.99', '1'],
        ['179.01', '2'],
        ['178.50', '4'],
      ],
      asks: [
        ['180.01', '1'],
        ['180.99', '2'],
        ['181.00', '3'],
      ],
    });
    expect(book.levels('bids', 50, '1')).toEqual([
      { price: '179', quantity: '3', total: '3' },
      { price: '178', quantity: '4', total: '7' },
    ]);
    expect(book.levels('asks', 50, '1')).toEqual([{ price: '181', quantity: '6', total: '6' }]);
    expect(book.levels('bids', 1, '0.5').map((l) => l.price)).toEqual(['179.5']);
  });

  it('starts over on reset', () => {
    const book = new OrderBook();
    book.applySnapshot(snapshot);
    book.reset();
    expect(book.needsSnapshot).toBe(true);
    expect(book.levels('bids')).toEqual([]);
    expect(book.applyUpdate(update(1, 1))).toBe('buffered');
  });
});
