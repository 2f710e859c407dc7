/**
 * Our dev backend's hub held to the real one, through the official @microsoft/signalr client
 * and plain HTTP: the same scripts drive our `/hubs/notification` and the ASP.NET Core hub
 * (see differential-sides.ts) and their outcomes are compared, ids, tokens and timings left
 * out. What still differs is asserted by name and listed, with its reason, in
 * server/README.md ("Differences from ASP.NET Core SignalR"). The wire itself is compared in
 * aspnetcore-differential-wire.test.ts. Needs `dotnet` (run by `npm run test:aspnetcore`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from '@microsoft/signalr';
import { call, eventually } from './helpers.ts';
import { observeKeepAlive, type KeepAliveObservation } from './differential-keep-alive.ts';
import {
  clockSkewSeconds,
  difference,
  ownAlbum,
  settle,
  startDifferential,
  transports,
  type Differential,
  type Pair,
} from './differential-sides.ts';
import {
  RawEventStream,
  RawSocket,
  RS,
  handshake,
  negotiate,
  records,
  request,
  type Side,
} from './differential-wire.ts';

const syncTargets = [
  'PhotoSyncProgress',
  'PhotoSyncCompleted',
  'AlbumStateChanged',
  'AlbumTagCreated',
  'AlbumTagStatusChanged',
  'AlbumSyncStarted',
  'AlbumSyncCompleted',
  'AlbumSyncError',
];

/** When the token's `exp` (whole seconds) passes, in ms. */
const tokenExpiry = (accessToken: string): number =>
  (
    JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
      exp: number;
    }
  ).exp * 1000;

/** Long Polling: polls until `count` records have come (one answer may hold several, or one). */
async function pollFor(url: string, accessToken: string, count: number): Promise<unknown[]> {
  const received: unknown[] = [];
  while (received.length < count) {
    const answer = await request(url, 'GET', accessToken);
    if (answer.status !== 200) throw new Error(`a poll answered ${answer.status}`);
    received.push(...records(answer.body));
  }
  return received;
}

