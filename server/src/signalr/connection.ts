/**
 * One SignalR connection, from negotiate to its end, whatever transport carries it:
 * the handshake, message dispatch, keep-alive and the ways it can end.
 */
import type { HubCallerContext, HubLogger, HubPrincipal } from './hub.ts';
import { OutgoingPayload } from './framing/outgoing-payload.ts';
import { TextMessageParser } from './framing/text-message-format.ts';
import {
  HANDSHAKE_SUCCESS_RECORD,
  InvalidMessageError,
  PING_RECORD,
  parseClientMessage,
  parseHandshakeRequest,
  writeClose,
  writeCompletion,
  writeHandshakeError,
} from './json-hub-protocol.ts';
import type { ClientMessage, CompletionOutcome } from './json-hub-protocol.ts';
import { unexpectedErrorMessage } from './hub-dispatcher.ts';
import type { HubDispatcher } from './hub-dispatcher.ts';
import type { Transport, TransportOwner } from './transports/transport.ts';

/**
 * negotiated: has ids, no transport yet. connecting: a transport is being
 * authenticated. handshaking: a transport is attached, waiting for the handshake.
 * active: the hub sees it. ended: over (its token may linger for Long Polling).
 */
export type ConnectionState = 'negotiated' | 'connecting' | 'handshaking' | 'active' | 'ended';

export interface ConnectionSettings {
  readonly keepAliveIntervalMs: number;
  readonly clientTimeoutMs: number;
  readonly maxReceiveMessageSize: number;
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

type Ending = 'end' | 'abort' | 'transport-closed';

export class Connection<P extends HubPrincipal> implements TransportOwner {
  readonly connectionId: string;
  readonly connectionToken: string;
  #caller: HubCallerContext<P>;
  #state: ConnectionState = 'negotiated';
  #transport: Transport | undefined;
  #released = false;
  readonly #parser: TextMessageParser;
  readonly #dispatcher: HubDispatcher<P>;
  readonly #events: ConnectionEvents<P>;
  readonly #settings: ConnectionSettings;
  readonly #logger: HubLogger;
  #lastActivityAt = Date.now();
  #lastReceivedAt = Date.now();
  #lastSentAt = Date.now();
  /** Invocations run one at a time, in order, as ASP.NET Core runs them by default. */
  #invocations: Promise<void> = Promise.resolve();

