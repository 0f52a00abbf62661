import { useEffect, useRef, useState } from 'react';
import { loadDepth } from '../../api/market';
import { useMarketStream } from '../../api/useStreams';
import { OrderBook, type DepthUpdate } from '../../lib/orderBook';

export interface OrderBookState {
  book: OrderBook;
  /** Bumped whenever the book changed, so the panel re-renders (at most once per animation frame). */
  version: number;
  synced: boolean;
  error: unknown;
}

/**
 * The live book of a symbol: `<symbol>@depth@100ms` merged onto `/api/v3/depth` snapshots by lib/orderBook, with a
 * new snapshot whenever the sequence breaks (a gap, a reconnect).
 */
export function useOrderBook(symbol: string): OrderBookState {
  const bookRef = useRef(new OrderBook());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const symbolRef = useRef(symbol);
  symbolRef.current = symbol;
  /** The symbol whose snapshot is being fetched (one request at a time per symbol). */
  const fetching = useRef<string | null>(null);
  const frame = useRef<number | null>(null);
  const live = useRef(true);

  const changed = () => {
    if (frame.current !== null) {
      return;
    }
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  };

  const fetchSnapshot = (delayMs = 0) => {
    const wanted = symbolRef.current;
    if (fetching.current === wanted) {
      return;
    }
    fetching.current = wanted;
    setTimeout(() => {
      loadDepth(wanted)
        .then((snapshot) => {
          if (fetching.current === wanted) {
            fetching.current = null;
          }
          if (!live.current || wanted !== symbolRef.current) {
            return;
          }
          setError(undefined);
          const outcome = bookRef.current.applySnapshot(snapshot);
          changed();
          if (outcome === 'gap') {
            // The events we hold are newer than this snapshot: the next one will bridge them.
            fetchSnapshot(250);
          }
        })
        .catch((e: unknown) => {
          if (fetching.current === wanted) {
            fetching.current = null;
          }
          if (live.current && wanted === symbolRef.current) {
            setError(e);
            fetchSnapshot(2000);
          }
        });
    }, delayMs);
  };

  useEffect(() => {
    live.current = true;
    bookRef.current.reset();
    changed();
    fetchSnapshot();
    return () => {
      live.current = false;
      if (frame.current !== null) {
        cancelAnimationFrame(frame.current);
        frame.current = null;
      }
    };
  }, [symbol]);

  useMarketStream<DepthUpdate>(
    `${symbol.toLowerCase()}@depth@100ms`,
    (update) => {
      const outcome = bookRef.current.applyUpdate(update);
      if (outcome === 'applied') {
        changed();
      } else if (outcome === 'gap') {
        changed();
        fetchSnapshot();
      } else if (outcome === 'buffered') {
        fetchSnapshot();
      }
    },
    () => {
      bookRef.current.reset();
      changed();
      fetchSnapshot();
    },
  );

  return { book: bookRef.current, version, synced: !bookRef.current.needsSnapshot, error };
}
