import type { IRetryPolicy } from '@microsoft/signalr';
import type { HubConnectionConfig, HubConnectionLike } from './hub-connection';
import type { NegotiatedToken } from './token-restart';
import type { DroppedHubMessage } from './validating-hub-protocol';

/**
 * What the link is doing, one case at a time (the connection object says what the
 * library is doing; a start may still be settling in any phase):
 * - `stopped`: not wanted (never started, stopped, or handed to another tab);
 * - `connecting`: a start is under way;
 * - `live`: connected, groups kept in line, events delivered;
 * - `reconnecting`: the library retries on its own;
 * - `waiting`: the library gave up or a start failed; we try again at `retryAt`;
 * - `restarting`: the connection is being stopped to connect afresh once it has closed;
 * - `hibernating`: the page may be in the back/forward cache (no connection allowed there).
 */
export type LinkPhase =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'connecting'; readonly recovery: Recovery | null }
  | { readonly kind: 'live' }
  | { readonly kind: 'reconnecting' }
  | { readonly kind: 'waiting'; readonly recovery: Recovery; readonly retryAt: number }
  | { readonly kind: 'restarting' }
  | { readonly kind: 'hibernating' };

/** Our own retries since the connection was last up: how many, and since when. */
export interface Recovery {
  readonly attempt: number;
  readonly since: number;
}

/** What the owned link needs from the app: the connection's settings and the session's token. */
export interface OwnedLinkPorts {
  build(config: HubConnectionConfig): HubConnectionLike;
  readonly url: string;
  readonly transport: number;
  readonly retryPolicy: IRetryPolicy;
  getAccessToken(): Promise<string>;
  tokenExpiry(token: string): NegotiatedToken | null;
  dropped(message: DroppedHubMessage): void;
}

/** An error as the connection indicator words it. */
export function describeError(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return error instanceof Error ? error.message : String(error);
}
