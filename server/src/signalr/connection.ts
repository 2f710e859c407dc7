/**
 * One SignalR connection, from negotiate to its end, whatever transport carries it:
 * the handshake, keep-alive, stateful reconnect and the ways it can end. What the
 * client's messages do is in client-messages.ts.
 */
import type { HubCallerContext, HubLogger, HubPrincipal } from './hub.ts';
import { OutgoingPayload } from './framing/outgoing-payload.ts';
import { RecordTooLargeError, TextMessageParser } from './framing/text-message-format.ts';
import {
  HANDSHAKE_SUCCESS_RECORD,
  PING_RECORD,
  parseHandshakeRequest,
  writeClose,
  writeHandshakeError,
} from './json-hub-protocol.ts';
import { CLOSED_WITH_ERROR, ClientMessages } from './client-messages.ts';
import type { MessageTarget } from './client-messages.ts';
import type { HubDispatcher } from './hub-dispatcher.ts';
import { KeepAlive } from './keep-alive.ts';
import type { KeepAliveSettings } from './keep-alive.ts';
import { ReplayBuffer } from './replay-buffer.ts';
import { MAX_BUFFERED_BYTES } from './transports/transport.ts';
import type { Transport, TransportOwner } from './transports/transport.ts';

/**
 * negotiated: has ids, no transport yet. connecting: a transport is being
 * authenticated. handshaking: a transport is attached, waiting for the handshake.
 * active: the hub sees it (a stateful one may be between sockets). ended: over (its
 * token may linger for Long Polling).
 */
export type ConnectionState = 'negotiated' | 'connecting' | 'handshaking' | 'active' | 'ended';

export interface ConnectionSettings extends KeepAliveSettings {
  readonly maxReceiveMessageSize: number;
  readonly statefulReconnectBufferSize: number;
}

export interface ConnectionEvents<P extends HubPrincipal> {
  /** The handshake succeeded. */
  connected(connection: Connection<P>): void;
  /** The connection is over for the hub; called once, and only after connected. */
  disconnected(connection: Connection<P>): void;
  /** Nothing will come with this connection token any more. */
  released(connection: Connection<P>): void;
}

const handshakeSuccess = new OutgoingPayload(HANDSHAKE_SUCCESS_RECORD);
const ping = new OutgoingPayload(PING_RECORD);
const ACK_INTERVAL_MS = 1000;

type Ending = 'end' | 'abort' | 'transport-closed';

export class Connection<P extends HubPrincipal> implements MessageTarget<P> {
  readonly connectionId: string;
  readonly connectionToken: string;
  /** The client asked for stateful reconnect at negotiate, and the server allows it. */
  readonly statefulReconnect: boolean;
  #caller: HubCallerContext<P>;
  #state: ConnectionState = 'negotiated';
  #transport: Transport | undefined;
  #transportKind: Transport['kind'] | undefined;
  /** The owner handed to the current transport; a replaced transport's reports are ignored. */
  #owner: TransportOwner | undefined;
  #released = false;
  #parser: TextMessageParser;
  readonly #messages: ClientMessages<P>;
  readonly #events: ConnectionEvents<P>;
  readonly #settings: ConnectionSettings;
  readonly #logger: HubLogger;
  readonly #keepAlive: KeepAlive;
  #replay: ReplayBuffer | undefined;
  #lastAckAt = 0;

  constructor(init: {
    connectionId: string;
    connectionToken: string;
    principal: P;
    statefulReconnect: boolean;
    dispatcher: HubDispatcher<P>;
    events: ConnectionEvents<P>;
    settings: ConnectionSettings;
    logger: HubLogger;
  }) {
    this.connectionId = init.connectionId;
    this.connectionToken = init.connectionToken;
    this.statefulReconnect = init.statefulReconnect;
    this.#caller = Object.freeze({ connectionId: init.connectionId, principal: init.principal });
    this.#events = init.events;
    this.#settings = init.settings;
    this.#logger = init.logger;
    this.#parser = new TextMessageParser(init.settings.maxReceiveMessageSize);
    this.#keepAlive = new KeepAlive(init.settings);
    this.#messages = new ClientMessages<P>(this, init.dispatcher, init.logger);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get caller(): HubCallerContext<P> {
    return this.#caller;
  }

  get transport(): Transport | undefined {
    return this.#transport;
  }

