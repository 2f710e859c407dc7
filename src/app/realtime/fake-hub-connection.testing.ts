import {
  HubConnectionState,
  JsonHubProtocol,
  NullLogger,
  type IHubProtocol,
} from '@microsoft/signalr';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import type { Observable } from 'rxjs';
import { defaultReconnect } from '../../../environments/defaults';
import type { ConnectionState } from './connection-status';
import type { OwnedLinkPorts } from './link-phase';
import { PhotoFlowRetryPolicy } from './reconnect-policy';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { localEnvironment } from '../auth/session.testing';
import {
  HUB_CONNECTION_FACTORY,
  type HubConnectionConfig,
  type HubConnectionLike,
} from './hub-connection';

/**
 * What a SignalRService needs in a TestBed on the local environment, its connections
 * fakes handed to `made` as the service builds them.
 */
export function fakeHubProviders(
  made: (fake: FakeHubConnection) => void,
): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    provideHttpClient(),
    provideHttpClientTesting(),
    { provide: APP_ENVIRONMENT, useValue: localEnvironment },
    {
      provide: HUB_CONNECTION_FACTORY,
      useValue: (config: HubConnectionConfig) => {
        const fake = new FakeHubConnection(config);
        made(fake);
        return fake;
      },
    },
  ];
}

/** The network's answer: later, but with no timer (tests run on fake timers). */
const network = async () => {
  for (let hop = 0; hop < 3; hop++) await Promise.resolve();
};

// Tests only. A hub connection driven by the test, speaking through the service's real
// (validating) protocol, and as awkward as @microsoft/signalr's HubConnection: start()
// negotiates (calls the token factory) and finishes later; stop() goes through
// Disconnecting and finishes later, firing onclose only for a started connection;
// a stop aborts a pending start (which rejects, with no onclose); start() refuses unless
// Disconnected.
export class FakeHubConnection implements HubConnectionLike {
  state: HubConnectionState = HubConnectionState.Disconnected;
  connectionId: string | null = null;
  /** The transport the next starts negotiate. */
  transport: 'WebSockets' | 'ServerSentEvents' | 'LongPolling' = 'WebSockets';
  /** Every token the connection negotiated with, in order. */
  readonly negotiatedTokens: string[] = [];
  starts = 0;
  stops = 0;
  handlerRegistrations = 0;
  readonly invocations: { method: string; albumId: string }[] = [];
  /** Results of the next start() calls; empty = succeed. */
  readonly startFailures: (Error | null)[] = [];
  /** How the server answers a group call; default: accept. */
  answer: (method: string, albumId: string) => Promise<unknown> = () => Promise.resolve();
  private readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  private readonly closeCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectingCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectedCallbacks: ((id?: string) => void)[] = [];

  private readonly protocol: IHubProtocol;
  private abortStart: ((error: Error) => void) | null = null;
  private stopping: Promise<void> | null = null;

  constructor(readonly config: HubConnectionConfig) {
    this.protocol = config.wrapProtocol(new JsonHubProtocol());
  }

  usesWebSockets(): boolean {
    return this.state === HubConnectionState.Connected && this.transport === 'WebSockets';
  }

  async start(): Promise<void> {
    if (this.state !== HubConnectionState.Disconnected) {
      throw new Error("Cannot start a HubConnection that is not in the 'Disconnected' state.");
    }
    this.starts++;
    this.state = HubConnectionState.Connecting;
    try {
      await new Promise<void>((resolve, reject) => {
        this.abortStart = reject;
        this.config.accessTokenFactory().then((token) => {
          this.negotiatedTokens.push(token);
          void network().then(resolve);
        }, reject);
      });
      const failure = this.startFailures.shift();
      if (failure) throw failure;
    } catch (error) {
      this.state = HubConnectionState.Disconnected;
      throw error;
    } finally {
      this.abortStart = null;
    }
    this.state = HubConnectionState.Connected;
    this.connectionId = `connection-${this.starts}`;
  }

