import type { OutgoingPayload } from '../framing/outgoing-payload.ts';

export type TransportKind = 'WebSockets' | 'ServerSentEvents' | 'LongPolling';

/** What a connection needs from the transport carrying it. */
export interface Transport {
  readonly kind: TransportKind;
  /** Long Polling keeps itself alive by polling: no pings, no client timeout. */
  readonly usesKeepAlive: boolean;
  send(payload: OutgoingPayload): void;
  /** Output accepted but not yet handed to the network (the hub's memory budget counts it). */
  readonly unsentBytes: number;
  /** Lets what was sent reach the client, then ends the transport. */
  end(): void;
  /** Cuts the transport the way a network failure would: no goodbye. */
  abort(): void;
  /**
   * True when the connection token must still be answered after the end (Long
   * Polling: the next poll learns the end from a 204); the transport then calls
   * owner.release() itself.
   */
  readonly lingersAfterEnd: boolean;
  /** Called on every keep-alive tick (Long Polling reaps abandoned connections here). */
  tick?(now: number): void;
}

/** What a transport reports back to the connection it carries. */
export interface TransportOwner {
  /** Text from the client: part of a record, one record or several. */
  receive(text: string): void;
  /**
   * The transport is gone (the client left, or the network failed). `abrupt` when it
   * ended without a goodbye (a WebSocket closed without a Close frame): a stateful
   * reconnect client may come back on a new one.
   */
  transportClosed(reason: string, abrupt?: boolean): void;
  /** The connection token may be forgotten (see Transport.lingersAfterEnd). */
  release(): void;
}

/** Beyond this much unsent output the client is not keeping up: drop it. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
