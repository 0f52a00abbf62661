/**
 * Keeps one WebSocket open: reconnects after a close with capped exponential backoff (0.5 s doubling to 10 s, reset
 * once a connection stays up), and tells the owner on each (re)open so it can resubscribe and resync what it missed.
 */
export interface ReconnectorHandlers {
  /** The address to connect to now (it may change between attempts, e.g. a new listenKey); null to wait. */
  url: () => Promise<string | null> | string | null;
  onOpen: (socket: WebSocket, reconnected: boolean) => void;
  onMessage: (data: string) => void;
  onStatus?: (status: ConnectionStatus) => void;
}

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export class Reconnector {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private opened = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly handlers: ReconnectorHandlers;

  constructor(handlers: ReconnectorHandlers) {
    this.handlers = handlers;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.socket?.close();
    this.socket = null;
  }

  /** Closes the current connection so a new one is made (e.g. when the server said the stream ended). */
  restart(): void {
    this.socket?.close();
  }

  send(message: unknown): boolean {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.handlers.onStatus?.('connecting');
    let url: string | null;
    try {
      url = await this.handlers.url();
    } catch {
      url = null;
    }
    if (this.stopped) {
      return;
    }
    if (!url) {
      this.scheduleRetry();
      return;
    }
    const socket = new WebSocket(absolute(url));
    this.socket = socket;
    let upSince = 0;
    socket.onopen = () => {
      upSince = Date.now();
      const reconnected = this.opened;
      this.opened = true;
      this.handlers.onStatus?.('open');
      this.handlers.onOpen(socket, reconnected);
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        this.handlers.onMessage(event.data);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.handlers.onStatus?.('closed');
      if (upSince && Date.now() - upSince > 5_000) {
        this.attempts = 0;
      }
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) {
      return;
    }
    const delay = Math.min(10_000, 500 * 2 ** this.attempts);
    this.attempts++;
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}

function absolute(path: string): string {
  if (/^wss?:/.test(path)) {
    return path;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}
