import { useEffect, useState } from 'react';
import { api } from '../../api/http';
import type { UserEvent } from '../../api/userStream';
import { useUserEvents } from '../../api/useStreams';
import type { PlatformBalance } from './tradingTypes';

interface AccountPosition extends UserEvent {
  B: Array<{ a: string; f: string; l: string }>;
}

/**
 * The signed-in user's balances by asset: GET /api/v1/account/balances, then live from the user stream
 * (outboundAccountPosition carries the new free and locked amounts; a balanceUpdate or a reconnect reloads).
 */
export function useBalances(enabled: boolean): Map<string, PlatformBalance> | null {
  const [balances, setBalances] = useState<Map<string, PlatformBalance> | null>(null);

  const load = () => {
    if (!enabled) {
      return;
    }
    api<PlatformBalance[]>('/api/v1/account/balances')
      .then((list) => setBalances(new Map(list.map((b) => [b.asset, b]))))
      .catch(() => undefined);
  };

  useEffect(() => {
    if (!enabled) {
      setBalances(null);
      return;
    }
    load();
  }, [enabled]);

  useUserEvents(
    (event) => {
      if (event.e === 'outboundAccountPosition') {
        const { B } = event as AccountPosition;
        setBalances((current) => {
          if (!current) {
            return current;
          }
          const next = new Map(current);
          for (const { a, f, l } of B) {
            const before = next.get(a);
            next.set(a, { asset: a, free: f, locked: l, staked: before?.staked ?? '0' });
          }
          return next;
        });
      } else if (event.e === 'balanceUpdate') {
        load();
      }
    },
    load,
    enabled,
  );

  return balances;
}
