/**
 * Tokens expiring under a live connection, on the ASP.NET Core hub (JwtBearer with no
 * clock skew, short-lived dev backend tokens). `[Authorize]` on the hub checks every
 * HTTP request of a connection: Long Polling polls and sends fail once the token has
 * expired, while an open WebSocket (checked at its upgrade) goes on. Needs `dotnet`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DefaultHttpClient,
  HttpError,
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  NullLogger,
  type HttpRequest,
  type HttpResponse,
  type HubConnection,
} from '@microsoft/signalr';
import { call, eventually, login, repoRoot, seedAlbumIds, users } from './helpers.ts';
import { startAspNetCoreStack, type AspNetCoreStack } from '../tools/aspnetcore-hub.ts';

const ttlSeconds = 2;
const ownAlbum = seedAlbumIds['hoa'] as string;

/** The official client's own HTTP client, recording each request's method and status. */
class RecordingHttpClient extends DefaultHttpClient {
  readonly statuses: string[] = [];

  constructor() {
    super(NullLogger.instance);
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      const response = await super.send(request);
      this.statuses.push(`${request.method} ${response.statusCode}`);
      return response;
    } catch (error) {
      if (error instanceof HttpError) this.statuses.push(`${request.method} ${error.statusCode}`);
      throw error;
    }
  }
}

describe('the ASP.NET Core hub after the access token expires', () => {
  let stack: AspNetCoreStack;
  const connections: HubConnection[] = [];

  const connect = (
    transport: HttpTransportType,
    token: string,
    httpClient?: RecordingHttpClient,
  ) => {
    const connection = new HubConnectionBuilder()
      .withUrl(stack.hubUrl, { transport, accessTokenFactory: () => token, httpClient })
      .configureLogging(LogLevel.None)
      .build();
    connections.push(connection);
    return connection;
  };
  /** Waits until the token's `exp` (whole seconds) is behind us. */
  const waitForExpiry = async (token: string): Promise<void> => {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    await sleep(payload.exp * 1000 - Date.now() + 250);
  };

  before(async () => {
    stack = await startAspNetCoreStack({
      root: repoRoot,
      backendEnv: { ACCESS_TOKEN_TTL_SECONDS: String(ttlSeconds) },
    });
  });

  after(async () => {
    await Promise.all(connections.map((connection) => connection.stop().catch(() => undefined)));
    await stack?.close();
  });

  it('Long Polling: a send answers 401 (the join fails), then so does the next poll, which ends the connection', async () => {
    const token = (await login(stack.backend.url, users.an)).accessToken;
    const http = new RecordingHttpClient();
    const connection = connect(HttpTransportType.LongPolling, token, http);
    let closedWith: Error | undefined;
    connection.onclose((error) => (closedWith = error));
    await connection.start();
    await connection.invoke('JoinAlbumGroup', ownAlbum);

    await waitForExpiry(token);
    await assert.rejects(connection.invoke('JoinAlbumGroup', ownAlbum), /401/);
    assert.ok(http.statuses.includes('POST 401'), http.statuses.join(', '));
    assert.equal(connection.state, HubConnectionState.Connected);

    // Data for the group answers the poll held since before the expiry; the next poll carries
    // the expired token.
    await call(stack.backend.url, 'POST', '/api/dev/hub/emit', {
      body: { albumId: ownAlbum, target: 'Nudge', arguments: [] },
    });
    await eventually(() => connection.state === HubConnectionState.Disconnected);
    assert.ok(http.statuses.includes('GET 401'), http.statuses.join(', '));
    assert.match(String(closedWith), /401/);
  });

  it('WebSockets: the open socket goes on, and a join is then not refused but fails as unknown', async () => {
    const token = (await login(stack.backend.url, users.an)).accessToken;
    const connection = connect(HttpTransportType.WebSockets, token);
    const nudges: unknown[] = [];
    connection.on('Nudge', (value: unknown) => nudges.push(value));
    await connection.start();
    await connection.invoke('JoinAlbumGroup', ownAlbum);

    await waitForExpiry(token);
    await call(stack.backend.url, 'POST', '/api/dev/hub/emit', {
      body: { albumId: ownAlbum, target: 'Nudge', arguments: ['after expiry'] },
    });
    await eventually(() => nudges.length === 1);
    assert.equal(connection.state, HubConnectionState.Connected);
    // The REST API answers 401 to the expired token: that says nothing of the album.
    await assert.rejects(connection.invoke('JoinAlbumGroup', ownAlbum), {
      message: "An unexpected error occurred invoking 'JoinAlbumGroup' on the server.",
    });
  });
});
