import { useEffect, useRef, useState } from 'react';
import { getBalances } from '../../api/wallet';
import type { UserEvent } from '../../api/userStream';
import { useUserEvents } from '../../api/useStreams';
import { BalanceTracker, type PositionEntry } from './balanceTracker';
import type { Balance as PlatformBalance } from '../../api/wallet';

interface AccountPosition extends UserEvent {
  B: PositionEntry[];
}

/**
 * The signed-in user's balances by asset: GET /api/v1/account/balances, then live from the user stream
 * (outboundAccountPosition carries the new free and locked amounts; a balanceUpdate or a reconnect reloads). A late
 * load answer never overwrites newer stream amounts (BalanceTracker).
 */
export function useBalances(enabled: boolean): Map<string, PlatformBalance> | null {
  const [balances, setBalances] = useState<Map<string, PlatformBalance> | null>(null);
  const tracker = useRef(new BalanceTracker());

  const load = () => {
    if (!enabled) {
      return;
    }
    const generation = tracker.current.beginLoad();
    getBalances()
      .then((list) => {
        if (tracker.current.loaded(generation, list)) {
          setBalances(tracker.current.balances);
        }
      })
      .catch(() => undefined);
  };

  useEffect(() => {
    if (!enabled) {
      tracker.current.reset();
      setBalances(null);
      return;
    }
    load();
  }, [enabled]);

  useUserEvents(
    (event) => {
      if (event.e === 'outboundAccountPosition') {
        tracker.current.position((event as AccountPosition).B);
        setBalances(tracker.current.balances);
      } else if (event.e === 'balanceUpdate') {
        load();
      }
    },
    load,
    enabled,
  );

  return balances;
}
