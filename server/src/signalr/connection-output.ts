/**
 * Where a connection's records go: its current transport, through the replay buffer
 * once stateful reconnect is on. A stateful connection may lose its transport and get
 * a new one; a transport that was replaced is no longer heard (see isCurrent).
 */
import type { OutgoingPayload } from './framing/outgoing-payload.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import { MAX_BUFFERED_BYTES } from './transports/transport.ts';
import type { Transport, TransportKind, TransportOwner } from './transports/transport.ts';

export class ConnectionOutput {
  #transport: Transport | undefined;
  #owner: TransportOwner | undefined;
  #kind: TransportKind | undefined;
  #replay: ReplayBuffer | undefined;

  get transport(): Transport | undefined {
    return this.#transport;
  }

  /** The kind of transport the connection was established on, kept between sockets. */
  get kind(): TransportKind | undefined {
    return this.#kind;
  }

  get replay(): ReplayBuffer | undefined {
    return this.#replay;
  }

  isCurrent(owner: TransportOwner): boolean {
    return this.#owner === owner;
  }

  use(transport: Transport, owner: TransportOwner): void {
    this.#transport = transport;
    this.#owner = owner;
    this.#kind ??= transport.kind;
  }

  /** Forgets the transport (it is gone, or being replaced) and returns it. */
  detach(): Transport | undefined {
    const transport = this.#transport;
    this.#transport = undefined;
    this.#owner = undefined;
    return transport;
  }

  startReplay(limitBytes: number): void {
    this.#replay = new ReplayBuffer(limitBytes, MAX_BUFFERED_BYTES);
  }

  /**
   * Sequenced payloads go through the replay buffer (kept, perhaps held back), the
   * rest straight to the transport. Throws RangeError when too much waits for acks.
   */
  send(payload: OutgoingPayload): void {
    if (this.#replay === undefined || !payload.sequenced) {
      this.#transport?.send(payload);
      return;
    }
    for (const ready of this.#replay.send(payload)) this.#transport?.send(ready);
  }

  /** The client's Ack: what it acknowledged is forgotten, what waited goes out. */
  acknowledged(sequenceId: number): void {
    for (const payload of this.#replay?.ack(sequenceId) ?? []) this.#transport?.send(payload);
  }

  /** A new socket replaces the old one and gets the Sequence message and the replay. */
  resume(transport: Transport, owner: TransportOwner): void {
    this.detach()?.abort();
    this.use(transport, owner);
    for (const payload of this.#replay?.replay() ?? []) transport.send(payload);
  }

  /** Sends an Ack when something arrived since the last one. */
  sendAck(): void {
    const ack = this.#replay?.takeAck();
    if (ack !== undefined) this.#transport?.send(ack);
  }
}
