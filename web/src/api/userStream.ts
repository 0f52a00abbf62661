import { ApiError } from './ApiError';
import { keepSessionStreamAlive, openSessionStream, type SessionStream } from './account';
import { Reconnector, type ConnectionStatus } from './Reconnector';
import { currentTokens, onTokensChanged, type Tokens } from './session';

/**
 * The signed-in user's events (executionReport, outboundAccountPosition, balanceUpdate) from the user data stream:
 * the session opens a listenKey (POST /api/v1/account/stream), keeps it alive every 50 s, and reconnects with a new
 * one when the stream ends. Every time the stream opens — the first time too — every owner's `onResync` runs: events
 * between an owner's own first load and the open, or during a reconnect, were not delivered.
 * A session the server refuses a stream to (403, e.g. two_factor_setup_required; or 401 that ended the session) makes
 * no further attempts until the tokens change.
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
  /** The tokens the server refused a stream to: no attempt until they change. */
  private refused: Tokens | null = null;
  status: ConnectionStatus = 'closed';

  constructor() {
    onTokensChanged((tokens) => {
      if (!tokens) {
        this.stop();
      } else {
        this.startIfWanted();
      }
    });
  }

  subscribe(owner: UserEventSubscription): () => void {
    this.owners.add(owner);
    this.startIfWanted();
    return () => {
      this.owners.delete(owner);
      if (this.owners.size === 0) {
        this.stop();
      }
    };
  }

  private startIfWanted(): void {
    const tokens = currentTokens();
    if (this.owners.size > 0 && !this.reconnector && tokens && tokens !== this.refused) {
      this.start();
    }
  }

  /** Stops retrying with these tokens (a retry every few seconds would only be refused again). */
  private park(tokens: Tokens | null): void {
    this.refused = tokens;
    this.stop();
    // Tokens replaced while the refused request was on its way deserve their own attempt.
    this.startIfWanted();
  }

  private start(): void {
    const reconnector: Reconnector = new Reconnector({
      url: async () => {
        const tokens = currentTokens();
        if (!tokens) {
          this.park(null);
          return null;
        }
        let opened: SessionStream;
        try {
          opened = await openSessionStream();
        } catch (error) {
          if (this.reconnector === reconnector && error instanceof ApiError && (error.status === 403 || (error.status === 401 && !currentTokens()))) {
            this.park(tokens);
            return null;
          }
          throw error;
        }
        this.listenKey = opened.listenKey;
        return `/ws/${opened.listenKey}`;
      },
      onOpen: () => {
        // Every open, the first one included: what the owners loaded before it may already be stale.
        for (const owner of this.owners) {
          owner.onResync?.();
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
    this.reconnector = reconnector;
    reconnector.start();
    this.keepAlive = setInterval(() => {
      if (this.listenKey) {
        keepSessionStreamAlive(this.listenKey).catch(() => this.reconnector?.restart());
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
