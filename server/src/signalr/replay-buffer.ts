/**
 * Stateful reconnect (JSON hub protocol version 2, WebSockets): what ASP.NET Core's
 * MessageBuffer does for one connection, both ways.
 * - Out: every invocation or completion gets the next sequence id (from 1) and is kept
 *   until the client acknowledges it; after a cut, the new socket gets a Sequence
 *   message with the first id kept, then every kept message again. Over `limit`
 *   unacknowledged bytes, later messages wait for acks before they are sent.
 * - In: the client numbers its messages the same way; a Sequence message after a
 *   reconnect rewinds the count, and messages already seen are dropped. The server
 *   acknowledges what it received about once a second.
 */
import { OutgoingPayload } from './framing/outgoing-payload.ts';
import { writeAck, writeSequence } from './json-hub-protocol.ts';

interface Kept {
  readonly id: number;
  readonly payload: OutgoingPayload;
  readonly bytes: number;
}

/** The client's Sequence message claims more than it ever sent. */
export class SequenceError extends Error {}

export class ReplayBuffer {
  readonly #limit: number;
  readonly #maxWaitingBytes: number;
  #lastId = 0;
  #kept: Kept[] = [];
  #keptBytes = 0;
  #waiting: OutgoingPayload[] = [];
  #waitingBytes = 0;
  #nextReceivingId = 1;
  #latestReceivedId = 0;
  #lastAckedId = 0;

  constructor(limit: number, maxWaitingBytes: number) {
    this.#limit = limit;
    this.#maxWaitingBytes = maxWaitingBytes;
  }

  /** Bytes held back until the client acknowledges earlier messages. */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /**
   * Numbers and keeps a sequenced payload; returns what may be written now (nothing
   * while earlier messages wait for acks). Throws when too much waits: the client is
   * not keeping up.
   */
  send(payload: OutgoingPayload): OutgoingPayload[] {
    if (this.#waiting.length > 0 || this.#keptBytes > this.#limit) {
      this.#waiting.push(payload);
      this.#waitingBytes += payload.utf8.length;
      if (this.#waitingBytes > this.#maxWaitingBytes) {
        throw new RangeError('Too many messages wait for the client to acknowledge earlier ones.');
      }
      return [];
    }
    this.#keep(payload);
    return [payload];
  }

  /** The client acknowledged everything up to sequenceId; returns the messages now released. */
  ack(sequenceId: number): OutgoingPayload[] {
    let acked = 0;
    while (acked < this.#kept.length && this.#kept[acked]!.id <= sequenceId) {
      this.#keptBytes -= this.#kept[acked]!.bytes;
      acked++;
    }
    if (acked > 0) this.#kept = this.#kept.slice(acked);
    const released: OutgoingPayload[] = [];
    while (this.#waiting.length > 0 && this.#keptBytes <= this.#limit) {
      const payload = this.#waiting.shift()!;
      this.#waitingBytes -= payload.utf8.length;
      this.#keep(payload);
      released.push(payload);
    }
    return released;
  }

  /** What a new socket gets first: the Sequence message, then every unacknowledged message. */
  replay(): OutgoingPayload[] {
    const first = this.#kept[0]?.id ?? this.#lastId + 1;
    return [new OutgoingPayload(writeSequence(first)), ...this.#kept.map((kept) => kept.payload)];
  }

  /** The client's Sequence message: where its next message's id starts. */
  rewind(sequenceId: number): void {
    if (sequenceId > this.#nextReceivingId) {
      throw new SequenceError("Sequence ID greater than amount of messages we've received.");
    }
    this.#nextReceivingId = sequenceId;
  }

  /** Counts a sequenced message from the client; false for one already received. */
  receive(): boolean {
    const id = this.#nextReceivingId++;
    if (id <= this.#latestReceivedId) return false;
    this.#latestReceivedId = id;
    return true;
  }

  /** An Ack to send when something arrived since the last one. */
  takeAck(): OutgoingPayload | undefined {
    if (this.#lastAckedId >= this.#latestReceivedId) return undefined;
    this.#lastAckedId = this.#latestReceivedId;
    return new OutgoingPayload(writeAck(this.#lastAckedId));
  }

  #keep(payload: OutgoingPayload): void {
    const bytes = payload.utf8.length;
    this.#kept.push({ id: ++this.#lastId, payload, bytes });
    this.#keptBytes += bytes;
  }
}
