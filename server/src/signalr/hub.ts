/**
 * The contract between the SignalR protocol layer (this folder) and whatever hub is
 * registered into it. Nothing here knows about PhotoFlow.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Thrown by a hub method to answer the invocation with this message as its error. */
export class HubError extends Error {}

/** Who a connection belongs to, as returned by the hub's authenticate(). */
export interface HubPrincipal {
  readonly userId: string;
}

export interface HubCallerContext<P extends HubPrincipal = HubPrincipal> {
  readonly connectionId: string;
  readonly principal: P;
}

export interface HubDefinition<P extends HubPrincipal = HubPrincipal> {
  /**
   * Validates a bearer token (from `Authorization: Bearer` or `?access_token=`).
   * Returns null when the token is missing, invalid or expired: negotiate answers 401,
   * and a transport connect answers 401.
   */
  authenticate(token: string | undefined): Promise<P | null> | P | null;
  /** Hub methods by name (matched case-insensitively, like ASP.NET Core). */
  readonly methods: Readonly<
    Record<string, (caller: HubCallerContext<P>, ...args: unknown[]) => unknown>
  >;
  onConnected?(caller: HubCallerContext<P>): void;
  onDisconnected?(caller: HubCallerContext<P>): void;
}

/** Where the protocol layer reports what went wrong. Messages never contain tokens. */
export interface HubLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface HubEndpointOptions {
  /** Path of the hub, e.g. `/hubs/notification`. */
  readonly path: string;
  /** Keep-alive ping interval (default 15 000 ms). */
  readonly keepAliveIntervalMs?: number;
  /** Drop a client silent for this long (default 30 000 ms). */
  readonly clientTimeoutMs?: number;
  /** How long a long-poll GET is held (default 90 000 ms). */
  readonly longPollTimeoutMs?: number;
  /** Reap a long-polling connection whose client stopped polling (default 15 000 ms). */
  readonly longPollReapMs?: number;
  /** Largest record a client may send, in characters (default 32 768, as ASP.NET Core). */
  readonly maxReceiveMessageSize?: number;
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
  /** Drops every connection abruptly, without a Close message (a network cut). */
  disconnectAll(): void;
  /** Number of live connections, and of members of a group (for tests and benchmarks). */
  connectionCount(): number;
  groupSize(group: string): number;
  /** Stops timers and ends every connection. */
  dispose(): void;
}
