import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
  type IHttpConnectionOptions,
} from '@microsoft/signalr';
import NodeWebSocket, { type ClientOptions } from 'ws';

/** Per tag, each count that arrived higher than the last, with Date.now() at its arrival. */
export type ShownCounts = Record<string, [number, number][]>;

/** What a connection's WebSocket brought: frames, and the hub messages (0x1e-ended records) in them. */
export interface Wire {
  frames: number;
  messages: number;
}

/** The WebSocket the official client uses in Node (ws), counting what arrives on it. */
export function countingWebSocket(wire: Wire) {
  return class extends NodeWebSocket {
    constructor(url: string, protocols?: string | string[], options?: ClientOptions) {
      super(url, protocols, options);
      this.on('message', (data: Buffer) => {
        wire.frames++;
        for (const byte of data) if (byte === 0x1e) wire.messages++;
      });
    }
  };
}

/**
 * The reference of figures 15 and 16: the official client in this Node process (WebSockets,
 * stateful reconnect on, as the app asks, unless `stateful` is false), in the album's
 * group, noting every progress count at its arrival: no browser, no app. What it measures is the hub, the coalescing,
 * the publisher and the machine; what the page adds is the rest.
 */
export class BareReader {
  readonly #connection: HubConnection;
  readonly shown: ShownCounts = {};
  readonly wire: Wire;

  private constructor(connection: HubConnection, wire: Wire) {
    this.#connection = connection;
    this.wire = wire;
    connection.on('PhotoSyncProgress', (event: { albumTagId: string; processedCount: number }) => {
      const seen = (this.shown[event.albumTagId] ??= []);
      if (seen.length === 0 || event.processedCount > seen[seen.length - 1][0])
        seen.push([event.processedCount, Date.now()]);
    });
  }

  static async join(
    hubUrl: string,
    token: string,
    albumId: string,
    stateful = true,
  ): Promise<BareReader> {
    const wire: Wire = { frames: 0, messages: 0 };
    const builder = new HubConnectionBuilder()
      .withUrl(hubUrl, {
        transport: HttpTransportType.WebSockets,
        skipNegotiation: false,
        accessTokenFactory: () => token,
        // The client's own option for the WebSocket class, left out of its types.
        WebSocket: countingWebSocket(wire),
      } as IHttpConnectionOptions)
      .configureLogging(LogLevel.None);
    const connection = (stateful ? builder.withStatefulReconnect() : builder).build();
    const reader = new BareReader(connection, wire);
    await connection.start();
    await connection.invoke('JoinAlbumGroup', albumId);
    return reader;
  }

  stop(): Promise<void> {
    return this.#connection.stop();
  }
}
