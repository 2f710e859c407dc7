import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';

/** Per tag, each count that arrived higher than the last, with Date.now() at its arrival. */
export type ShownCounts = Record<string, [number, number][]>;

/**
 * The reference of figures 15 and 16: the official client in this Node process (WebSockets,
 * stateful reconnect on, as the app asks), in the album's group, noting every progress
 * count at its arrival: no browser, no app. What it measures is the hub, the coalescing,
 * the publisher and the machine; what the page adds is the rest.
 */
export class BareReader {
  readonly #connection: HubConnection;
  readonly shown: ShownCounts = {};

  private constructor(connection: HubConnection) {
    this.#connection = connection;
    connection.on('PhotoSyncProgress', (event: { albumTagId: string; processedCount: number }) => {
      const seen = (this.shown[event.albumTagId] ??= []);
      if (seen.length === 0 || event.processedCount > seen[seen.length - 1][0])
        seen.push([event.processedCount, Date.now()]);
    });
  }

  static async join(hubUrl: string, token: string, albumId: string): Promise<BareReader> {
    const connection = new HubConnectionBuilder()
      .withUrl(hubUrl, {
        transport: HttpTransportType.WebSockets,
        skipNegotiation: false,
        accessTokenFactory: () => token,
      })
      .withStatefulReconnect()
      .configureLogging(LogLevel.None)
      .build();
    const reader = new BareReader(connection);
    await connection.start();
    await connection.invoke('JoinAlbumGroup', albumId);
    return reader;
  }

  stop(): Promise<void> {
    return this.#connection.stop();
  }
}
