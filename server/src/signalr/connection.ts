/**
 * One SignalR connection, from negotiate to its end, whatever transport carries it:
 * the handshake, timeouts, stateful reconnect and the ways it can end. What the
 * client's messages do is in client-messages.ts; where records go, connection-output.ts.
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
import { ConnectionOutput } from './connection-output.ts';
import type { HubDispatcher } from './hub-dispatcher.ts';
import { KeepAlive } from './keep-alive.ts';
import type { KeepAliveSettings } from './keep-alive.ts';
import type { ReplayBuffer } from './replay-buffer.ts';
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
  readonly maxMemberLagMs: number;
}

/** Output held back beyond this counts as falling behind (a reading client drains it at once). */
const BACKED_UP_BYTES = 64 * 1024;

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
const HANDSHAKE_CANCELED = 'Handshake was canceled.';
const ACK_INTERVAL_MS = 1000;

type Ending = 'end' | 'abort' | 'transport-closed';

export class Connection<P extends HubPrincipal> implements MessageTarget<P> {
  readonly connectionId: string;
  readonly connectionToken: string;
  /** The client asked for stateful reconnect at negotiate, and the server allows it. */
  readonly statefulReconnect: boolean;
  #caller: HubCallerContext<P>;
  #state: ConnectionState = 'negotiated';
  readonly #output = new ConnectionOutput();
  #released = false;
  #parser: TextMessageParser;
  readonly #messages: ClientMessages<P>;
  readonly #events: ConnectionEvents<P>;
  readonly #settings: ConnectionSettings;
  readonly #logger: HubLogger;
  readonly #keepAlive: KeepAlive;
  #lastAckAt = 0;
  /** Since when its output has stayed backed up; undefined while it keeps up. */
  #behindSince: number | undefined;

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
    return this.#output.transport;
  }

  /** The kind of transport the connection was established on, kept between sockets. */
  get transportKind(): Transport['kind'] | undefined {
    return this.#output.kind;
  }

  get replay(): ReplayBuffer | undefined {
    return this.#output.replay;
  }

  /** What its transport holds unsent (0 without one). */
  get unsentBytes(): number {
    return this.#output.transport?.unsentBytes ?? 0;
  }

  /** A stateful WebSocket connection whose client may bring it a new socket. */
  get resumable(): boolean {
    return this.#state === 'active' && this.#output.replay !== undefined;
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

  /** What a new transport reports to; a replaced transport's reports are ignored. */
  newTransportOwner(): TransportOwner {
    const owner: TransportOwner = {
      receive: (text) => {
        if (this.#output.isCurrent(owner)) this.receive(text);
      },
      transportClosed: (reason, abrupt) => {
        if (this.#output.isCurrent(owner)) this.#transportClosed(reason, abrupt === true);
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
    this.#use(transport, owner);
  }

  /**
   * A stateful reconnect: the client's new WebSocket replaces the old one (which may
   * not have noticed it is dead yet), and gets every message it has not acknowledged.
   */
  resumeOn(transport: Transport, owner: TransportOwner): void {
    if (!this.resumable) throw new Error(`Cannot resume a connection that is ${this.#state}.`);
    this.#logger.debug(`Connection ${this.connectionId} resumed on a new WebSocket.`);
    this.#keepAlive.transportAttached();
    this.#parser = new TextMessageParser(this.#settings.maxReceiveMessageSize);
    this.#output.resume(transport, owner);
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
    if (this.#state !== 'active') return;
    try {
      this.#output.send(payload);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.#logger.warn(`Connection ${this.connectionId}: ${error.message}`);
      this.#finish('abort');
    }
  }

  /** Says goodbye with a Close message, then ends the transport. */
  close(error?: string, allowReconnect = false): void {
    this.send(new OutgoingPayload(writeClose(error, allowReconnect)));
    this.#finish('end');
  }

  /**
   * A network cut: the transport ends without a Close message. A stateful WebSocket
   * connection then waits for its client to come back; any other one is over.
   */
  cut(): void {
    if (this.resumable) this.#detach()?.abort();
    else this.#finish('abort');
  }

  /** Ends it as a network failure would, for good. */
  abort(): void {
    this.#finish('abort');
  }

  /** Keep-alive pings, acks, timeouts and reaping; called periodically. */
  tick(now: number): void {
    const clock = this.#keepAlive;
    const transport = this.#output.transport;
    if (this.#state === 'negotiated' || this.#state === 'connecting') {
      if (clock.disconnectTimedOut(now)) this.#finish('abort');
    } else if (this.#state === 'handshaking') {
      if (clock.handshakeTimedOut(now)) this.#refuseHandshake(HANDSHAKE_CANCELED);
    } else if (this.#state === 'active' && transport === undefined) {
      // A stateful connection whose client did not come back in time.
      if (clock.disconnectTimedOut(now)) this.#finish('transport-closed');
    } else if (this.#state === 'active' && transport !== undefined) {
      if (transport.usesKeepAlive && clock.clientTimedOut(now)) {
        this.#logger.debug(`Connection ${this.connectionId}: client timeout elapsed.`);
        this.close(CLOSED_WITH_ERROR, true);
        return;
      }
      if (this.#fellBehind(now)) {
        this.#logger.warn(
          `Connection ${this.connectionId} cut: its output stayed backed up for ${this.#settings.maxMemberLagMs} ms.`,
        );
        this.#finish('abort');
        return;
      }
      if (transport.usesKeepAlive && clock.takePing(now)) this.send(ping);
      if (now - this.#lastAckAt >= ACK_INTERVAL_MS) {
        this.#lastAckAt = now;
        this.#output.sendAck();
      }
    }
    this.#output.transport?.tick?.(now);
  }

  /**
   * A member that does not keep up is cut rather than let its output grow (a group send
   * never waits for it): its client reconnects and re-fetches, as after any reconnect.
   */
  #fellBehind(now: number): boolean {
    const backedUp =
      this.unsentBytes > BACKED_UP_BYTES || (this.#output.replay?.waitingBytes ?? 0) > 0;
    if (!backedUp) this.#behindSince = undefined;
    else this.#behindSince ??= now;
    return (
      this.#behindSince !== undefined && now - this.#behindSince >= this.#settings.maxMemberLagMs
    );
  }

  /** The client's message was read: it counts for the client timeout. */
  messageReceived(isPing: boolean): void {
    this.#keepAlive.messageReceived(isPing);
  }

  /** The client's Ack: what it acknowledged is forgotten, what waited goes out. */
  acknowledged(sequenceId: number): void {
    this.#output.acknowledged(sequenceId);
  }

  /** Text from the client: a WebSocket frame, or a POST (Server-Sent Events, Long Polling). */
  receive(text: string): void {
    if (this.#state !== 'handshaking' && this.#state !== 'active') return;
    let records: string[];
    try {
      records = this.#parser.push(text);
    } catch (error) {
      if (!(error instanceof RecordTooLargeError)) throw error;
      this.#logger.warn(`Connection ${this.connectionId}: ${error.message}`);
      if (this.#state === 'handshaking') this.#refuseHandshake(HANDSHAKE_CANCELED);
      else this.close(CLOSED_WITH_ERROR, true);
      return;
    }
    for (const record of records) {
      if (this.#state === 'handshaking') this.#handshake(record);
      else if (this.#state === 'active') this.#messages.handle(record);
      else return;
    }
  }

  #use(transport: Transport, owner: TransportOwner): void {
    this.#output.use(transport, owner);
    this.#keepAlive.transportAttached();
  }

  #detach(): Transport | undefined {
    this.#keepAlive.transportLost();
    return this.#output.detach();
  }

  #transportClosed(reason: string, abrupt: boolean): void {
    if (this.#state === 'ended') return;
    this.#logger.debug(`Connection ${this.connectionId}: ${reason}.`);
    if (abrupt && this.resumable) this.#detach();
    else this.#finish('transport-closed');
  }

  #handshake(record: string): void {
    const outcome = parseHandshakeRequest(record);
    if (!outcome.ok) {
      this.#refuseHandshake(outcome.error);
      return;
    }
    // Version 2 turns stateful reconnect on, where it was negotiated (WebSockets only).
    if (this.statefulReconnect && outcome.version >= 2 && this.#output.kind === 'WebSockets') {
      this.#output.startReplay(this.#settings.statefulReconnectBufferSize);
    }
    this.#state = 'active';
    this.#keepAlive.handshakeDone();
    this.#output.transport?.send(handshakeSuccess);
    this.#events.connected(this);
  }

  #refuseHandshake(error: string): void {
    this.#logger.debug(`Connection ${this.connectionId} handshake refused: ${error}`);
    this.#output.transport?.send(new OutgoingPayload(writeHandshakeError(error)));
    this.#finish('end');
  }

  #finish(ending: Ending): void {
    if (this.#state === 'ended') return;
    const wasActive = this.#state === 'active';
    this.#state = 'ended';
    const transport = this.#output.transport;
    if (ending === 'end') transport?.end();
    else if (ending === 'abort') transport?.abort();
    if (wasActive) this.#events.disconnected(this);
    // Long Polling tells its next poll how it ended (204, or a cut), then releases itself.
    if (transport === undefined || !transport.lingersAfterEnd || ending === 'transport-closed') {
      this.release();
    }
  }
}