  stop(): Promise<void> {
    this.stops++;
    switch (this.state) {
      case HubConnectionState.Disconnected:
        return Promise.resolve();
      case HubConnectionState.Disconnecting:
        return this.stopping ?? Promise.resolve();
      case HubConnectionState.Connecting:
        this.state = HubConnectionState.Disconnecting;
        this.abortStart?.(new Error('The connection was stopped during negotiation.'));
        return Promise.resolve();
      case HubConnectionState.Reconnecting:
        this.finishClose();
        return Promise.resolve();
      default:
        this.state = HubConnectionState.Disconnecting;
        this.stopping = network().then(() => {
          this.stopping = null;
          this.finishClose();
        });
        return this.stopping;
    }
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.state !== HubConnectionState.Connected) {
      return Promise.reject(
        new Error("Cannot send data if the connection is not in the 'Connected' State."),
      );
    }
    this.invocations.push({ method, albumId: String(args[0]) });
    return this.answer(method, String(args[0])) as Promise<T>;
  }

  on(method: string, handler: (...args: unknown[]) => unknown): void {
    this.handlerRegistrations++;
    const key = method.toLowerCase();
    this.handlers.set(key, [
      ...(this.handlers.get(key) ?? []),
      handler as (...args: unknown[]) => void,
    ]);
  }

  onclose(callback: (error?: Error) => void): void {
    this.closeCallbacks.push(callback);
  }

  onreconnecting(callback: (error?: Error) => void): void {
    this.reconnectingCallbacks.push(callback);
  }

  onreconnected(callback: (id?: string) => void): void {
    this.reconnectedCallbacks.push(callback);
  }

  // What the network and the library do

  /** The transport dropped: the library starts its automatic reconnect. */
  drop(error = new Error('WebSocket closed with status code: 1006')): void {
    this.state = HubConnectionState.Reconnecting;
    this.reconnectingCallbacks.forEach((callback) => callback(error));
  }

  /** The library's reconnect succeeded (a new connection id). */
  reconnect(): void {
    this.state = HubConnectionState.Connected;
    this.connectionId = `reconnected-${Math.random()}`;
    this.reconnectedCallbacks.forEach((callback) => callback(this.connectionId!));
  }

  /** The transport dropped and the library reconnects by itself (a new negotiate). */
  async dropAndReconnect(): Promise<void> {
    this.drop(new Error('connection lost'));
    this.negotiatedTokens.push(await this.config.accessTokenFactory());
    if (this.state !== HubConnectionState.Reconnecting) return;
    this.reconnect();
  }

  /** The library gave up (or the server closed without allowing a reconnect). */
  close(error = new Error('Reconnect retries have been exhausted')): void {
    this.state = HubConnectionState.Disconnected;
    this.closeCallbacks.forEach((callback) => callback(error));
  }

  /** Raw text from the server, through the protocol the service gave the connection. */
  receive(text: string): void {
    for (const message of this.protocol.parseMessages(text, NullLogger.instance)) {
      if (message.type !== 1) continue;
      for (const handler of this.handlers.get(message.target.toLowerCase()) ?? []) {
        handler(...message.arguments);
      }
    }
  }

  emit(target: string, ...args: unknown[]): void {
    this.receive(`${JSON.stringify({ type: 1, target, arguments: args })}\u001e`);
  }

  private finishClose(): void {
    this.state = HubConnectionState.Disconnected;
    this.connectionId = null;
    this.closeCallbacks.forEach((callback) => callback());
  }
}

/**
 * The connection state the service last reported (the store owns it in the app; tests of
 * the service alone read its report).
 */
export function reportedState(service: {
  connectionState$: Observable<ConnectionState>;
}): ConnectionState {
  let state: ConnectionState | undefined;
  service.connectionState$.subscribe((each) => (state = each)).unsubscribe();
  return state!;
}

/** An owned link's ports on fake connections (each one built is handed to `made`), no Angular. */
export function fakeOwnedLinkPorts(made: (fake: FakeHubConnection) => void): OwnedLinkPorts {
  return {
    build: (config) => {
      const fake = new FakeHubConnection(config);
      made(fake);
      return fake;
    },
    url: 'http://localhost/hubs/notifications',
    transport: 1,
    retryPolicy: new PhotoFlowRetryPolicy(defaultReconnect, () => 0),
    getAccessToken: () => Promise.resolve('token'),
    tokenExpiry: () => null,
    dropped: () => undefined,
  };
}
