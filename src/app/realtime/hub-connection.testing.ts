// A fake hub connection that behaves like @microsoft/signalr's HubConnection where it is
// awkward: start() negotiates (calls the token factory) and finishes a task later; stop()
// goes through Disconnecting and finishes a task later, firing onclose only for a started
// connection; a stop aborts a pending start (which rejects, with no onclose); start()
// refuses unless Disconnected. Tests only.
import {
  HubConnectionState,
  JsonHubProtocol,
  NullLogger,
  type IHubProtocol,
} from '@microsoft/signalr';
import type { HubConnectionConfig, HubConnectionLike } from './hub-connection';

export class RealisticFakeHubConnection implements HubConnectionLike {
  state: HubConnectionState = HubConnectionState.Disconnected;
  connectionId: string | null = null;
  /** The transport the next starts negotiate. */
  transport: 'WebSockets' | 'ServerSentEvents' | 'LongPolling' = 'WebSockets';
  /** Every token the connection negotiated with, in order. */
  readonly negotiatedTokens: string[] = [];
  readonly invocations: { method: string; args: unknown[] }[] = [];
  starts = 0;
  stops = 0;
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
          setTimeout(resolve, 0); // the network
        }, reject);
      });
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
        return this.stopping!;
      case HubConnectionState.Connecting:
        this.state = HubConnectionState.Disconnecting;
        this.abortStart?.(new Error('The connection was stopped during negotiation.'));
        return Promise.resolve();
      case HubConnectionState.Reconnecting:
        this.finishClose();
        return Promise.resolve();
      default:
        this.state = HubConnectionState.Disconnecting;
        this.stopping = new Promise<void>((resolve) =>
          setTimeout(() => {
            this.stopping = null;
            this.finishClose();
            resolve();
          }, 0),
        );
        return this.stopping;
    }
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.state !== HubConnectionState.Connected) {
      return Promise.reject(
        new Error("Cannot send data if the connection is not in the 'Connected' State."),
      );
    }
    this.invocations.push({ method, args });
    return Promise.resolve(undefined as T);
  }

  on(method: string, handler: (...args: unknown[]) => unknown): void {
    const key = method.toLowerCase();
    this.handlers.set(key, [...(this.handlers.get(key) ?? []), handler]);
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

  /** The transport dropped: the library reconnects by itself (a new negotiate). */
  async dropAndReconnect(): Promise<void> {
    this.state = HubConnectionState.Reconnecting;
    this.reconnectingCallbacks.forEach((callback) => callback(new Error('connection lost')));
    this.negotiatedTokens.push(await this.config.accessTokenFactory());
    if (this.state !== HubConnectionState.Reconnecting) return;
    this.state = HubConnectionState.Connected;
    this.connectionId = `reconnected-${this.negotiatedTokens.length}`;
    this.reconnectedCallbacks.forEach((callback) => callback(this.connectionId!));
  }

  /** A server invocation, through the protocol the service gave the connection. */
  emit(target: string, ...args: unknown[]): void {
    const text = `${JSON.stringify({ type: 1, target, arguments: args })}\u001e`;
    for (const message of this.protocol.parseMessages(text, NullLogger.instance)) {
      if (message.type !== 1) continue;
      for (const handler of this.handlers.get(message.target.toLowerCase()) ?? []) {
        handler(...message.arguments);
      }
    }
  }

  private finishClose(): void {
    this.state = HubConnectionState.Disconnected;
    this.connectionId = null;
    this.closeCallbacks.forEach((callback) => callback());
  }
}
