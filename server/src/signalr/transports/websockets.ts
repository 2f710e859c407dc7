/**
 * The WebSockets transport, on the `ws` package in noServer mode: the endpoint
 * checks the connection token and the bearer token, then hands the upgrade here.
 */
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { encodeWebSocketTextFrame } from '../framing/websocket-frame.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import { afterEachFlush, flushAtEndOfTurn, RecordBatch } from './write-coalescing.ts';
import type { Flushable } from './write-coalescing.ts';
import type { Transport, TransportOwner } from './transport.ts';

export function createWebSocketServer(maxPayloadBytes: number): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: maxPayloadBytes,
  });
}

/**
 * The last frame built from several messages, and those messages. A group fan-out
 * usually gives every member the same batch; they then share one frame, built once
 * per turn rather than once per member. Dropped when the turn's flush is over.
 */
let shared: { payloads: readonly OutgoingPayload[]; frame: Buffer } | undefined;
afterEachFlush(() => (shared = undefined));

function batchFrame(payloads: readonly OutgoingPayload[]): Buffer {
  if (payloads.length === 1) return payloads[0]!.webSocketFrame;
  if (shared !== undefined && sameItems(shared.payloads, payloads)) return shared.frame;
  const frame = encodeWebSocketTextFrame(payloads.map((payload) => payload.utf8));
  shared = { payloads, frame };
  return frame;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class WebSocketTransport implements Transport, Flushable {
  readonly kind = 'WebSockets';
  readonly usesKeepAlive = true;
  readonly lingersAfterEnd = false;
  readonly #socket: WebSocket;
  /** The upgraded TCP socket under the WebSocket. */
  readonly #stream: Duplex;
  /** The messages sent during this turn, framed together when it ends. */
  readonly #batch = new RecordBatch<OutgoingPayload>();

  constructor(socket: WebSocket, stream: Duplex, owner: TransportOwner) {
    this.#socket = socket;
    this.#stream = stream;
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => owner.receive(toText(data)));
    // ws reports 1006 when the socket ended without a Close frame from the client.
    socket.on('close', (code: number) =>
      owner.transportClosed(`WebSocket closed (${code})`, code === 1006),
    );
    socket.on('error', () => {
      // 'close' always follows an error, and ends the connection.
    });
  }

  get unsentBytes(): number {
    return this.#stream.writableLength + this.#batch.size;
  }

  send(payload: OutgoingPayload): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    const utf8 = payload.utf8;
    if (this.#stream.writableLength + this.#batch.size + utf8.length > MAX_BUFFERED_BYTES) {
      this.abort();
      return;
    }
    if (this.#batch.isEmpty) flushAtEndOfTurn(this);
    this.#batch.add(payload, utf8.length);
  }

  /**
   * Writes the turn's messages as one text frame holding their records back to back
   * (the client splits a frame on 0x1E). A lone message reuses its own frame, and
   * members of a group given the same messages share one (see batchFrame).
   * The frame is written under the WebSocket; ws frames only its own control
   * frames, written synchronously to the same socket, and end() flushes before its
   * Close frame, so the order of frames is kept.
   */
  flush(): void {
    if (this.#batch.isEmpty) return;
    const payloads = this.#batch.take();
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#stream.write(batchFrame(payloads));
  }

  end(): void {
    this.flush();
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.close(1000);
  }

  abort(): void {
    this.#batch.take();
    this.#socket.terminate();
  }
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
