import { BehaviorSubject, type Observable } from 'rxjs';

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

/** A link's report of its state: each change once, the current one to each new subscriber. */
export class ConnectionStateReport {
  private readonly subject = new BehaviorSubject<ConnectionState>(initialConnectionState);
  readonly changes$: Observable<ConnectionState> = this.subject.asObservable();

  get current(): ConnectionState {
    return this.subject.value;
  }

  /** Reports this state; answers it if it is a change, else null. */
  set(
    status: ConnectionStatus,
    lastError: string | null,
    nextRetryAt: number | null = null,
  ): ConnectionState | null {
    const now = this.subject.value;
    if (now.status === status && now.lastError === lastError && now.nextRetryAt === nextRetryAt)
      return null;
    const state: ConnectionState = { status, lastError, nextRetryAt };
    this.subject.next(state);
    return state;
  }
}
