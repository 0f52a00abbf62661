/**
 * A WebSocket stand-in for component and stream tests (jsdom has none, and the real streams are covered end to end):
 * it records what the client sends, and the test opens it, closes it and pushes frames. Install it with
 * `vi.stubGlobal('WebSocket', FakeWebSocket)` and reset `FakeWebSocket.all` before each test.
 */
export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeWebSocket[] = [];
  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  /** Every frame the client sent, as text. */
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.all.push(this);
  }

  send(text: string) {
    this.sent.push(text);
  }

  /** The frames sent, parsed as JSON. */
  sentJson(): unknown[] {
    return this.sent.map((text) => JSON.parse(text) as unknown);
  }

  close() {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.();
  }

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  /** A combined-stream frame: {stream, data}. */
  push(stream: string, data: unknown) {
    this.onmessage?.({ data: JSON.stringify({ stream, data }) });
  }

  /** A bare frame, as the user data stream sends its events. */
  pushEvent(event: unknown) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
}