  constructor(init: {
    connectionId: string;
    connectionToken: string;
    principal: P;
    dispatcher: HubDispatcher<P>;
    events: ConnectionEvents<P>;
    settings: ConnectionSettings;
    logger: HubLogger;
  }) {
    this.connectionId = init.connectionId;
    this.connectionToken = init.connectionToken;
    this.#caller = Object.freeze({ connectionId: init.connectionId, principal: init.principal });
    this.#dispatcher = init.dispatcher;
    this.#events = init.events;
    this.#settings = init.settings;
    this.#logger = init.logger;
    this.#parser = new TextMessageParser(init.settings.maxReceiveMessageSize);
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

  /** Claims the connection for a transport while its request is authenticated. */
  reserveTransport(): boolean {
    if (this.#state !== 'negotiated') return false;
    this.#state = 'connecting';
    this.#lastActivityAt = Date.now();
    return true;
  }

  cancelReservation(): void {
    if (this.#state === 'connecting') this.#state = 'negotiated';
  }

  /** The principal is the one authenticated when the transport connected. */
  attachTransport(transport: Transport, principal: P): void {
    if (this.#state !== 'connecting') {
      throw new Error(`Cannot attach a transport when ${this.#state}.`);
    }
    this.#transport = transport;
    this.#caller = Object.freeze({ connectionId: this.connectionId, principal });
    this.#state = 'handshaking';
    this.#lastActivityAt = this.#lastReceivedAt = Date.now();
  }

  receive(text: string): void {
    if (this.#state !== 'handshaking' && this.#state !== 'active') return;
    this.#lastReceivedAt = Date.now();
    let records: string[];
    try {
      records = this.#parser.push(text);
    } catch (error) {
      this.#closeWithProtocolError(errorMessage(error));
      return;
    }
    for (const record of records) {
      if (this.#state === 'handshaking') this.#handshake(record);
      else if (this.#state === 'active') this.#handle(record);
      else return;
    }
  }

  transportClosed(reason: string): void {
    if (this.#state !== 'ended') {
      this.#logger.debug(`Connection ${this.connectionId}: ${reason}.`);
    }
    this.#finish('transport-closed');
  }

  /** For transports whose token outlives the connection (Long Polling). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#events.released(this);
  }

  /** Sends to an active connection; does nothing once it has ended. */
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

  /** Ends it as a network failure would, without a Close message. */
  abort(): void {
    this.#finish('abort');
  }

  /** Keep-alive pings, client timeout and reaping; called periodically. */
  tick(now: number): void {
    const { clientTimeoutMs, keepAliveIntervalMs } = this.#settings;
    switch (this.#state) {
      case 'negotiated':
      case 'connecting':
      case 'handshaking':
        if (now - this.#lastActivityAt > clientTimeoutMs) {
          this.#logger.debug(`Connection ${this.connectionId} timed out while ${this.#state}.`);
          this.#finish('abort');
        }
        break;
      case 'active':
        if (this.#transport?.usesKeepAlive) {
          if (now - this.#lastReceivedAt > clientTimeoutMs) {
            this.#logger.debug(`Connection ${this.connectionId}: client timeout elapsed.`);
            this.#finish('abort');
          } else if (now - this.#lastSentAt >= keepAliveIntervalMs) {
            this.#write(ping);
          }
        }
        break;
      case 'ended':
        break;
    }
    this.#transport?.tick?.(now);
  }

  #handshake(record: string): void {
    const outcome = parseHandshakeRequest(record);
    if (!outcome.ok) {
      this.#logger.debug(`Connection ${this.connectionId} handshake refused: ${outcome.error}`);
      this.#write(new OutgoingPayload(writeHandshakeError(outcome.error)));
      this.#finish('end');
      return;
    }
    this.#state = 'active';
    this.#write(handshakeSuccess);
    this.#events.connected(this);
  }

  #handle(record: string): void {
    let message: ClientMessage;
    try {
      message = parseClientMessage(record);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      this.#closeWithProtocolError(error.message);
      return;
    }
    switch (message.kind) {
      case 'invocation':
        if (message.streamIds !== undefined && message.streamIds.length > 0) {
          this.#complete(message.invocationId, message.target, {
            error: 'Client-to-server streaming is not supported.',
          });
        } else {
          this.#invocations = this.#invocations
            .then(() => this.#invoke(message))
            .catch((error: unknown) =>
              this.#logger.error(`Invocation of '${message.target}' failed.`, error),
            );
        }
        break;
      case 'stream-invocation':
        this.#complete(message.invocationId, message.target, {
          error: `Streaming is not supported: '${message.target}' cannot be invoked as a stream.`,
        });
        break;
      case 'cancel-invocation':
        this.#complete(message.invocationId, '', { error: 'Streaming is not supported.' });
        break;
      case 'ping':
        break;
      case 'close':
        this.#logger.debug(`Connection ${this.connectionId} closed by the client.`);
        this.#finish('end');
        break;
      case 'ignored':
        this.#logger.debug(
          `Connection ${this.connectionId} sent message type ${message.type}; ignored.`,
        );
        break;
    }
  }

  async #invoke(message: Extract<ClientMessage, { kind: 'invocation' }>): Promise<void> {
    if (this.#state !== 'active') return;
    const outcome = await this.#dispatcher.invoke(this.#caller, message.target, message.arguments);
    this.#complete(message.invocationId, message.target, outcome);
  }

  #complete(invocationId: string | undefined, target: string, outcome: CompletionOutcome): void {
    if (invocationId === undefined || this.#state !== 'active') return;
    let record: string;
    try {
      record = writeCompletion(invocationId, outcome);
    } catch (error) {
      this.#logger.error(`The result of hub method '${target}' could not be serialized.`, error);
      record = writeCompletion(invocationId, { error: unexpectedErrorMessage(target) });
    }
    this.#write(new OutgoingPayload(record));
  }

  #closeWithProtocolError(detail: string): void {
    this.#logger.warn(`Connection ${this.connectionId} sent an invalid message: ${detail}`);
    if (this.#state === 'handshaking') {
      this.#write(new OutgoingPayload(writeHandshakeError(detail)));
      this.#finish('end');
    } else {
      this.close(`Connection closed with an error. ${detail}`);
    }
  }

  #write(payload: OutgoingPayload): void {
    this.#lastSentAt = Date.now();
    this.#transport?.send(payload);
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
