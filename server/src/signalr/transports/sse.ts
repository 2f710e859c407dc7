/**
 * The Server-Sent Events transport: server → client over one long GET response;
 * client → server arrives as POSTs, which the endpoint passes to the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeServerSentEvent, OPENING_COMMENT } from '../framing/server-sent-events-format.ts';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { corsHeaders } from '../http.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import type { Transport, TransportOwner } from './transport.ts';
import { flushAtEndOfTurn, RecordBatch } from './write-coalescing.ts';
import type { Flushable } from './write-coalescing.ts';

export function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}

export class ServerSentEventsTransport implements Transport, Flushable {
  readonly kind = 'ServerSentEvents';
  readonly usesKeepAlive = true;
  readonly lingersAfterEnd = false;
  readonly #res: ServerResponse;
  /** The messages sent during this turn, written as one event when it ends. */
  readonly #batch = new RecordBatch<OutgoingPayload>();

  constructor(req: IncomingMessage, res: ServerResponse, owner: TransportOwner) {
    this.#res = res;
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

  get unsentBytes(): number {
    return this.#res.writableLength + this.#batch.size;
  }

  send(payload: OutgoingPayload): void {
    const res = this.#res;
    if (res.writableEnded || res.destroyed) return;
    // Counted in characters, not bytes: close enough for a cap, and it spares
    // encoding the text to UTF-8 only to measure it.
    if (res.writableLength + this.#batch.size + payload.text.length > MAX_BUFFERED_BYTES) {
      this.abort();
      return;
    }
    if (this.#batch.isEmpty) flushAtEndOfTurn(this);
    this.#batch.add(payload, payload.text.length);
  }

  /**
   * Writes the turn's messages as one event whose data is their records back to
   * back: the client hands each event's data to the hub protocol, which splits it
   * on 0x1E. (The records hold no raw line breaks, and the encoding would keep
   * them anyway.) A lone message reuses its shared encoding.
   */
  flush(): void {
    if (this.#batch.isEmpty) return;
    const payloads = this.#batch.take();
    const res = this.#res;
    if (res.writableEnded || res.destroyed) return;
    res.write(
      payloads.length === 1
        ? payloads[0]!.serverSentEvent
        : encodeServerSentEvent(payloads.map((payload) => payload.text).join('')),
    );
  }

  end(): void {
    this.flush();
    if (!this.#res.writableEnded) this.#res.end();
  }

  abort(): void {
    this.#batch.take();
    this.#res.destroy();
  }
}
