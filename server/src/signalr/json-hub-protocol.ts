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
  { readonly ok: true; readonly version: number } | { readonly ok: false; readonly error: string };

/** The JSON hub protocol's version; the server accepts this one and every older one. */
const JSON_PROTOCOL_VERSION = 2;

/** ASP.NET Core answers any handshake it cannot read with this (detailed errors off). */
export const HANDSHAKE_UNREADABLE = 'An unexpected error occurred during connection handshake.';

/** Checks the client's first record, `{"protocol":"json","version":1}`, as ASP.NET Core does. */
export function parseHandshakeRequest(record: string): HandshakeOutcome {
  let request: unknown;
  try {
    request = JSON.parse(record);
  } catch {
    return { ok: false, error: HANDSHAKE_UNREADABLE };
  }
  if (!isObject(request)) return { ok: false, error: HANDSHAKE_UNREADABLE };
  const { protocol, version } = request;
  if (typeof protocol !== 'string' || !Number.isSafeInteger(version)) {
    return { ok: false, error: HANDSHAKE_UNREADABLE };
  }
  if (protocol !== 'json') {
    return { ok: false, error: `The protocol '${protocol}' is not supported.` };
  }
  if ((version as number) > JSON_PROTOCOL_VERSION) {
    return {
      ok: false,
      error: `The server does not support version ${String(version)} of the 'json' protocol.`,
    };
  }
  return { ok: true, version: version as number };
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
  /** Stream items and completions (client results): nothing awaits them here. */
  | { readonly kind: 'stream-item' | 'completion' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'close'; readonly error: string | undefined }
  | { readonly kind: 'ack' | 'sequence'; readonly sequenceId: number }
  /** Unknown types: ignored. */
  | { readonly kind: 'ignored'; readonly type: number };

/**
 * The kinds stateful reconnect numbers and replays (ASP.NET Core's
 * HubInvocationMessage: invocations, stream items, completions, cancels).
 */
export function isSequenced(message: ClientMessage): boolean {
  return (
    message.kind === 'invocation' ||
    message.kind === 'stream-invocation' ||
    message.kind === 'cancel-invocation' ||
    message.kind === 'stream-item' ||
    message.kind === 'completion'
  );
}

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
    case MessageType.StreamItem:
      requiredString(message, 'invocationId', 'StreamItem');
      return { kind: 'stream-item' };
    case MessageType.Completion:
      requiredString(message, 'invocationId', 'Completion');
      return { kind: 'completion' };
    case MessageType.Ping:
      return { kind: 'ping' };
    case MessageType.Close:
      return { kind: 'close', error: optionalString(message, 'error', 'Close') };
    case MessageType.Ack:
      return { kind: 'ack', sequenceId: requiredInteger(message, 'sequenceId', 'Ack') };
    case MessageType.Sequence:
      return { kind: 'sequence', sequenceId: requiredInteger(message, 'sequenceId', 'Sequence') };
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

/**
 * A void method's completion carries `"result":null`, as ASP.NET Core writes it.
 * Throws when the result cannot be serialized (a BigInt, a cycle).
 */
export function writeCompletion(invocationId: string, outcome: CompletionOutcome): string {
  const body = 'error' in outcome ? { error: outcome.error } : { result: outcome.result ?? null };
  return writeRecord(JSON.stringify({ type: MessageType.Completion, invocationId, ...body }));
}

export function writeAck(sequenceId: number): string {
  return writeRecord(JSON.stringify({ type: MessageType.Ack, sequenceId }));
}

export function writeSequence(sequenceId: number): string {
  return writeRecord(JSON.stringify({ type: MessageType.Sequence, sequenceId }));
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

function requiredInteger(message: Record<string, unknown>, key: string, type: string): number {
  const value = message[key];
  if (!Number.isSafeInteger(value)) {
    throw new InvalidMessageError(`${type} is missing the '${key}' property.`);
  }
  return value as number;
}

function requiredArray(message: Record<string, unknown>, key: string, type: string): unknown[] {
  const value = message[key];
  if (!Array.isArray(value)) {
    throw new InvalidMessageError(`${type} is missing the '${key}' array.`);
  }
  return value;
}
