/**
 * Our dev backend's hub held to the real one: the same scripts drive our `/hubs/notification`
 * (a dev backend without HUB_PUBLISH_URL) and the ASP.NET Core hub (with its publishing dev
 * backend), with the official @microsoft/signalr client and, where the client hides the wire,
 * raw HTTP and WebSockets. Outcomes are compared with ids, tokens and timings left out. What
 * still differs is asserted by name below and listed, with its reason, in server/README.md
 * ("Differences from ASP.NET Core SignalR"). Needs `dotnet` (run by `npm run test:aspnetcore`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import {
  call,
  eventually,
  login,
  repoRoot,
  seedAlbumIds,
  startBackendProcess,
  users,
  type BackendProcess,
} from './helpers.ts';
import { hubPath, startAspNetCoreStack, type AspNetCoreStack } from '../tools/aspnetcore-hub.ts';
import {
  RawEventStream,
  RawSocket,
  RS,
  handshake,
  isAck,
  negotiate,
  records,
  request,
  type HttpOutcome,
  type Side,
} from './differential-wire.ts';
import { observeKeepAlive, type KeepAliveObservation } from './differential-keep-alive.ts';

/** Short tokens, and the same JwtBearer clock skew on both hubs. */
const ttlSeconds = 6;
const clockSkewSeconds = 2;
const ownAlbum = seedAlbumIds['lan-minh'] as string; // Studio An, in Init
const otherStudiosAlbum = seedAlbumIds['dalat'] as string; // Binh Photo
const transports = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
] as const;

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

type Pair<T> = { readonly ours: T; readonly aspnetcore: T };

