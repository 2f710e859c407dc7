/**
 * The Server-Sent Events transport: server → client over one long GET response;
 * client → server arrives as POSTs, which the endpoint passes to the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { OPENING_COMMENT } from '../framing/server-sent-events-format.ts';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { corsHeaders } from '../http.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import type { Transport, TransportOwner } from './transport.ts';
import { corkUntilEndOfTurn } from './write-coalescing.ts';

export function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}

export class ServerSentEventsTransport implements Transport {
  readonly kind = 'ServerSentEvents';
  readonly usesKeepAlive = true;
  readonly lingersAfterEnd = false;
  readonly #res: ServerResponse;
  /** Corked rather than the response: a corked response buffers its chunks past end(). */
  readonly #socket: Socket;

  constructor(req: IncomingMessage, res: ServerResponse, owner: TransportOwner) {
    this.#res = res;
    this.#socket = req.socket;
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      ...corsHeaders(req),
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    });
    res.write(OPENING_COMMENT);
    res.on('close', () => owner.transportClosed('the Server-Sent Events response closed'));
  }

  send(payload: OutgoingPayload): void {
    const res = this.#res;
    if (res.writableEnded || res.destroyed) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    corkUntilEndOfTurn(this.#socket);
    res.write(payload.serverSentEvent);
  }

  end(): void {
    if (!this.#res.writableEnded) this.#res.end();
  }

  abort(): void {
    this.#res.destroy();
  }
}
