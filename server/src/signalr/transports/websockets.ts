/**
 * The WebSockets transport, on the `ws` package in noServer mode: the endpoint
 * checks the connection token and the bearer token, then hands the upgrade here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import type { Transport, TransportOwner } from './transport.ts';

export function createWebSocketServer(maxPayloadBytes: number): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: maxPayloadBytes,
  });
}

export function upgradeToWebSocket(
  server: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<WebSocket> {
  return new Promise((resolve) => server.handleUpgrade(req, socket, head, resolve));
}

export class WebSocketTransport implements Transport {
  readonly kind = 'WebSockets';
  readonly usesKeepAlive = true;
  readonly lingersAfterEnd = false;
  readonly #socket: WebSocket;

  constructor(socket: WebSocket, owner: TransportOwner) {
    this.#socket = socket;
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => owner.receive(toText(data)));
    socket.on('close', (code: number) => owner.transportClosed(`WebSocket closed (${code})`));
    // 'close' always follows an error; the error itself says nothing the client needs.
    socket.on('error', () => {});
  }

  send(payload: OutgoingPayload): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#socket.terminate();
      return;
    }
    this.#socket.send(payload.utf8, { binary: false });
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
