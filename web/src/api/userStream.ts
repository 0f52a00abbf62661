import { api } from './http';
import { Reconnector, type ConnectionStatus } from './Reconnector';
import { currentTokens, onTokensChanged } from './session';

/**
 * The signed-in user's events (executionReport, outboundAccountPosition, balanceUpdate) from the user data stream:
 * the session opens a listenKey (POST /api/v1/account/stream), keeps it alive every 50 s, and reconnects with a new
 * one when the stream ends. After a reconnect every owner's `onResync` runs, since events may have been missed.
 */
export interface UserEvent {
  e: string;
  [field: string]: unknown;
}

export interface UserEventSubscription {
  onEvent: (event: UserEvent) => void;
  onResync?: () => void;
}

const keepAliveMs = 50_000;

class UserStream {
  private readonly owners = new Set<UserEventSubscription>();
  private reconnector: Reconnector | null = null;
  private listenKey: string | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  status: ConnectionStatus = 'closed';

  constructor() {
    onTokensChanged((tokens) => {
      if (!tokens) {
        this.stop();
      } else if (this.owners.size > 0 && !this.reconnector) {
        this.start();
      }
    });
  }

  subscribe(owner: UserEventSubscription): () => void {
    this.owners.add(owner);
    if (!this.reconnector && currentTokens()) {
      this.start();
    }
    return () => {
      this.owners.delete(owner);
      if (this.owners.size === 0) {
        this.stop();
      }
    };
  }

  private start(): void {
    this.reconnector = new Reconnector({
      url: async () => {
        if (!currentTokens()) {
          return null;
        }
        const opened = await api<{ listenKey: string }>('/api/v1/account/stream', { method: 'POST' });
        this.listenKey = opened.listenKey;
        return `/ws/${opened.listenKey}`;
      },
      onOpen: (_socket, reconnected) => {
        if (reconnected) {
          for (const owner of this.owners) {
            owner.onResync?.();
          }
        }
      },
      onMessage: (text) => {
        let event: UserEvent;
        try {
          event = JSON.parse(text) as UserEvent;
        } catch {
          return;
        }
        if (event.e === 'listenKeyExpired') {
          this.reconnector?.restart();
          return;
        }
        for (const owner of this.owners) {
          owner.onEvent(event);
        }
      },
      onStatus: (status) => {
        this.status = status;
      },
    });
    this.reconnector.start();
    this.keepAlive = setInterval(() => {
      if (this.listenKey) {
        api('/api/v1/account/stream', { method: 'PUT', body: { listenKey: this.listenKey } }).catch(() => this.reconnector?.restart());
      }
    }, keepAliveMs);
  }

  private stop(): void {
    this.reconnector?.stop();
    this.reconnector = null;
    this.listenKey = null;
    if (this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }
}

export const userStream = new UserStream();
