/**
 * The Long Polling transport. The client keeps one GET outstanding; the server holds
 * it until it has records for the client or the poll times out (200, empty). A 204
 * tells the client the connection is over for good. Client → server arrives as
 * POSTs, which the endpoint passes to the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutgoingPayload } from '../framing/outgoing-payload.ts';
import { corsHeaders, respond } from '../http.ts';
import { MAX_BUFFERED_BYTES } from './transport.ts';
import type { Transport, TransportOwner } from './transport.ts';
import { flushAtEndOfTurn, RecordBatch } from './write-coalescing.ts';
import type { Flushable } from './write-coalescing.ts';

export interface LongPollingSettings {
  readonly longPollTimeoutMs: number;
  /** Reap a connection whose client stopped polling (ASP.NET Core's DisconnectTimeout). */
  readonly disconnectTimeoutMs: number;
}

interface HeldPoll {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly timer: NodeJS.Timeout;
}

export class LongPollingTransport implements Transport, Flushable {
  readonly kind = 'LongPolling';
  readonly usesKeepAlive = false;
  readonly lingersAfterEnd = true;
  readonly #owner: TransportOwner;
  readonly #settings: LongPollingSettings;
  /** Records the client has not polled yet; a held poll takes them when the turn ends. */
  readonly #queue = new RecordBatch<string>();
  #poll: HeldPoll | undefined;
  #ending: 'ended' | 'aborted' | undefined;
  #lastPollEndedAt = Date.now();

  constructor(owner: TransportOwner, settings: LongPollingSettings) {
    this.#owner = owner;
    this.#settings = settings;
  }

  /** Every GET after the first (which the endpoint answers at once). */
  poll(req: IncomingMessage, res: ServerResponse): void {
    // A newer poll replaces a held one, which gets 204 (as in ASP.NET Core); the
    // client never polls twice at once, so only a poll it gave up on can be held.
    this.#endHeldPoll();
    if (this.#ending === 'aborted') {
      // What a network failure looks like: the poll fails. (A 204 would say the
      // server ended the connection on purpose.)
      req.socket.destroy();
      this.#owner.release();
    } else if (!this.#queue.isEmpty) {
      this.#answer({ req, res }, this.#takeQueue());
    } else if (this.#ending === 'ended') {
      respond(req, res, 204);
      this.#owner.release();
    } else {
      const timer = setTimeout(() => this.#answerHeldPoll(''), this.#settings.longPollTimeoutMs);
      const poll: HeldPoll = { req, res, timer };
      this.#poll = poll;
      res.on('close', () => {
        if (this.#poll !== poll) return;
        clearTimeout(timer);
        this.#poll = undefined;
        this.#lastPollEndedAt = Date.now();
      });
    }
  }

  /** `DELETE ?id=`: the client is stopping. */
  delete(req: IncomingMessage, res: ServerResponse): void {
    respond(req, res, 202);
    this.#endHeldPoll();
    this.#ending ??= 'ended';
    this.#owner.transportClosed('the client sent DELETE');
    this.#owner.release();
  }

  get unsentBytes(): number {
    return this.#queue.size;
  }

  send(payload: OutgoingPayload): void {
    if (this.#ending !== undefined) return;
    this.#queue.add(payload.text, payload.text.length);
    if (this.#queue.size > MAX_BUFFERED_BYTES) {
      this.#owner.transportClosed('the client is not keeping up with its polls');
      this.abort();
      return;
    }
    // Records written in the same turn of the event loop go out in one answer.
    if (this.#poll !== undefined) flushAtEndOfTurn(this);
  }

  /**
   * Answers the held poll with what is queued. Should that poll have ended since
   * (timed out, or cut), the records wait for the next one.
   */
  flush(): void {
    if (this.#poll !== undefined && !this.#queue.isEmpty) {
      this.#answerHeldPoll(this.#takeQueue());
    }
  }

  end(): void {
    if (this.#ending !== undefined) return;
    this.#ending = 'ended';
    // What is queued (a Close message, say) goes out first; the poll after gets 204.
    if (this.#poll !== undefined && this.#queue.isEmpty) {
      this.#endHeldPoll();
      this.#owner.release();
    }
  }

  abort(): void {
    if (this.#ending === 'aborted') return;
    this.#ending = 'aborted';
    this.#queue.take();
    if (this.#poll !== undefined) {
      clearTimeout(this.#poll.timer);
      this.#poll.req.socket.destroy();
      this.#poll = undefined;
      this.#owner.release();
    }
  }

  tick(now: number): void {
    if (
      this.#poll !== undefined ||
      now - this.#lastPollEndedAt <= this.#settings.disconnectTimeoutMs
    ) {
      return;
    }
    if (this.#ending === undefined) this.#owner.transportClosed('the client stopped polling');
    this.#owner.release();
  }

  #takeQueue(): string {
    return this.#queue.take().join('');
  }

  /** Answers the held poll, if any, with 204. */
  #endHeldPoll(): void {
    const poll = this.#poll;
    if (poll === undefined) return;
    clearTimeout(poll.timer);
    this.#poll = undefined;
    this.#lastPollEndedAt = Date.now();
    respond(poll.req, poll.res, 204);
  }

  #answerHeldPoll(text: string): void {
    const poll = this.#poll;
    if (poll === undefined) return;
    clearTimeout(poll.timer);
    this.#poll = undefined;
    this.#answer(poll, text);
  }

  #answer(poll: Pick<HeldPoll, 'req' | 'res'>, text: string): void {
    this.#lastPollEndedAt = Date.now();
    poll.res.writeHead(200, {
      ...corsHeaders(poll.req),
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-cache, no-store',
      'Content-Length': Buffer.byteLength(text),
    });
    poll.res.end(text);
  }
}