  /** The kind of transport the connection was established on, kept between sockets. */
  get transportKind(): Transport['kind'] | undefined {
    return this.#transportKind;
  }

  get replay(): ReplayBuffer | undefined {
    return this.#replay;
  }

  /** A stateful WebSocket connection whose client may bring it a new socket. */
  get resumable(): boolean {
    return this.#state === 'active' && this.#replay !== undefined;
  }

  /** Claims the connection for a transport while its request is authenticated. */
  reserveTransport(): boolean {
    if (this.#state !== 'negotiated') return false;
    this.#state = 'connecting';
    return true;
  }

  cancelReservation(): void {
    if (this.#state === 'connecting') this.#state = 'negotiated';
  }

  /** What a new transport reports to; the transport is then attached with it. */
  newTransportOwner(): TransportOwner {
    const owner: TransportOwner = {
      receive: (text) => {
        if (this.#owner === owner) this.#receive(text);
      },
      transportClosed: (reason, abrupt) => {
        if (this.#owner === owner) this.#transportClosed(reason, abrupt === true);
      },
      release: () => this.release(),
    };
    return owner;
  }

  /** The principal is the one authenticated when the first transport connected. */
  attachTransport(transport: Transport, owner: TransportOwner, principal: P): void {
    if (this.#state !== 'connecting') {
      throw new Error(`Cannot attach a transport when ${this.#state}.`);
    }
    this.#caller = Object.freeze({ connectionId: this.connectionId, principal });
    this.#state = 'handshaking';
    this.#transportKind = transport.kind;
    this.#use(transport, owner);
  }

  /**
   * A stateful reconnect: the client's new WebSocket replaces the old one (which may
   * not have noticed it is dead yet), and gets every message it has not acknowledged.
   */
  resumeOn(transport: Transport, owner: TransportOwner): void {
    const replay = this.#replay;
    if (!this.resumable || replay === undefined) {
      throw new Error(`Cannot resume a connection that is ${this.#state}.`);
    }
    const previous = this.#transport;
    this.#owner = undefined;
    previous?.abort();
    this.#logger.debug(`Connection ${this.connectionId} resumed on a new WebSocket.`);
    this.#use(transport, owner);
    for (const payload of replay.replay()) transport.send(payload);
  }

  /** For transports whose token outlives the connection (Long Polling). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#events.released(this);
  }

  /**
   * Sends to an active connection (sequenced payloads through the replay buffer);
   * does nothing once it has ended.
   */
  send(payload: OutgoingPayload): void {
    if (this.#state === 'active') this.#write(payload);
  }

  /** Says goodbye with a Close message, then ends the transport. */
  close(error?: string, allowReconnect = false): void {
    if (this.#state === 'active') {
      this.#write(new OutgoingPayload(writeClose(error, allowReconnect)));
    }
    this.#finish('end');
  }

  /**
   * A network cut: the transport ends without a Close message. A stateful WebSocket
   * connection then waits for its client to come back; any other one is over.
   */
  cut(): void {
    if (this.resumable && this.#transport !== undefined) {
      const transport = this.#transport;
      this.#detach();
      transport.abort();
    } else {
      this.#finish('abort');
    }
  }

  /** Ends it as a network failure would, for good. */
  abort(): void {
    this.#finish('abort');
  }

  /** Keep-alive pings, acks, timeouts and reaping; called periodically. */
  tick(now: number): void {
    const clock = this.#keepAlive;
    switch (this.#state) {
      case 'negotiated':
      case 'connecting':
        if (clock.disconnectTimedOut(now)) {
          this.#logger.debug(`Connection ${this.connectionId} never connected a transport.`);
          this.#finish('abort');
        }
        break;
      case 'handshaking':
        if (clock.handshakeTimedOut(now)) {
          this.#logger.debug(`Connection ${this.connectionId}: handshake timed out.`);
          this.#refuseHandshake('Handshake was canceled.');
        }
        break;
      case 'active':
        if (this.#transport === undefined) {
          if (clock.disconnectTimedOut(now)) {
            this.#logger.debug(`Connection ${this.connectionId}: its client did not come back.`);
            this.#finish('transport-closed');
          }
          return;
        }
        if (this.#transport.usesKeepAlive) {
          if (clock.clientTimedOut(now)) {
            this.#logger.debug(`Connection ${this.connectionId}: client timeout elapsed.`);
            this.close(CLOSED_WITH_ERROR, true);
            return;
          }
          if (clock.takePing(now)) this.#write(ping);
        }
        if (this.#replay !== undefined && now - this.#lastAckAt >= ACK_INTERVAL_MS) {
          this.#lastAckAt = now;
          const ack = this.#replay.takeAck();
          if (ack !== undefined) this.#write(ack);
        }
        break;
      case 'ended':
        break;
    }
    this.#transport?.tick?.(now);
  }

  /** The client's message was read: it counts for the client timeout. */
  messageReceived(isPing: boolean): void {
    this.#keepAlive.messageReceived(isPing);
  }

  /** The client's Ack: what it acknowledged is forgotten, what waited goes out. */
  acknowledged(sequenceId: number): void {
    for (const payload of this.#replay?.ack(sequenceId) ?? []) this.#transport?.send(payload);
  }

  #use(transport: Transport, owner: TransportOwner): void {
    this.#transport = transport;
    this.#owner = owner;
    this.#parser = new TextMessageParser(this.#settings.maxReceiveMessageSize);
    this.#keepAlive.transportAttached();
  }

  #detach(): void {
    this.#transport = undefined;
    this.#owner = undefined;
    this.#keepAlive.transportLost();
  }

  /** Text from a POST (Server-Sent Events, Long Polling). */
  receive(text: string): void {
    this.#receive(text);
  }

  #receive(text: string): void {
    if (this.#state !== 'handshaking' && this.#state !== 'active') return;
    let records: string[];
    try {
      records = this.#parser.push(text);
    } catch (error) {
      if (!(error instanceof RecordTooLargeError)) throw error;
      this.#logger.warn(`Connection ${this.connectionId}: ${error.message}`);
      if (this.#state === 'handshaking') this.#refuseHandshake('Handshake was canceled.');
      else this.close(CLOSED_WITH_ERROR);
      return;
    }
    for (const record of records) {
      if (this.#state === 'handshaking') this.#handshake(record);
      else if (this.#state === 'active') this.#messages.handle(record);
      else return;
    }
  }

  #transportClosed(reason: string, abrupt: boolean): void {
    if (this.#state === 'ended') return;
    this.#logger.debug(`Connection ${this.connectionId}: ${reason}.`);
    if (abrupt && this.resumable) {
      this.#detach();
      return;
    }
    this.#finish('transport-closed');
  }

  #handshake(record: string): void {
    const outcome = parseHandshakeRequest(record);
    if (!outcome.ok) {
      this.#refuseHandshake(outcome.error);
      return;
    }
    // Version 2 turns stateful reconnect on, where it was negotiated (WebSockets only).
    if (this.statefulReconnect && outcome.version >= 2 && this.#transport?.kind === 'WebSockets') {
      this.#replay = new ReplayBuffer(
        this.#settings.statefulReconnectBufferSize,
        MAX_BUFFERED_BYTES,
      );
    }
    this.#state = 'active';
    this.#keepAlive.handshakeDone();
    this.#transport?.send(handshakeSuccess);
    this.#events.connected(this);
  }

  #refuseHandshake(error: string): void {
    this.#logger.debug(`Connection ${this.connectionId} handshake refused: ${error}`);
    this.#transport?.send(new OutgoingPayload(writeHandshakeError(error)));
    this.#finish('end');
  }

  #write(payload: OutgoingPayload): void {
    if (this.#replay === undefined || !payload.sequenced) {
      this.#transport?.send(payload);
      return;
    }
    let ready: OutgoingPayload[];
    try {
      ready = this.#replay.send(payload);
    } catch (error) {
      this.#logger.warn(`Connection ${this.connectionId}: ${(error as Error).message}`);
      this.#finish('abort');
      return;
    }
    for (const item of ready) this.#transport?.send(item);
  }

  #finish(ending: Ending): void {
    if (this.#state === 'ended') return;
    const wasActive = this.#state === 'active';
    this.#state = 'ended';
    const transport = this.#transport;
    if (ending === 'end') transport?.end();
    else if (ending === 'abort') transport?.abort();
    if (wasActive) this.#events.disconnected(this);
    // Long Polling tells its next poll how it ended (204, or a cut), then releases itself.
    if (transport === undefined || !transport.lingersAfterEnd || ending === 'transport-closed') {
      this.release();
    }
  }
}
