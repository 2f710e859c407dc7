import {
  HubConnectionState,
  JsonHubProtocol,
  NullLogger,
  type IHubProtocol,
} from '@microsoft/signalr';
import type { HubConnectionConfig, HubConnectionLike } from './hub-connection';

/** A hub connection driven by the test, speaking through the service's real (validating) protocol. */
export class FakeHubConnection implements HubConnectionLike {
  state: HubConnectionState = HubConnectionState.Disconnected;
  connectionId: string | null = null;
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

  constructor(readonly config: HubConnectionConfig) {
    this.protocol = config.wrapProtocol(new JsonHubProtocol());
  }

  usesWebSockets(): boolean {
    return this.state === HubConnectionState.Connected;
  }

  async start(): Promise<void> {
    if (this.state !== HubConnectionState.Disconnected) throw new Error('not disconnected');
    this.starts++;
    this.state = HubConnectionState.Connecting;
    await Promise.resolve();
    const failure = this.startFailures.shift();
    if (failure) {
      this.state = HubConnectionState.Disconnected;
      throw failure;
    }
    this.state = HubConnectionState.Connected;
    this.connectionId = `connection-${this.starts}`;
  }

  async stop(): Promise<void> {
    this.stops++;
    if (this.state === HubConnectionState.Disconnected) return;
    this.state = HubConnectionState.Disconnected;
    this.closeCallbacks.forEach((callback) => callback());
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

  off(method: string): void {
    this.handlers.delete(method.toLowerCase());
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
}
