/** The hub connection as the photographer sees it (mirrors `HubConnectionState`). */
export type ConnectionStatus = 'Disconnected' | 'Connecting' | 'Connected' | 'Reconnecting';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** The last error that dropped or refused the connection, in words; null once connected. */
  readonly lastError: string | null;
  /** When the service will try again by itself (ms since epoch), when it is waiting to. */
  readonly nextRetryAt: number | null;
}

export const initialConnectionState: ConnectionState = {
  status: 'Disconnected',
  lastError: null,
  nextRetryAt: null,
};

export function sameConnectionState(a: ConnectionState, b: ConnectionState): boolean {
  return a.status === b.status && a.lastError === b.lastError && a.nextRetryAt === b.nextRetryAt;
}
