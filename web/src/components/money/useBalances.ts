import { useCallback, useEffect, useRef } from 'react';
import { getBalances, type Balance } from '../../api/wallet';
import { useUserEvents } from '../../api/useStreams';
import { useLoad, type Loaded } from '../../lib/useLoad';

/**
 * Calls `refresh` (at most every 250 ms) whenever the user's balances change — the user stream's
 * outboundAccountPosition / balanceUpdate (which carry no staked amount, so the pages reload rather than patch) — and
 * after the stream reconnects, when events may have been missed.
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

/** The user's balances (GET /api/v1/account/balances), live. */
export function useBalances(): Loaded<Balance[]> {
  const balances = useLoad(getBalances, []);
  useBalanceChanges(balances.reload);
  return balances;
}
