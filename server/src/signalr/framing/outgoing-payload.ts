import { encodeServerSentEvent } from './server-sent-events-format.ts';
import { encodeWebSocketTextFrame } from './websocket-frame.ts';

/**
 * One or more framed records on their way to clients. Encoded lazily and at most
 * once per encoding, so a message fanned out to a whole group is serialized once
 * and encoded to UTF-8 once. Transports batch the payloads of a turn per connection
 * (see transports/write-coalescing.ts); a batch holding a single payload reuses its
 * shared WebSocket frame or Server-Sent Event, one holding several copies their
 * bytes into a single frame or event.
 */
export class OutgoingPayload {
  readonly text: string;
  /**
   * An invocation or a completion: stateful reconnect numbers it and replays it until
   * the client acknowledges it. Pings, Close, Ack and Sequence messages are not.
   */
  readonly sequenced: boolean;
  #utf8: Buffer | undefined;
  #serverSentEvent: Buffer | undefined;
  #webSocketFrame: Buffer | undefined;

  constructor(text: string, sequenced = false) {
    this.text = text;
    this.sequenced = sequenced;
  }

  get utf8(): Buffer {
    return (this.#utf8 ??= Buffer.from(this.text, 'utf8'));
  }

  get webSocketFrame(): Buffer {
    return (this.#webSocketFrame ??= encodeWebSocketTextFrame(this.utf8));
  }

  get serverSentEvent(): Buffer {
    return (this.#serverSentEvent ??= Buffer.from(encodeServerSentEvent(this.text), 'utf8'));
  }
}
