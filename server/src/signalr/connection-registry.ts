/**
 * Every connection by its connection token (what transports present, secret) and
 * the live ones by connection id (what the hub and the groups know).
 */
import { randomBytes } from 'node:crypto';
import type { HubPrincipal } from './hub.ts';
import { Connection } from './connection.ts';
import type { ConnectionEvents } from './connection.ts';

type Init<P extends HubPrincipal> = Omit<
  ConstructorParameters<typeof Connection<P>>[0],
  'connectionId' | 'connectionToken' | 'principal' | 'statefulReconnect' | 'events'
>;

export interface RegistryEvents<P extends HubPrincipal> {
  connected(connection: Connection<P>): void;
  disconnected(connection: Connection<P>): void;
}

/** 16 random bytes, base64url: the client puts it in a URL without encoding it. */
export function randomId(): string {
  return randomBytes(16).toString('base64url');
}

export class ConnectionRegistry<P extends HubPrincipal> {
  readonly #byToken = new Map<string, Connection<P>>();
  readonly #live = new Map<string, Connection<P>>();
  readonly #init: Init<P>;
  readonly #events: ConnectionEvents<P>;

  constructor(init: Init<P>, events: RegistryEvents<P>) {
    this.#init = init;
    this.#events = {
      connected: (connection) => {
        this.#live.set(connection.connectionId, connection);
        events.connected(connection);
      },
      disconnected: (connection) => {
        this.#live.delete(connection.connectionId);
        events.disconnected(connection);
      },
      released: (connection) => {
        this.#byToken.delete(connection.connectionToken);
      },
    };
  }

  /** Version 0 of negotiate has no connection token: the id is used as one. */
  create(principal: P, options: { statefulReconnect: boolean; idIsToken: boolean }): Connection<P> {
    const connectionId = randomId();
    const connection = new Connection<P>({
      ...this.#init,
      connectionId,
      connectionToken: options.idIsToken ? connectionId : randomId(),
      principal,
      statefulReconnect: options.statefulReconnect,
      events: this.#events,
    });
    this.#byToken.set(connection.connectionToken, connection);
    return connection;
  }

  byToken(connectionToken: string): Connection<P> | undefined {
    return this.#byToken.get(connectionToken);
  }

  /** A connection the hub sees (handshake done, not ended). */
  live(connectionId: string): Connection<P> | undefined {
    return this.#live.get(connectionId);
  }

  /** This user's connections negotiated but not (yet) carried by a transport. */
  pendingCount(userId: string): number {
    let count = 0;
    for (const connection of this.#byToken.values()) {
      const state = connection.state;
      if (
        (state === 'negotiated' || state === 'connecting') &&
        connection.caller.principal.userId === userId
      )
        count++;
    }
    return count;
  }

  get liveCount(): number {
    return this.#live.size;
  }

  /** Every known connection, including ones waiting for a transport or lingering. */
  all(): Connection<P>[] {
    return [...this.#byToken.values()];
  }

  clear(): void {
    this.#byToken.clear();
    this.#live.clear();
  }
}