describe('our hub and the ASP.NET Core hub, driven by the same scripts', () => {
  let differential: Differential;
  let keepAlive: Promise<Pair<KeepAliveObservation>>;

  before(async () => {
    differential = await startDifferential();
    // Pings and the client timeout take 15 and 30 s: watched while the other scripts run.
    keepAlive = differential.both(async (side) =>
      observeKeepAlive(side, await differential.token(side)),
    );
    keepAlive.catch(() => undefined); // awaited by its test
  });

  after(() => differential?.close());

  it('negotiate: the same answer, versions, stateful reconnect on request, 401 without a token', async () => {
    const idShape = (value: unknown) =>
      typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value) ? '<22 base64url>' : value;
    const answer = async (side: Side, query: string, accessToken?: string) => {
      const outcome = await request(`${side.hubUrl}/negotiate${query}`, 'POST', accessToken);
      const body = outcome.body ? (JSON.parse(outcome.body) as Record<string, unknown>) : null;
      for (const key of ['connectionId', 'connectionToken']) {
        if (body && key in body) body[key] = idShape(body[key]);
      }
      return { status: outcome.status, contentType: outcome.contentType, body };
    };
    const outcome = await differential.same(async (side) => {
      const accessToken = await differential.token(side);
      return {
        version1: await answer(side, '?negotiateVersion=1', accessToken),
        stateful: await answer(side, '?negotiateVersion=1&useStatefulReconnect=true', accessToken),
        version0: await answer(side, '', accessToken),
        nonInteger: await answer(side, '?negotiateVersion=one', accessToken),
        get: (await request(`${side.hubUrl}/negotiate`, 'GET', accessToken)).status,
        withoutToken: await answer(side, '?negotiateVersion=1'),
        withoutTokenChallenge: (await request(`${side.hubUrl}/negotiate`, 'POST', undefined))
          .wwwAuthenticate,
        officialClientWithoutValidToken: await settle(
          new HubConnectionBuilder()
            .withUrl(side.hubUrl, { accessTokenFactory: () => `${accessToken}x` })
            .configureLogging(LogLevel.None)
            .build()
            .start(),
        ),
      };
    });
    assert.deepEqual(outcome.version1, {
      status: 200,
      contentType: 'application/json',
      body: {
        negotiateVersion: 1,
        connectionId: '<22 base64url>',
        connectionToken: '<22 base64url>',
        availableTransports: [
          { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
          { transport: 'ServerSentEvents', transferFormats: ['Text'] },
          { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
        ],
      },
    });
    assert.equal(outcome.stateful.body?.['useStatefulReconnect'], true);
    assert.equal(outcome.version0.body?.['negotiateVersion'], 0);
    assert.equal(outcome.withoutToken.status, 401);
    assert.match(String(outcome.officialClientWithoutValidToken.error), /Status code '401'/);

    // JwtBearer says why it refused a token it was given; we say only `Bearer`.
    const forged = await differential.both(async (side) => {
      const refused = await request(
        `${side.hubUrl}/negotiate?negotiateVersion=1`,
        'POST',
        `${await differential.token(side)}x`,
      );
      return [refused.status, refused.wwwAuthenticate];
    });
    difference('WWW-Authenticate', forged, {
      ours: [401, 'Bearer'],
      aspnetcore: [
        401,
        'Bearer error="invalid_token", error_description="The signature key was not found"',
      ],
    });
  });

  for (const [name, transport] of transports) {
    it(`over ${name}: the official client gets a sync's events, the same ones`, async () => {
      const events = await differential.both(async (side) => {
        assert.equal((await call(side.apiUrl, 'POST', '/api/dev/reset')).status, 204);
        const connection = differential.client(side, transport);
        const received: { target: string; payload: Record<string, unknown> }[] = [];
        for (const target of syncTargets) {
          connection.on(target, (payload: Record<string, unknown>) =>
            received.push({ target, payload }),
          );
        }
        await connection.start();
        await connection.invoke('JoinAlbumGroup', ownAlbum);
        const fired = await call(side.apiUrl, 'PUT', `/api/v1/albums/${ownAlbum}/state`, {
          token: await differential.token(side),
          body: { trigger: 'SyncRawTag', photosPerSecond: 20_000 },
        });
        assert.equal(fired.status, 202);
        await eventually(() => received.some((event) => event.target === 'AlbumStateChanged'));
        await connection.stop();
        return received;
      });
      // Both coalesce progress by time (aspnetcore-differential-delivery.test.ts), so how many
      // progress events arrive may differ; the rest is the same, event for event.
      const withoutTimestamps = (received: typeof events.ours) =>
        received
          .filter(({ target }) => target !== 'PhotoSyncProgress')
          .map(({ target, payload }) => {
            const { timestamp, ...rest } = payload;
            assert.equal(typeof timestamp, 'string');
            return { target, payload: rest };
          });
      assert.deepEqual(withoutTimestamps(events.ours), withoutTimestamps(events.aspnetcore));
      for (const received of [events.ours, events.aspnetcore]) {
        const counts = received
          .filter(({ target }) => target === 'PhotoSyncProgress')
          .map(({ payload }) => payload['processedCount'] as number);
        assert.ok(counts.length > 0);
        assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
        assert.equal(received.at(-1)?.target, 'AlbumStateChanged');
      }

      // The documented NotificationService writes DateTime.UtcNow.ToString("O"); we write
      // toISOString(). Both are ISO 8601 UTC instants.
      const precision = (received: typeof events.ours) => [
        ...new Set(
          received.map(
            ({ payload }) => /\.(\d+)Z$/.exec(String(payload['timestamp']))?.[1]?.length,
          ),
        ),
      ];
      difference(
        'timestamps',
        { ours: precision(events.ours), aspnetcore: precision(events.aspnetcore) },
        {
          ours: [3],
          aspnetcore: [7],
        },
      );
    });
  }

  it('auth on every request: within the clock skew all goes on; after it, Long Polling and SSE requests answer 401', async () => {
    const outcome = await differential.both(async (side) => {
      const accessToken = await differential.token(side);
      const expiresAt = tokenExpiry(accessToken);
      const at = (id: string) => `${side.hubUrl}?id=${id}`;
      const ping = `{"type":6}${RS}`;
      const join =
        JSON.stringify({
          type: 1,
          invocationId: '1',
          target: 'JoinAlbumGroup',
          arguments: [ownAlbum],
        }) + RS;

      const longPolling = await negotiate(side, accessToken);
      const first = await request(at(longPolling.connectionToken), 'GET', accessToken);
      await request(at(longPolling.connectionToken), 'POST', accessToken, {
        body: handshake() + join,
      });
      const answers = await pollFor(at(longPolling.connectionToken), accessToken, 2);
      const sse = await negotiate(side, accessToken);
      const stream = await RawEventStream.open(side, sse.connectionToken, accessToken);
      await request(at(sse.connectionToken), 'POST', accessToken, { body: handshake() + join });
      const socket = await RawSocket.connect(side, accessToken);
      socket.socket.sendRecord(JSON.parse(join.slice(0, -1)));
      const connected = {
        longPolling: [first.status, answers],
        sse: await stream.log.take(2),
        webSocket: await socket.socket.log.take(1),
      };

      // Expired, but within the skew: still accepted everywhere.
      await sleep(expiresAt + (clockSkewSeconds * 1000) / 2 - Date.now());
      const withinSkew = {
        longPollingPost: (
          await request(at(longPolling.connectionToken), 'POST', accessToken, { body: ping })
        ).status,
        ssePost: (await request(at(sse.connectionToken), 'POST', accessToken, { body: ping }))
          .status,
        negotiate: (
          await request(`${side.hubUrl}/negotiate?negotiateVersion=1`, 'POST', accessToken)
        ).status,
      };

      await sleep(expiresAt + clockSkewSeconds * 1000 + 1000 - Date.now());
      const status = async (url: string, method: string, body?: string) => {
        const answer = await request(url, method, accessToken, { body });
        return [answer.status, answer.body, answer.contentType];
      };
      const refused = {
        longPollingPoll: await status(at(longPolling.connectionToken), 'GET'),
        longPollingPost: await status(at(longPolling.connectionToken), 'POST', ping),
        longPollingDelete: await status(at(longPolling.connectionToken), 'DELETE'),
        ssePost: await status(at(sse.connectionToken), 'POST', ping),
        negotiate: await status(`${side.hubUrl}/negotiate?negotiateVersion=1`, 'POST'),
        webSocketUpgrade: await RawSocket.open(
          side,
          (await negotiate(side, await differential.token(side))).connectionToken,
          accessToken,
        ),
      };
      // The SSE stream and the WebSocket were authorized once, when they opened: they go on.
      await differential.emit(side, 'AfterExpiry', [1]);
      const stillOpen = {
        sse: await stream.log.take(1),
        webSocket: await socket.socket.log.take(1),
      };
      socket.socket.sendRecord({
        type: 1,
        invocationId: '2',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const joinOnOpenSocket = await socket.socket.log.take(1);
      const challenge = (await request(at(longPolling.connectionToken), 'GET', accessToken))
        .wwwAuthenticate;
      stream.close();
      socket.socket.close();
      return { connected, withinSkew, refused, stillOpen, joinOnOpenSocket, challenge };
    });
    const { joinOnOpenSocket, challenge, ...compared } = outcome.ours;
    const {
      joinOnOpenSocket: theirJoin,
      challenge: theirChallenge,
      ...reference
    } = outcome.aspnetcore;
    assert.deepEqual(compared, reference);
    assert.deepEqual(reference.withinSkew, { longPollingPost: 200, ssePost: 200, negotiate: 200 });
    assert.deepEqual(reference.refused.longPollingPoll, [401, '', null]);
    assert.equal(reference.refused.webSocketUpgrade, 401);

    // Our hub checks the album in its own store; the ASP.NET Core hub asks the REST API with
    // the caller's token, which has expired: not a refusal, the generic error.
    difference(
      'a join on an open WebSocket after the token expired',
      { ours: joinOnOpenSocket, aspnetcore: theirJoin },
      {
        ours: [{ type: 3, invocationId: '2', result: null }],
        aspnetcore: [
          {
            type: 3,
            invocationId: '2',
            error: "An unexpected error occurred invoking 'JoinAlbumGroup' on the server.",
          },
        ],
      },
    );
    difference(
      'WWW-Authenticate',
      { ours: challenge, aspnetcore: theirChallenge?.replace(/'[^']*'/, "'<exp>'") ?? null },
      {
        ours: 'Bearer',
        aspnetcore: `Bearer error="invalid_token", error_description="The token expired at '<exp>'"`,
      },
    );
  });

  it('keep-alive: a ping on idle WebSockets and SSE, and a Close allowing reconnect after the client timeout', async () => {
    const outcome = await keepAlive;
    assert.deepEqual(outcome.ours, outcome.aspnetcore);
    assert.deepEqual(outcome.aspnetcore, {
      webSocketFirst: { type: 6 },
      serverSentEventsFirst: { type: 6 },
      clientTimeout: {
        close: { type: 7, error: 'Connection closed with an error.', allowReconnect: true },
        code: 1000,
      },
    });
  });

  // Last: the dev tool cuts every connection of the hub, the keep-alive watch's included.
  it('the official client with stateful reconnect, cut by the dev tool disconnect-all', async () => {
    const outcome = await differential.same(async (side) => {
      const connection = differential.client(side, HttpTransportType.WebSockets, {
        statefulReconnect: true,
      });
      const ticks: unknown[] = [];
      connection.on('Tick', (value: unknown) => ticks.push(value));
      let reconnecting = 0;
      connection.onreconnecting(() => reconnecting++);
      await connection.start();
      await connection.invoke('JoinAlbumGroup', ownAlbum);
      const before = connection.connectionId;
      assert.equal((await call(side.apiUrl, 'POST', '/api/dev/hub/disconnect-all')).status, 204);
      await sleep(500); // for the client to notice the cut, and to resume or reconnect
      await eventually(() => connection.state === HubConnectionState.Connected);
      if (connection.connectionId !== before) await connection.invoke('JoinAlbumGroup', ownAlbum);
      await differential.emit(side, 'Tick', [1]);
      await eventually(() => ticks.length === 1);
      const sameConnection = connection.connectionId === before;
      await connection.stop();
      return { sameConnection, reconnecting };
    });
    // Both tools cut a WebSocket as a short network failure would: the client resumes its
    // connection (same id, nothing lost, no onreconnecting).
    assert.deepEqual(outcome, { sameConnection: true, reconnecting: 0 });
  });

});
