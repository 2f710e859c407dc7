import { InjectionToken, inject } from '@angular/core';
import type { HubConnection, IHubProtocol, ILogger, IRetryPolicy } from '@microsoft/signalr';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { realtimeChunks } from './realtime-chunks';

/** `HubConnectionState` values, without loading the library for them. */
export const HUB_STATE = {
  Disconnected: 'Disconnected',
  Connecting: 'Connecting',
  Connected: 'Connected',
  Disconnecting: 'Disconnecting',
  Reconnecting: 'Reconnecting',
} as const;

/** `HttpTransportType` flags, without loading the library for them. */
export const TRANSPORT = { WebSockets: 1, ServerSentEvents: 2, LongPolling: 4 } as const;
export const allTransports =
  TRANSPORT.WebSockets | TRANSPORT.ServerSentEvents | TRANSPORT.LongPolling;

/** The part of `HubConnection` the app uses: what a test's fake connection provides. */
export interface HubConnectionLike {
  /** One of {@link HUB_STATE}. */
  readonly state: string;
  /**
   * True while connected over WebSockets, whose token is checked at the upgrade only. SSE
   * and Long Polling requests carry the negotiate's token on every request, so such a
   * connection must not outlive it (SIGNALR-PROTOCOL.md, "Authentication").
   */
  usesWebSockets(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(methodName: string, ...args: unknown[]): Promise<T>;
  on(methodName: string, handler: (...args: unknown[]) => unknown): void;
  onclose(callback: (error?: Error) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
}

export interface HubConnectionConfig {
  /** http(s) or relative: see `toNegotiableHubUrl`. */
  readonly url: string;
  /** {@link TRANSPORT} flags. */
  readonly transport: number;
  readonly accessTokenFactory: () => Promise<string>;
  readonly retryPolicy: IRetryPolicy;
  /** Wraps the library's JSON protocol (the service validates events there). */
  readonly wrapProtocol: (json: IHubProtocol) => IHubProtocol;
}

/** A token in a URL the library mentions (WebSocket and SSE URLs carry one) never reaches the log. */
export const redactTokens = (message: string): string =>
  message.replace(/access_token=[^&\s'"]+/g, 'access_token=[redacted]');

/** Connection drops are expected and handled: the library's errors become warnings. */
const quietLogger: ILogger = {
  log(level, message) {
    if (level >= 5 /* Critical */) console.error(`[hub] ${redactTokens(message)}`);
    else if (level >= 3 /* Warning */) console.warn(`[hub] ${redactTokens(message)}`);
  },
};

/**
 * The real connection. The SignalR client loads on the first `start()` (once signed
 * in), so the sign-in page and the first paint do not pay for it; until then this
 * stand-in records handlers and callbacks and reports `Disconnected`.
 */
class DeferredHubConnection implements HubConnectionLike {
  private real: HubConnection | null = null;
  private loading: Promise<HubConnection> | null = null;
  /** Bumped by stop(): a start still waiting for the client to load must not go on. */
  private generation = 0;
  private readonly handlers: [string, (...args: unknown[]) => unknown][] = [];
  private readonly closeCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectingCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectedCallbacks: ((connectionId?: string) => void)[] = [];
  /** The last WebSocket the library opened for this connection. */
  private socket: WebSocket | null = null;

  constructor(
    private readonly config: HubConnectionConfig,
    private readonly statefulReconnect: boolean,
  ) {}

  usesWebSockets(): boolean {
    const socket = this.socket;
    return (
      this.state === HUB_STATE.Connected && socket !== null && socket.readyState === socket.OPEN
    );
  }

  get state(): string {
    return this.real?.state ?? HUB_STATE.Disconnected;
  }

  async start(): Promise<void> {
    const generation = ++this.generation;
    const real = await this.load();
    if (generation !== this.generation)
      throw new Error('The connection was stopped before it started.');
    return real.start();
  }

  async stop(): Promise<void> {
    this.generation++;
    return this.real?.stop();
  }

  invoke<T = unknown>(methodName: string, ...args: unknown[]): Promise<T> {
    if (!this.real) {
      return Promise.reject(
        new Error("Cannot send data if the connection is not in the 'Connected' State."),
      );
    }
    return this.real.invoke<T>(methodName, ...args);
  }

  on(methodName: string, handler: (...args: unknown[]) => unknown): void {
    if (this.real) this.real.on(methodName, handler);
    else this.handlers.push([methodName, handler]);
  }

  onclose(callback: (error?: Error) => void): void {
    if (this.real) this.real.onclose(callback);
    else this.closeCallbacks.push(callback);
  }

  onreconnecting(callback: (error?: Error) => void): void {
    if (this.real) this.real.onreconnecting(callback);
    else this.reconnectingCallbacks.push(callback);
  }

  onreconnected(callback: (connectionId?: string) => void): void {
    if (this.real) this.real.onreconnected(callback);
    else this.reconnectedCallbacks.push(callback);
  }

  /**
   * The browser's WebSocket, noting each socket the library opens: which transport the
   * client negotiated is not public, but its documented `WebSocket` option is. A socket
   * still open while connected means WebSockets; after a fallback to SSE or Long Polling
   * the failed socket is closed. (No private fields, no log parsing.)
   */
  private trackedWebSocket(): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the subclass reports to this connection.
    const connection = this;
    return class TrackedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        connection.socket = this;
      }
    };
  }

  private load(): Promise<HubConnection> {
    this.loading ??= realtimeChunks.client().then(
      (signalR) => {
        const builder = new signalR.HubConnectionBuilder()
          .withUrl(this.config.url, {
            transport: this.config.transport,
            accessTokenFactory: this.config.accessTokenFactory,
            // Documented by PhotoFlow, and what carries a load balancer's affinity cookie
            // cross-origin: negotiate and every Long Polling / SSE send are fetches with
            // `credentials: 'include'`, the SSE stream an EventSource `withCredentials`
            // (a browser WebSocket sends its host's cookies anyway). Without it an SSE or
            // Long Polling request may reach an instance that never issued the connection.
            withCredentials: true,
            ...(typeof WebSocket === 'function' ? { WebSocket: this.trackedWebSocket() } : {}),
          })
          .withHubProtocol(this.config.wrapProtocol(new signalR.JsonHubProtocol()))
          .withAutomaticReconnect(this.config.retryPolicy);
        // Where the environment asks for it and the server offers it (WebSockets), a short cut
        // is healed by replaying what was missed, on the same connection and groups.
        const real = (this.statefulReconnect ? builder.withStatefulReconnect() : builder)
          .configureLogging(quietLogger)
          .build();
        for (const [name, handler] of this.handlers) real.on(name, handler);
        this.closeCallbacks.forEach((callback) => real.onclose(callback));
        this.reconnectingCallbacks.forEach((callback) => real.onreconnecting(callback));
        this.reconnectedCallbacks.forEach((callback) => real.onreconnected(callback));
        this.real = real;
        return real;
      },
      (error: unknown) => {
        this.loading = null; // offline while loading the client: the next start tries again
        throw error;
      },
    );
    return this.loading;
  }
}

/** `statefulReconnect`: the environment's choice (environments/environment.model.ts), default on. */
export function buildHubConnection(
  config: HubConnectionConfig,
  statefulReconnect = true,
): HubConnectionLike {
  return new DeferredHubConnection(config, statefulReconnect);
}

/** Builds the hub connection; tests provide a fake here. */
export const HUB_CONNECTION_FACTORY = new InjectionToken<
  (config: HubConnectionConfig) => HubConnectionLike
>('Hub connection factory', {
  providedIn: 'root',
  factory: () => {
    const statefulReconnect = inject(APP_ENVIRONMENT).statefulReconnect ?? true;
    return (config: HubConnectionConfig) => buildHubConnection(config, statefulReconnect);
  },
});

const transportsByName: Record<string, number> = {
  websockets: TRANSPORT.WebSockets,
  serversentevents: TRANSPORT.ServerSentEvents,
  sse: TRANSPORT.ServerSentEvents,
  longpolling: TRANSPORT.LongPolling,
};

/**
 * The transport(s) to offer: the environment's forced one, else (outside production)
 * `?transport=` on the app's URL, else all three in the client's order.
 */
export function chooseTransport(
  forced: string | undefined,
  production: boolean,
  search: string,
): number {
  if (forced && transportsByName[forced.toLowerCase()] !== undefined) {
    return transportsByName[forced.toLowerCase()];
  }
  if (!production) {
    const requested = new URLSearchParams(search).get('transport')?.toLowerCase();
    if (requested && transportsByName[requested] !== undefined) return transportsByName[requested];
  }
  return allTransports;
}
