/**
 * The contract between the SignalR protocol layer (this folder) and whatever hub is
 * registered into it. Nothing here knows about PhotoFlow.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Thrown by a hub method to refuse an invocation, as ASP.NET Core's HubException:
 * the client gets "An unexpected error occurred invoking 'X' on the server.
 * HubException: {message}". Any other error gives the same text without the part
 * after the first sentence (ASP.NET Core with EnableDetailedErrors off).
 */
export class HubError extends Error {}

/** Who a connection belongs to, as returned by the hub's authenticate(). */
export interface HubPrincipal {
  readonly userId: string;
}

export interface HubCallerContext<P extends HubPrincipal = HubPrincipal> {
  readonly connectionId: string;
  readonly principal: P;
}

export interface AuthenticateOptions {
  /**
   * Accept a token this long past its expiry, as JwtBearer's ClockSkew does
   * (ASP.NET Core's default is 5 minutes).
   */
  readonly clockSkewMs: number;
}

/**
 * What an argument must be, as System.Text.Json binds it to a C# parameter:
 * `string` takes a string or null, `number` a number, `boolean` a boolean, `any`
 * whatever JSON was sent (a JsonElement or object parameter).
 */
export type HubParameterType = 'string' | 'number' | 'boolean' | 'any';

type ArgumentOf<T extends HubParameterType> = T extends 'string'
  ? string | null
  : T extends 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : unknown;

export type HubMethodHandler<P extends HubPrincipal> = (
  caller: HubCallerContext<P>,
  ...args: never[]
) => unknown;

/** A hub method with declared parameters: calls that do not bind fail as in ASP.NET Core. */
export interface DeclaredHubMethod<P extends HubPrincipal> {
  readonly parameters: readonly HubParameterType[];
  readonly handler: HubMethodHandler<P>;
}

/**
 * A hub method is either declared (see hubMethod()) or a plain function whose
 * arguments are taken as they come, as many as it declares after the caller.
 */
export type HubMethod<P extends HubPrincipal> =
  DeclaredHubMethod<P> | ((caller: HubCallerContext<P>, ...args: unknown[]) => unknown);

/** Declares a hub method's parameters, so that wrong calls fail at binding. */
export function hubMethod<P extends HubPrincipal, const T extends readonly HubParameterType[]>(
  parameters: T,
  handler: (
    caller: HubCallerContext<P>,
    ...args: { -readonly [K in keyof T]: ArgumentOf<T[K]> }
  ) => unknown,
): DeclaredHubMethod<P> {
  return { parameters, handler: handler as HubMethodHandler<P> };
}

export interface HubDefinition<P extends HubPrincipal = HubPrincipal> {
  /**
   * Validates a bearer token (from `Authorization: Bearer` or `?access_token=`),
   * allowing options.clockSkewMs past its expiry. Returns null when the token is
   * missing, invalid or expired: the request answers 401. Called on every request of
   * a connection, as `[Authorize]` on an ASP.NET Core hub authorizes each of them.
   */
  authenticate(
    token: string | undefined,
    options: AuthenticateOptions,
  ): Promise<P | null> | P | null;
  /** Hub methods by name (matched case-insensitively, like ASP.NET Core). */
  readonly methods: Readonly<Record<string, HubMethod<P>>>;
  onConnected?(caller: HubCallerContext<P>): void;
  onDisconnected?(caller: HubCallerContext<P>): void;
}

/** Where the protocol layer reports what went wrong. Messages never contain tokens. */
export interface HubLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Defaults are ASP.NET Core's (HubOptions, HttpConnectionDispatcherOptions, JwtBearer). */
export interface HubEndpointOptions {
  /** Path of the hub, e.g. `/hubs/notification`. */
  readonly path: string;
  /** Keep-alive ping interval (default 15 000 ms), sent however busy the connection is. */
  readonly keepAliveIntervalMs?: number;
  /** Close a client silent for this long after its first ping (default 30 000 ms). */
  readonly clientTimeoutMs?: number;
  /** How long the client has to send its handshake (default 15 000 ms). */
  readonly handshakeTimeoutMs?: number;
  /** How long a long-poll GET is held (default 90 000 ms). */
  readonly longPollTimeoutMs?: number;
  /**
   * How long a connection without a transport is kept (default 15 000 ms): negotiated
   * but never connected, a Long Polling client between polls, a stateful WebSocket cut
   * waiting for its client to come back.
   */
  readonly disconnectTimeoutMs?: number;
  /** Largest record a client may send, in characters (default 32 768, as ASP.NET Core). */
  readonly maxReceiveMessageSize?: number;
  /** Tolerance past a token's expiry passed to authenticate() (default 300 000 ms). */
  readonly clockSkewMs?: number;
  /** Offer stateful reconnect to clients that ask (default false, as ASP.NET Core). */
  readonly allowStatefulReconnects?: boolean;
  /** Unacknowledged bytes kept for replay before sending waits for acks (default 100 000). */
  readonly statefulReconnectBufferSize?: number;
  /**
   * Unsent output allowed across all connections (default 64 MiB; each one alone is
   * cut beyond 16 MiB). Over it, the connections holding the most are cut first.
   */
  readonly maxTotalUnsentBytes?: number;
  /**
   * A connection whose output has stayed backed up (over 64 KiB unsent, or messages held
   * for acks) this long is cut, so its client reconnects and re-fetches (default 5 000 ms).
   */
  readonly maxMemberLagMs?: number;
  /** Negotiated connections still without a transport, per user (default 100): 429 beyond. */
  readonly maxPendingConnectionsPerUser?: number;
  /** Defaults to the console (warnings and errors only). */
  readonly logger?: HubLogger;
}

/** What the protocol layer gives back to the wiring and to the domain. */
export interface HubEndpoint {
  /** Returns true when the request was for this hub (and has been answered). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Returns true when the upgrade was for this hub (and has been taken). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  addToGroup(connectionId: string, group: string): void;
  removeFromGroup(connectionId: string, group: string): void;
  /** Sends an invocation (no invocationId) to every connection of the group. */
  sendToGroup(group: string, target: string, args: readonly unknown[]): void;
  /** Sends a Close message, allowReconnect as given, then ends every connection. */
  closeAll(allowReconnect: boolean, error?: string): void;
  /**
   * Cuts every transport abruptly, without a Close message (a network cut). A
   * stateful-reconnect WebSocket connection survives it if its client comes back.
   */
  disconnectAll(): void;
  /** Number of live connections, and of members of a group (for tests and benchmarks). */
  connectionCount(): number;
  groupSize(group: string): number;
  /** Every non-empty group with its number of members. */
  groupSizes(): Record<string, number>;
  /** Stops timers and ends every connection. */
  dispose(): void;
}
