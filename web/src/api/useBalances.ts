import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BalanceTracker, type PositionEntry } from './balanceTracker';
import type { UserEvent } from './userStream';
import { useUserEvents } from './useStreams';
import { getBalances, type Balance } from './wallet';

interface AccountPosition extends UserEvent {
  B: PositionEntry[];
}

export interface Balances {
  /** Every listed asset in the server's order; undefined until the first load answered. */
  data: Balance[] | undefined;
  /** By asset, stream amounts included from the start (they may come before the first load answers). */
  byAsset: Map<string, Balance> | undefined;
  /** The last load's failure; the shown amounts stay. */
  error: unknown;
  loading: boolean;
  /** Loads again (after the page itself moved money), keeping the shown amounts until the answer. */
  reload: () => void;
}

/**
 * The signed-in user's balances: GET /api/v1/account/balances, then live from the user stream. An
 * outboundAccountPosition carries the new free and locked amounts of the assets a trade touched and is applied at once;
 * a balanceUpdate (deposits, transfers, converts, stakes: the movements that can change the staked amount too) and
 * every (re)open of the stream reload. A late load answer never overwrites newer stream amounts (BalanceTracker).
 */
export function useBalances(enabled = true): Balances {
  const tracker = useRef(new BalanceTracker());
  const [state, setState] = useState<{ byAsset: Map<string, Balance> | null; loaded: boolean; error: unknown; loading: boolean }>({
    byAsset: null,
    loaded: false,
    error: undefined,
    loading: enabled,
  });
  const live = useRef(enabled);
  live.current = enabled;

  const load = useCallback(() => {
    if (!live.current) {
      return;
    }
    const generation = tracker.current.beginLoad();
    setState((previous) => ({ ...previous, loading: true }));
    getBalances()
      .then((list) => {
        if (tracker.current.loaded(generation, list)) {
          setState({ byAsset: tracker.current.balances, loaded: true, error: undefined, loading: false });
        }
      })
      .catch((error: unknown) => {
        if (tracker.current.isCurrent(generation)) {
          setState((previous) => ({ ...previous, error, loading: false }));
        }
      });
  }, []);

  useEffect(() => {
    if (!enabled) {
      tracker.current.reset();
      setState({ byAsset: null, loaded: false, error: undefined, loading: false });
      return;
    }
    load();
  }, [enabled, load]);

  useUserEvents(
    (event) => {
      if (event.e === 'outboundAccountPosition') {
        tracker.current.position((event as AccountPosition).B);
        const byAsset = tracker.current.balances;
        setState((previous) => ({ ...previous, byAsset }));
      } else if (event.e === 'balanceUpdate') {
        load();
      }
    },
    load,
    enabled,
  );

  const { byAsset, loaded } = state;
  const data = useMemo(() => (loaded && byAsset ? [...byAsset.values()] : undefined), [loaded, byAsset]);
  return {
    data,
    byAsset: state.byAsset ?? undefined,
    error: state.error,
    loading: state.loading,
    reload: load,
  };
}

/**
 * Calls `refresh` (at most every 250 ms) whenever the user's balances change — the user stream's
 * outboundAccountPosition / balanceUpdate — and after the stream reconnects, when events may have been missed: for
 * what follows the balances (histories, positions, the portfolio's value).
 */
export function useBalanceChanges(refresh: () => void): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refresh);
  latest.current = refresh;
  const schedule = useCallback(() => {
    if (timer.current) {
      return;
    }
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, 250);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) {
        clearTimeout(timer.current);
      }
    },
    [],
  );
  useUserEvents(
    (event) => {
      if (event.e === 'outboundAccountPosition' || event.e === 'balanceUpdate') {
        schedule();
      }
    },
    () => latest.current(),
  );
}
