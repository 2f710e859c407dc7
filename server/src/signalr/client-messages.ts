/**
 * What an active connection does with each record its client sends, as ASP.NET Core's
 * HubConnectionHandler and DefaultHubDispatcher do: invocations run one at a time, in
 * order; a record the protocol does not allow closes the connection with ASP.NET
 * Core's generic error; stateful reconnect drops what it has already seen.
 */
import type { HubCallerContext, HubLogger, HubPrincipal } from './hub.ts';
import { OutgoingPayload } from './framing/outgoing-payload.ts';
import {
  InvalidMessageError,
  isSequenced,
  parseClientMessage,
  writeCompletion,
} from './json-hub-protocol.ts';
import type { ClientMessage, CompletionOutcome } from './json-hub-protocol.ts';
import { unexpectedErrorMessage } from './hub-dispatcher.ts';
import type { HubDispatcher } from './hub-dispatcher.ts';
import { SequenceError } from './replay-buffer.ts';
import type { ReplayBuffer } from './replay-buffer.ts';

/** The connection, as the message handling sees it. */
export interface MessageTarget<P extends HubPrincipal> {
  readonly connectionId: string;
  readonly caller: HubCallerContext<P>;
  readonly state: string;
  readonly replay: ReplayBuffer | undefined;
  send(payload: OutgoingPayload): void;
  acknowledged(sequenceId: number): void;
  messageReceived(isPing: boolean): void;
  close(error?: string, allowReconnect?: boolean): void;
}

/**
 * ASP.NET Core's Close error whenever a connection ends on an error (detailed errors off).
 * When a record breaks the protocol, its Close allows reconnecting (HubConnectionContext's
 * AllowReconnect is true unless the hub aborts the connection); an error in OnConnected
 * does not.
 */
export const CLOSED_WITH_ERROR = 'Connection closed with an error.';

export class ClientMessages<P extends HubPrincipal> {
  readonly #connection: MessageTarget<P>;
  readonly #dispatcher: HubDispatcher<P>;
  readonly #logger: HubLogger;
  /** Invocations run one at a time, in order, as ASP.NET Core runs them by default. */
  #invocations: Promise<void> = Promise.resolve();

  constructor(connection: MessageTarget<P>, dispatcher: HubDispatcher<P>, logger: HubLogger) {
    this.#connection = connection;
    this.#dispatcher = dispatcher;
    this.#logger = logger;
  }

  handle(record: string): void {
    const connection = this.#connection;
    let message: ClientMessage;
    try {
      message = parseClientMessage(record);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      this.#logger.warn(
        `Connection ${connection.connectionId} sent an invalid message: ${error.message}`,
      );
      connection.close(CLOSED_WITH_ERROR, true);
      return;
    }
    connection.messageReceived(message.kind === 'ping');
    const replay = connection.replay;
    if (replay !== undefined) {
      if (message.kind === 'sequence') {
        try {
          replay.rewind(message.sequenceId);
        } catch (error) {
          if (!(error instanceof SequenceError)) throw error;
          this.#logger.warn(`Connection ${connection.connectionId}: ${error.message}`);
          connection.close(CLOSED_WITH_ERROR, true);
        }
        return;
      }
      if (isSequenced(message) && !replay.receive()) return;
    }
    this.#dispatch(message);
  }

  #dispatch(message: ClientMessage): void {
    const connection = this.#connection;
    switch (message.kind) {
      case 'invocation':
        this.#inTurn(message.target, () => this.#invoke(message));
        break;
      case 'stream-invocation':
        // It waits its turn like any invocation (ASP.NET Core runs both through one limit).
        this.#inTurn(message.target, () =>
          this.#complete(message.invocationId, message.target, {
            error: this.#dispatcher.streamInvocationError(message.target),
          }),
        );
        break;
      case 'close':
        this.#logger.debug(`Connection ${connection.connectionId} closed by the client.`);
        // ASP.NET Core answers the client's Close with an empty one.
        connection.close();
        break;
      case 'ack':
        connection.acknowledged(message.sequenceId);
        break;
      case 'ping':
      case 'sequence':
        break;
      case 'cancel-invocation':
      case 'stream-item':
      case 'completion':
      case 'ignored':
        // No stream or client result is ever pending here; ASP.NET Core logs and drops these.
        this.#logger.debug(
          `Connection ${connection.connectionId} sent an unexpected ${message.kind}.`,
        );
        break;
    }
  }

  /** Runs after the invocations before it; a failure is logged and the next ones still run. */
  #inTurn(target: string, task: () => Promise<void> | void): void {
    this.#invocations = this.#invocations
      .then(task)
      .catch((error: unknown) => this.#logger.error(`Invocation of '${target}' failed.`, error));
  }

  async #invoke(message: Extract<ClientMessage, { kind: 'invocation' }>): Promise<void> {
    const connection = this.#connection;
    if (connection.state !== 'active') return;
    const outcome = await this.#dispatcher.invoke(
      connection.caller,
      message.target,
      message.arguments,
      message.streamIds,
    );
    this.#complete(message.invocationId, message.target, outcome);
  }

  #complete(invocationId: string | undefined, target: string, outcome: CompletionOutcome): void {
    if (invocationId === undefined || this.#connection.state !== 'active') return;
    let record: string;
    try {
      record = writeCompletion(invocationId, outcome);
    } catch (error) {
      this.#logger.error(`The result of hub method '${target}' could not be serialized.`, error);
      record = writeCompletion(invocationId, { error: unexpectedErrorMessage(target) });
    }
    this.#connection.send(new OutgoingPayload(record, true));
  }
}