describe('our hub and the ASP.NET Core hub, driven by the same scripts', () => {
  let ourBackend: BackendProcess;
  let stack: AspNetCoreStack;
  let sides: Pair<Side>;
  let keepAlive: Promise<Pair<KeepAliveObservation>>;
  const connections: HubConnection[] = [];

  /** Runs a script against both hubs at once. */
  const both = async <T>(script: (side: Side) => Promise<T>): Promise<Pair<T>> => {
    const [ours, aspnetcore] = await Promise.all([script(sides.ours), script(sides.aspnetcore)]);
    return { ours, aspnetcore };
  };
  /** The script's outcome is the same on both hubs; returns it. */
  const same = async <T>(script: (side: Side) => Promise<T>): Promise<T> => {
    const outcome = await both(script);
    assert.deepEqual(outcome.ours, outcome.aspnetcore);
    return outcome.aspnetcore;
  };
  /**
   * A difference kept on purpose (named as in server/README.md): each side's outcome is
   * asserted, so that a change on either side is noticed.
   */
  const difference = <T>(name: string, outcome: Pair<T>, expected: Pair<T>): void => {
    assert.deepEqual(outcome, expected, `difference "${name}"`);
  };

  const token = async (side: Side): Promise<string> =>
    (await login(side.apiUrl, users.an)).accessToken;
  const emit = (side: Side, target: string, args: unknown[]) =>
    call(side.apiUrl, 'POST', '/api/dev/hub/emit', {
      body: { albumId: ownAlbum, target, arguments: args },
    });
  /** The official client; every connection (and so every reconnect) signs in afresh. */
  const client = (side: Side, transport: HttpTransportType): HubConnection => {
    const connection = new HubConnectionBuilder()
      .withUrl(side.hubUrl, { transport, accessTokenFactory: () => token(side) })
      .configureLogging(LogLevel.None)
      .build();
    connections.push(connection);
    return connection;
  };
  /** What an invoke() or start() came to: its result or its error's message. */
  const settle = (promise: Promise<unknown>): Promise<{ result?: unknown; error?: string }> =>
    promise.then(
      (result: unknown) => ({ result }),
      (error: Error) => ({ error: error.message }),
    );

  before(async () => {
    const env = {
      ACCESS_TOKEN_TTL_SECONDS: String(ttlSeconds),
      JWT_CLOCK_SKEW_SECONDS: String(clockSkewSeconds),
    };
    [ourBackend, stack] = await Promise.all([
      startBackendProcess({ env }),
      startAspNetCoreStack({ root: repoRoot, backendEnv: env, clockSkewSeconds }),
    ]);
    sides = {
      ours: { name: 'ours', hubUrl: `${ourBackend.url}${hubPath}`, apiUrl: ourBackend.url },
      aspnetcore: { name: 'aspnetcore', hubUrl: stack.hubUrl, apiUrl: stack.backend.url },
    };
    // Pings and the client timeout take 15 and 30 s: watched while the other scripts run.
    keepAlive = both(async (side) => observeKeepAlive(side, await token(side)));
    keepAlive.catch(() => undefined); // awaited by its test
  });

  after(async () => {
    await Promise.all(connections.map((connection) => connection.stop().catch(() => undefined)));
    await ourBackend?.close();
    await stack?.close();
  });

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
    const outcome = await same(async (side) => {
      const accessToken = await token(side);
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
    const forged = await both(async (side) => {
      const refused = await request(
        `${side.hubUrl}/negotiate?negotiateVersion=1`,
        'POST',
        `${await token(side)}x`,
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
      const events = await both(async (side) => {
        assert.equal((await call(side.apiUrl, 'POST', '/api/dev/reset')).status, 204);
        const connection = client(side, transport);
        const received: { target: string; payload: Record<string, unknown> }[] = [];
        for (const target of syncTargets) {
          connection.on(target, (payload: Record<string, unknown>) =>
            received.push({ target, payload }),
          );
        }
        await connection.start();
        await connection.invoke('JoinAlbumGroup', ownAlbum);
        const fired = await call(side.apiUrl, 'PUT', `/api/v1/albums/${ownAlbum}/state`, {
          token: await token(side),
          body: { trigger: 'SyncRawTag', photosPerSecond: 20_000 },
        });
        assert.equal(fired.status, 202);
        await eventually(() => received.some((event) => event.target === 'AlbumStateChanged'));
        await connection.stop();
        return received;
      });
      const withoutTimestamps = (received: typeof events.ours) =>
        received.map(({ target, payload }) => {
          const { timestamp, ...rest } = payload;
          assert.equal(typeof timestamp, 'string');
          return { target, payload: rest };
        });
      assert.deepEqual(withoutTimestamps(events.ours), withoutTimestamps(events.aspnetcore));
      assert.ok(events.ours.length > 40, `${events.ours.length} events`);
      assert.equal(events.ours.at(-1)?.target, 'AlbumStateChanged');

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
    const outcome = await both(async (side) => {
      const accessToken = await token(side);
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
          (await negotiate(side, await token(side))).connectionToken,
          accessToken,
        ),
      };
      // The SSE stream and the WebSocket were authorized once, when they opened: they go on.
      await emit(side, 'AfterExpiry', [1]);
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

  it('handshake errors: the same texts, then the socket closes; over Long Polling the next poll says it is over', async () => {
    const refusals = [
      `{"protocol":"messagepackx","version":1}${RS}`,
      `{"protocol":"json","version":99}${RS}`,
      `{"protocol":"json"}${RS}`,
      `{"protocol":"json","version":"1"}${RS}`,
      `{protocol${RS}`,
      `[]${RS}`,
    ];
    const outcome = await same(async (side) => {
      const accessToken = await token(side);
      const overWebSockets = await Promise.all(
        refusals.map(async (text) => {
          const { connectionToken } = await negotiate(side, accessToken);
          const socket = await RawSocket.open(side, connectionToken, accessToken);
          if (typeof socket === 'number') return socket;
          socket.send(text);
          return { answer: await socket.log.take(1), closed: await socket.closed };
        }),
      );
      const { connectionToken } = await negotiate(side, accessToken);
      const at = `${side.hubUrl}?id=${connectionToken}`;
      const polls = [(await request(at, 'GET', accessToken)).status];
      polls.push((await request(at, 'POST', accessToken, { body: refusals[0] })).status);
      const answer = await request(at, 'GET', accessToken);
      const after = await request(at, 'GET', accessToken);
      return {
        overWebSockets,
        overLongPolling: { polls, answer: answer.body, after: after.status },
      };
    });
    assert.deepEqual(
      outcome.overWebSockets.map((socket) => (typeof socket === 'number' ? socket : socket.answer)),
      [
        [{ error: "The protocol 'messagepackx' is not supported." }],
        [{ error: "The server does not support version 99 of the 'json' protocol." }],
        ...Array(4).fill([{ error: 'An unexpected error occurred during connection handshake.' }]),
      ],
    );
    assert.equal(outcome.overLongPolling.after, 204);
  });

  it('invocation errors: the same completion texts; a void method completes with result null', async () => {
    const outcome = await same(async (side) => {
      const connection = client(side, HttpTransportType.WebSockets);
      await connection.start();
      const invocations: [string, ...unknown[]][] = [
        ['JoinAlbumGroup', ownAlbum],
        ['JoinAlbumGroup', otherStudiosAlbum],
        ['JoinAlbumGroup', 'not-an-id'],
        ['JoinAlbumGroup', null],
        ['joinalbumgroup', ownAlbum],
        ['LeaveAlbumGroup', ownAlbum],
        ['LeaveAlbumGroup', null],
        ['LeaveAlbumGroup', 'not-an-id'],
        ['NoSuchMethod'],
        ['JoinAlbumGroup'],
        ['JoinAlbumGroup', ownAlbum, ownAlbum],
        ['JoinAlbumGroup', 42],
        ['JoinAlbumGroup', true],
        ['JoinAlbumGroup', { albumId: ownAlbum }],
      ];
      const settled = [];
      for (const [method, ...args] of invocations) {
        settled.push([method, await settle(connection.invoke(method, ...args))]);
      }
      await connection.stop();

      // What the client hides: the completion's exact record, and none for a send().
      const { socket } = await RawSocket.connect(side, await token(side));
      socket.sendRecord({ type: 1, target: 'JoinAlbumGroup', arguments: [ownAlbum] });
      socket.sendRecord({
        type: 1,
        invocationId: 'v',
        target: 'LeaveAlbumGroup',
        arguments: [ownAlbum],
      });
      socket.sendRecord({
        type: 4,
        invocationId: 's',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const wire = await socket.log.take(2);
      socket.close();
      return { settled, wire };
    });
    const notFound =
      "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";
    const unbound = "Failed to invoke 'JoinAlbumGroup' due to an error on the server.";
    assert.deepEqual(
      outcome.settled.map(([, settled]) => settled),
      [
        { result: null },
        { error: notFound },
        { error: notFound },
        { error: notFound },
        { result: null },
        { result: null },
        { result: null },
        { result: null },
        {
          error:
            "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist.",
        },
        { error: unbound },
        { error: unbound },
        { error: unbound },
        { error: unbound },
        { error: unbound },
      ],
    );
    assert.deepEqual(outcome.wire, [
      { type: 3, invocationId: 'v', result: null },
      {
        type: 3,
        invocationId: 's',
        error:
          "The client attempted to invoke the non-streaming 'JoinAlbumGroup' method with a streaming invocation.",
      },
    ]);
  });

  it("Close messages: the client's Close answered with an empty one; a protocol error closes allowing reconnect", async () => {
    const closings = [
      `{"type":7}${RS}`,
      `not json${RS}`,
      `{"type":1,"invocationId":"1","arguments":[]}${RS}`,
      `{"type":1,"target":"JoinAlbumGroup","arguments":["${'x'.repeat(40_000)}"]}${RS}`,
    ];
    const outcome = await same(async (side) =>
      Promise.all(
        closings.map(async (text) => {
          const { socket } = await RawSocket.connect(side, await token(side));
          socket.send(text);
          return { answer: await socket.log.take(1), closed: await socket.closed };
        }),
      ),
    );
    const closedWithError = {
      type: 7,
      error: 'Connection closed with an error.',
      allowReconnect: true,
    };
    assert.deepEqual(
      outcome.map(({ answer }) => answer),
      [[{ type: 7 }], [closedWithError], [closedWithError], [closedWithError]],
    );
  });

  it('Long Polling edge cases: first poll, a newer poll, DELETE, unknown and missing ids', async () => {
    const outcome = await both(async (side) => {
      const accessToken = await token(side);
      const { connectionToken } = await negotiate(side, accessToken);
      const at = (id = connectionToken) => `${side.hubUrl}?id=${id}`;
      const answer = async (pending: Promise<HttpOutcome>) => {
        const { status, body, contentType } = await pending;
        return [status, body, contentType];
      };
      const first = await answer(request(at(), 'GET', accessToken));
      await request(at(), 'POST', accessToken, { body: handshake() });
      const handshakeAnswer = await answer(request(at(), 'GET', accessToken));
      // A poll the client gave up on is answered 204 when a newer one comes.
      const older = request(at(), 'GET', accessToken);
      await sleep(300);
      const newer = request(at(), 'GET', accessToken);
      const olderAnswer = await answer(older);
      await sleep(300);
      const deleted = await answer(request(at(), 'DELETE', accessToken));
      const newerAnswer = await answer(newer);
      // Gone for good, once ASP.NET Core has disposed of it (a moment's 404 without a body).
      const afterDelete = await eventually(async () => {
        const later = await answer(request(at(), 'GET', accessToken));
        return later[1] === '' ? undefined : later;
      });
      const unknown = await Promise.all(
        ['GET', 'POST', 'DELETE'].map((method) => answer(request(at('nope'), method, accessToken))),
      );
      const missing = await answer(request(side.hubUrl, 'GET', accessToken));
      return {
        first,
        handshakeAnswer,
        olderAnswer,
        deleted,
        unknown,
        missing,
        afterDelete,
        heldAtDelete: newerAnswer,
      };
    });
    const { heldAtDelete, ...compared } = outcome.ours;
    const { heldAtDelete: theirHeldAtDelete, ...reference } = outcome.aspnetcore;
    assert.deepEqual(compared, reference);
    const noConnection = [404, 'No Connection with that ID', 'text/plain'];
    assert.deepEqual(reference, {
      first: [200, '', 'application/octet-stream'],
      handshakeAnswer: [200, `{}${RS}`, 'application/octet-stream'],
      olderAnswer: [204, '', 'text/plain'],
      deleted: [202, '', 'text/plain'],
      unknown: [noConnection, noConnection, noConnection],
      missing: [400, 'Connection ID required', 'text/plain'],
      afterDelete: noConnection,
    });
    // A poll held when the DELETE comes: ASP.NET Core's hub writes the Close it sends whenever
    // a transport ends without the client's Close. Ours says 204, over. (The official client
    // aborts its poll before it sends DELETE, so it sees neither.)
    difference(
      'a poll held at DELETE',
      { ours: heldAtDelete, aspnetcore: theirHeldAtDelete },
      {
        ours: [204, '', 'text/plain'],
        aspnetcore: [200, `{"type":7,"allowReconnect":true}${RS}`, 'application/octet-stream'],
      },
    );
  });

  it('stateful reconnect on WebSockets: version 2, Ack and Sequence, unacked messages replayed after a cut', async () => {
    const outcome = await same(async (side) => {
      const accessToken = await token(side);
      const connected = await RawSocket.connect(side, accessToken, {
        version: 2,
        statefulReconnect: true,
      });
      const first = connected.socket;
      first.sendRecord({
        type: 1,
        invocationId: '1',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const joined = await first.log.take(1);
      const serverAck = await first.log.until((record) => isAck(record));
      await emit(side, 'Tick', [1]);
      await emit(side, 'Tick', [2]);
      const ticks = await first.log.take(2);
      first.cut(); // nothing acknowledged: the completion and both ticks come again

      const reopen = async () => {
        const socket = await RawSocket.open(
          side,
          connected.negotiated.connectionToken,
          accessToken,
        );
        if (typeof socket === 'number') throw new Error(`the reconnect answered ${socket}`);
        return socket;
      };
      const second = await reopen();
      const replayed = await second.log.take(4);
      // The client's side: its Sequence, and its unacked invocation again, which is dropped.
      second.sendRecord({ type: 9, sequenceId: 1 });
      second.sendRecord({
        type: 1,
        invocationId: '1',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      second.sendRecord({
        type: 1,
        invocationId: '2',
        target: 'LeaveAlbumGroup',
        arguments: [ownAlbum],
      });
      second.sendRecord({
        type: 1,
        invocationId: '3',
        target: 'JoinAlbumGroup',
        arguments: [ownAlbum],
      });
      const afterResume = await second.log.take(2);
      second.sendRecord({ type: 8, sequenceId: 5 }); // all but what comes next
      await emit(side, 'Tick', [3]);
      const third = await second.log.take(1);
      const secondAck = await second.log.until((record) => isAck(record));
      second.cut();

      const last = await reopen();
      const replayedOnce = await last.log.take(2);
      last.sendRecord({ type: 9, sequenceId: 99 }); // more than it ever sent
      const refused = await last.log.take(1);
      const closed = await last.closed;
      return {
        handshake: connected.handshake,
        joined,
        serverAck,
        ticks,
        replayed,
        afterResume,
        third,
        secondAck,
        replayedOnce,
        refused,
        closed,
      };
    });
    const tick = (n: number) => ({ type: 1, target: 'Tick', arguments: [n] });
    assert.deepEqual(outcome.replayed, [
      { type: 9, sequenceId: 1 },
      { type: 3, invocationId: '1', result: null },
      tick(1),
      tick(2),
    ]);
    assert.deepEqual(outcome.afterResume, [
      { type: 3, invocationId: '2', result: null },
      { type: 3, invocationId: '3', result: null },
    ]);
    assert.deepEqual(outcome.replayedOnce, [{ type: 9, sequenceId: 6 }, tick(3)]);
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
});
