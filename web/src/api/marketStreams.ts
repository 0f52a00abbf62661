import { Reconnector, type ConnectionStatus } from './Reconnector';

/**
 * The public market streams over one combined connection (/stream): topics are reference counted, subscribed with
 * SUBSCRIBE/UNSUBSCRIBE, and resubscribed after a reconnect, when each topic's `onResync` runs so its owner can
 * reload what it may have missed (a book snapshot, recent trades).
 */
export interface StreamSubscription {
  onMessage: (data: unknown) => void;
  onResync?: () => void;
}

class MarketStreams {
  private readonly topics = new Map<string, Set<StreamSubscription>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private nextId = 1;
  private reconnector: Reconnector | null = null;
  status: ConnectionStatus = 'closed';

  subscribe(topic: string, subscription: StreamSubscription): () => void {
    let set = this.topics.get(topic);
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
      this.ensureStarted().send({ method: 'SUBSCRIBE', params: [topic], id: this.nextId++ });
    }
    set.add(subscription);
    return () => {
      const owners = this.topics.get(topic);
      if (!owners) {
        return;
      }
      owners.delete(subscription);
      if (owners.size === 0) {
        this.topics.delete(topic);
        this.reconnector?.send({ method: 'UNSUBSCRIBE', params: [topic], id: this.nextId++ });
      }
    };
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private ensureStarted(): Reconnector {
    if (!this.reconnector) {
      this.reconnector = new Reconnector({
        url: () => '/stream',
        onOpen: (_socket, reconnected) => {
          // Every topic wanted now, including those asked for while the socket was connecting.
          if (this.topics.size > 0) {
            this.reconnector?.send({ method: 'SUBSCRIBE', params: [...this.topics.keys()], id: this.nextId++ });
          }
          if (reconnected) {
            for (const owners of this.topics.values()) {
              for (const owner of owners) {
                owner.onResync?.();
              }
            }
          }
        },
        onMessage: (text) => this.dispatch(text),
        onStatus: (status) => {
          this.status = status;
          for (const listener of this.statusListeners) {
            listener(status);
          }
        },
      });
      this.reconnector.start();
    }
    return this.reconnector;
  }

  private dispatch(text: string): void {
    let message: { stream?: string; data?: unknown };
    try {
      message = JSON.parse(text) as { stream?: string; data?: unknown };
    } catch {
      return;
    }
    if (typeof message.stream !== 'string') {
      return; // a SUBSCRIBE acknowledgement ({result, id})
    }
    for (const owner of this.topics.get(message.stream) ?? []) {
      owner.onMessage(message.data);
    }
  }
}

export const marketStreams = new MarketStreams();
