import { useEffect, useRef } from 'react';
import { marketStreams } from './marketStreams';
import { userStream, type UserEvent } from './userStream';

/**
 * Subscribes to a public market stream while the component is mounted; the handlers may change between renders
 * without resubscribing. `onResync` runs after a reconnect (reload what may have been missed).
 */
export function useMarketStream<T>(topic: string | null, onMessage: (data: T) => void, onResync?: () => void): void {
  const handlers = useRef({ onMessage, onResync });
  handlers.current = { onMessage, onResync };
  useEffect(() => {
    if (!topic) {
      return;
    }
    return marketStreams.subscribe(topic, {
      onMessage: (data) => handlers.current.onMessage(data as T),
      onResync: () => handlers.current.onResync?.(),
    });
  }, [topic]);
}

/**
 * The signed-in user's events while mounted (nothing when signed out). `onResync` runs each time the stream opens, the
 * first time included (events before it were not delivered): reload what the events would have changed.
 */
export function useUserEvents(onEvent: (event: UserEvent) => void, onResync?: () => void, enabled = true): void {
  const handlers = useRef({ onEvent, onResync });
  handlers.current = { onEvent, onResync };
  useEffect(() => {
    if (!enabled) {
      return;
    }
    return userStream.subscribe({
      onEvent: (event) => handlers.current.onEvent(event),
      onResync: () => handlers.current.onResync?.(),
    });
  }, [enabled]);
}
