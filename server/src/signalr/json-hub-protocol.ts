/**
 * The JSON hub protocol (dotnet/aspnetcore src/SignalR/docs/specs/HubProtocol.md):
 * parsing what clients send, writing what the server sends. Records are framed by
 * framing/text-message-format.ts; this file sees one record at a time.
 */
import { writeRecord } from './framing/text-message-format.ts';

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

/** A record a client sent that the protocol does not allow. */
export class InvalidMessageError extends Error {}

export type HandshakeOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: string };

const SUPPORTED_VERSIONS: ReadonlySet<number> = new Set([1, 2]);

/** Checks the client's first record, `{"protocol":"json","version":1}`. */
export function parseHandshakeRequest(record: string): HandshakeOutcome {
  let request: unknown;
  try {
    request = JSON.parse(record);
  } catch {
    return { ok: false, error: 'Handshake request is not valid JSON.' };
  }
  if (!isObject(request) || typeof request['protocol'] !== 'string') {
    return { ok: false, error: 'Handshake request is missing the protocol.' };
  }
  const { protocol, version } = request;
  if (protocol !== 'json') {
    return { ok: false, error: `The protocol '${protocol}' is not supported.` };
  }
  if (typeof version !== 'number' || !SUPPORTED_VERSIONS.has(version)) {
    return {
      ok: false,
      error: `The server does not support version ${String(version)} of the 'json' protocol.`,
    };
  }
  return { ok: true };
}

export type ClientMessage =
  | {
      readonly kind: 'invocation';
      readonly invocationId: string | undefined;
      readonly target: string;
      readonly arguments: readonly unknown[];
      readonly streamIds: readonly string[] | undefined;
    }
  | {
      readonly kind: 'stream-invocation';
      readonly invocationId: string;
      readonly target: string;
    }
  | { readonly kind: 'cancel-invocation'; readonly invocationId: string }
  | { readonly kind: 'ping' }
  | { readonly kind: 'close'; readonly error: string | undefined }
  /** Stream items, client results, acks, sequences and unknown types: nothing to do. */
  | { readonly kind: 'ignored'; readonly type: number };

/** Parses one record; throws InvalidMessageError when it is not a valid message. */
export function parseClientMessage(record: string): ClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(record);
  } catch {
    throw new InvalidMessageError('Message is not valid JSON.');
  }
  if (!isObject(message) || typeof message['type'] !== 'number') {
    throw new InvalidMessageError("Message is missing the 'type' property.");
  }
  switch (message['type']) {
    case MessageType.Invocation: {
      const invocationId = optionalString(message, 'invocationId', 'Invocation');
      if (invocationId === '') {
        throw new InvalidMessageError("Invocation has an empty 'invocationId'.");
      }
      const streamIds = message['streamIds'];
      if (
        streamIds !== undefined &&
        !(Array.isArray(streamIds) && streamIds.every((id) => typeof id === 'string'))
      ) {
        throw new InvalidMessageError("Invocation has an invalid 'streamIds' property.");
      }
      return {
        kind: 'invocation',
        invocationId,
        target: requiredString(message, 'target', 'Invocation'),
        arguments: requiredArray(message, 'arguments', 'Invocation'),
        streamIds,
      };
    }
    case MessageType.StreamInvocation:
      requiredArray(message, 'arguments', 'StreamInvocation');
      return {
        kind: 'stream-invocation',
        invocationId: requiredString(message, 'invocationId', 'StreamInvocation'),
        target: requiredString(message, 'target', 'StreamInvocation'),
      };
    case MessageType.CancelInvocation:
      return {
        kind: 'cancel-invocation',
        invocationId: requiredString(message, 'invocationId', 'CancelInvocation'),
      };
    case MessageType.Ping:
      return { kind: 'ping' };
    case MessageType.Close:
      return { kind: 'close', error: optionalString(message, 'error', 'Close') };
    default:
      return { kind: 'ignored', type: message['type'] };
  }
}

export const HANDSHAKE_SUCCESS_RECORD = writeRecord('{}');
export const PING_RECORD = writeRecord(JSON.stringify({ type: MessageType.Ping }));

export function writeHandshakeError(error: string): string {
  return writeRecord(JSON.stringify({ error }));
}

/** An invocation the server sends; no invocationId, so the client does not answer. */
export function writeInvocation(target: string, args: readonly unknown[]): string {
  return writeRecord(JSON.stringify({ type: MessageType.Invocation, target, arguments: args }));
}

export type CompletionOutcome = { readonly result: unknown } | { readonly error: string };

/** Throws when the result cannot be serialized (a BigInt, a cycle). */
export function writeCompletion(invocationId: string, outcome: CompletionOutcome): string {
  return writeRecord(JSON.stringify({ type: MessageType.Completion, invocationId, ...outcome }));
}

export function writeClose(error?: string, allowReconnect?: boolean): string {
  const message: { type: number; error?: string; allowReconnect?: boolean } = {
    type: MessageType.Close,
  };
  if (error !== undefined) message.error = error;
  if (allowReconnect) message.allowReconnect = true;
  return writeRecord(JSON.stringify(message));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(message: Record<string, unknown>, key: string, type: string): string {
  const value = message[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidMessageError(`${type} is missing the '${key}' property.`);
  }
  return value;
}

function optionalString(
  message: Record<string, unknown>,
  key: string,
  type: string,
): string | undefined {
  const value = message[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidMessageError(`${type} has an invalid '${key}' property.`);
  }
  return value;
}

function requiredArray(message: Record<string, unknown>, key: string, type: string): unknown[] {
  const value = message[key];
  if (!Array.isArray(value)) {
    throw new InvalidMessageError(`${type} is missing the '${key}' array.`);
  }
  return value;
}
