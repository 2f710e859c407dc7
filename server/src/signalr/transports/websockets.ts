/**
 * The WebSockets transport, on the `ws` package in noServer mode: the endpoint
 * checks the connection token and the bearer token, then hands the upgrade here.
 */
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import { corkUntilEndOfTurn } from './write-coalescing.ts';
import type { Transport, TransportOwner } from './transport.ts';

export function createWebSocketServer(maxPayloadBytes: number): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: maxPayloadBytes,
  });
}

export class WebSocketTransport implements Transport {
  readonly kind = 'WebSockets';
  readonly usesKeepAlive = true;
  readonly lingersAfterEnd = false;
  readonly #socket: WebSocket;
  /** The upgraded TCP socket under the WebSocket. */
  readonly #stream: Duplex;

  constructor(socket: WebSocket, stream: Duplex, owner: TransportOwner) {
    this.#socket = socket;
    this.#stream = stream;
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => owner.receive(toText(data)));
    socket.on('close', (code: number) => owner.transportClosed(`WebSocket closed (${code})`));
    socket.on('error', () => {
      // 'close' always follows an error, and ends the connection.
    });
  }

  send(payload: OutgoingPayload): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    if (this.#stream.writableLength > MAX_BUFFERED_BYTES) {
      this.#socket.terminate();
      return;
    }
    // The frame is built once per message (see framing/websocket-frame.ts) and
    // written under the WebSocket; ws frames only its own control frames, written
    // synchronously to the same socket, so the order of frames is kept.
    corkUntilEndOfTurn(this.#stream);
    this.#stream.write(payload.webSocketFrame);
  }

  end(): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.close(1000);
  }

  abort(): void {
    this.#socket.terminate();
  }
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
