/**
 * The ASP.NET Core hub (aspnetcore-hub/) with the dev backend publishing to it, driven by
 * the official @microsoft/signalr client over each transport. Needs `dotnet` (run by
 * `npm run test:aspnetcore`).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import { SignJWT } from 'jose';
import { call, eventually, login, repoRoot, seedAlbumIds, seedUsers, users } from './helpers.ts';
import { hubPath, startAspNetCoreStack, type AspNetCoreStack } from '../tools/aspnetcore-hub.ts';

const appOrigin = 'http://127.0.0.1:4299';
const ownAlbum = seedAlbumIds['lan-minh'] as string; // Studio An, in Init
const otherStudiosAlbum = seedAlbumIds['dalat'] as string; // Binh Photo
const refusal =
  "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";
/** `DateTime.UtcNow.ToString("O")`, as the documented NotificationService writes it. */
const dotnetRoundTrip = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
const targets = [
  'PhotoSyncProgress',
  'PhotoSyncCompleted',
  'AlbumStateChanged',
  'AlbumTagCreated',
  'AlbumTagStatusChanged',
  'AlbumSyncStarted',
  'AlbumSyncCompleted',
  'AlbumSyncError',
];
const transports = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
] as const;

describe('the ASP.NET Core hub, with the dev backend publishing to it', () => {
  let stack: AspNetCoreStack;
  let token: string;
  const connections: HubConnection[] = [];

  const connect = (transport: HttpTransportType, accessToken = token): HubConnection => {
    const connection = new HubConnectionBuilder()
      .withUrl(stack.hubUrl, { transport, accessTokenFactory: () => accessToken })
      .withAutomaticReconnect([0, 100, 250, 500, 1000])
      .configureLogging(LogLevel.None)
      .build();
    connections.push(connection);
    return connection;
  };
  const signToken = (claims: Record<string, unknown>, key = stack.secrets.signingKey) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(seedUsers.an.id)
      .setIssuer(stack.secrets.issuer)
      .setAudience(stack.secrets.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(Buffer.from(key, 'base64url'));

  before(async () => {
    stack = await startAspNetCoreStack({ root: repoRoot, corsOrigins: [appOrigin] });
    token = (await login(stack.backend.url, users.an)).accessToken;
  });

  after(async () => {
    await Promise.all(connections.map((connection) => connection.stop()));
    await stack?.close();
  });

  it('answers 401 to a negotiate without a valid token; the official client fails to start', async () => {
    const negotiate = `${stack.hubUrl}/negotiate?negotiateVersion=1`;
    assert.equal((await fetch(negotiate, { method: 'POST' })).status, 401);
    const forged = await signToken(
      { role: 'org_admin' },
      Buffer.alloc(32, 1).toString('base64url'),
    );
    const withForged = await fetch(negotiate, {
      method: 'POST',
      headers: { Authorization: `Bearer ${forged}` },
    });
    assert.equal(withForged.status, 401);
    await assert.rejects(connect(HttpTransportType.LongPolling, '').start(), /401/);
  });

  for (const [name, transport] of transports) {
    it(`over ${name}: joins its own album, is refused another studio's, and gets a real sync's events in order`, async () => {
      assert.equal((await call(stack.backend.url, 'POST', '/api/dev/reset')).status, 204);
      const connection = connect(transport);
      const received: { target: string; payload: Record<string, unknown> }[] = [];
      for (const target of targets) {
        connection.on(target, (payload: Record<string, unknown>) =>
          received.push({ target, payload }),
        );
      }
      await connection.start();

      await connection.invoke('JoinAlbumGroup', ownAlbum);
      await assert.rejects(connection.invoke('JoinAlbumGroup', otherStudiosAlbum), {
        message: refusal,
      });
      await assert.rejects(connection.invoke('JoinAlbumGroup', 'not-an-id'), { message: refusal });

      const fired = await call(stack.backend.url, 'PUT', `/api/v1/albums/${ownAlbum}/state`, {
        token,
        body: { trigger: 'SyncRawTag', photosPerSecond: 20_000 },
      });
      assert.equal(fired.status, 202);
      await eventually(
        () => received.some((event) => event.target === 'AlbumStateChanged'),
        20_000,
      );

      const sequence = received.map((event) => event.target);
      const progress = received.filter((event) => event.target === 'PhotoSyncProgress');
      assert.deepEqual(sequence, [
        'AlbumSyncStarted',
        'AlbumTagStatusChanged',
        ...progress.map(() => 'PhotoSyncProgress'),
        'PhotoSyncCompleted',
        'AlbumTagStatusChanged',
        'AlbumSyncCompleted',
        'AlbumStateChanged',
      ]);
      const counts = progress.map((event) => event.payload['processedCount'] as number);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => a - b),
        'progress never goes back',
      );
      const total = progress[0]?.payload['totalCount'] as number;
      assert.ok(total >= 2000 && counts.at(-1) === total, `progress reaches ${total}`);
      assert.deepEqual(
        received
          .filter((event) => event.target === 'AlbumTagStatusChanged')
          .map((event) => [event.payload['oldStatus'], event.payload['newStatus']]),
        [
          ['Pending', 'Syncing'],
          ['Syncing', 'Ready'],
        ],
      );
      assert.deepEqual(
        [received.at(-1)?.payload['oldState'], received.at(-1)?.payload['newState']],
        ['Init', 'Raw'],
      );
      for (const { payload } of received) {
        assert.equal(payload['albumId'], ownAlbum);
        assert.match(payload['timestamp'] as string, dotnetRoundTrip);
      }
      assert.equal(progress[0]?.payload['type'], 'photo_sync_progress');
      assert.equal(progress[0]?.payload['albumTagType'], 'Raw');
      await connection.stop();
    });
  }

  it('the dev tool emit reaches the group exactly as given, malformed payloads included', async () => {
    const connection = connect(HttpTransportType.WebSockets);
    const got: unknown[][] = [];
    connection.on('PhotoSyncProgress', (...args: unknown[]) => got.push(args));
    await connection.start();
    await connection.invoke('JoinAlbumGroup', ownAlbum);
    const args = [{ albumId: 42, processedCount: 'many', nested: [null, { deep: true }] }, 'extra'];
    const emitted = await call(stack.backend.url, 'POST', '/api/dev/hub/emit', {
      body: { albumId: ownAlbum, target: 'PhotoSyncProgress', arguments: args },
    });
    assert.equal(emitted.status, 200);
    assert.deepEqual(emitted.body, { group: `album_${ownAlbum}`, recipients: 1 });
    await eventually(() => got.length === 1);
    assert.deepEqual(got[0], args);
    await connection.stop();
  });

  it("the bench's published flood goes through the hub's coalescing (the direct one, ours only, is refused)", async () => {
    const connection = connect(HttpTransportType.WebSockets);
    const last = new Map<string, number>();
    let events = 0;
    connection.on('PhotoSyncProgress', (event: { albumTagId: string; processedCount: number }) => {
      events++;
      last.set(event.albumTagId, event.processedCount);
    });
    await connection.start();
    await connection.invoke('JoinAlbumGroup', ownAlbum);
    const body = { albumId: ownAlbum, tags: 4, eventsPerSecond: 4_000, durationMs: 500 };
    const direct = await call(stack.backend.url, 'POST', '/api/dev/hub/flood', { body });
    assert.equal(direct.status, 409);
    const published = await call(stack.backend.url, 'POST', '/api/dev/hub/flood', {
      body: { ...body, path: 'published' },
    });
    assert.equal(published.status, 202);
    await eventually(
      () => [...last.values()].filter((count) => count === 500).length === 4,
      15_000,
      'every tag at its last count, 500',
    );
    assert.ok(events <= 4 * 6, `${events} of the 2,000 published reached the client`);
    await connection.stop();
  });

  for (const [name, transport] of transports) {
    it(`the dev tool disconnect-all cuts a ${name} connection; the client reconnects and joins again`, async () => {
      const connection = connect(transport);
      let reconnecting = 0;
      connection.onreconnecting(() => reconnecting++);
      await connection.start();
      await connection.invoke('JoinAlbumGroup', ownAlbum);
      const before = connection.connectionId;

      assert.equal(
        (await call(stack.backend.url, 'POST', '/api/dev/hub/disconnect-all')).status,
        204,
      );
      await eventually(
        () => reconnecting === 1 && connection.state === HubConnectionState.Connected,
      );
      assert.notEqual(connection.connectionId, before);
      await connection.invoke('JoinAlbumGroup', ownAlbum);
      await connection.stop();
    });
  }

  it('the Photographer policy: a token of another role connects but may not join', async () => {
    const client = await signToken({ role: 'client', org_id: seedUsers.an.organizationId });
    const connection = connect(HttpTransportType.WebSockets, client);
    await connection.start();
    await assert.rejects(connection.invoke('JoinAlbumGroup', ownAlbum), /unauthorized/);
    await connection.stop();
  });

  it('speaks MessagePack beside JSON (handshake over a WebSocket, token in the query string)', async () => {
    const handshake = async (protocol: string): Promise<string> => {
      const negotiated = await call(
        stack.hub.url,
        'POST',
        `${hubPath}/negotiate?negotiateVersion=1`,
        {
          token,
        },
      );
      const url = `${stack.hubUrl.replace('http', 'ws')}?id=${negotiated.body.connectionToken}&access_token=${token}`;
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      const answer = new Promise<string>((resolve, reject) => {
        socket.onmessage = (message) =>
          resolve(Buffer.from(message.data as ArrayBuffer).toString());
        socket.onerror = () => reject(new Error('the socket failed'));
      });
      await new Promise((resolve) => (socket.onopen = resolve));
      socket.send(`${JSON.stringify({ protocol, version: 1 })}\u001e`);
      const text = await answer;
      socket.close();
      return text;
    };
    assert.equal(await handshake('messagepack'), '{}\u001e');
    assert.match(await handshake('nope'), /"error":"The protocol 'nope' is not supported."/);
  });

  it("allows the app's origin with credentials (CORS), and no other origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.hubUrl}/negotiate?negotiateVersion=1`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,x-requested-with,x-signalr-user-agent',
        },
      });
    const allowed = await preflight(appOrigin);
    assert.equal(allowed.headers.get('access-control-allow-origin'), appOrigin);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const refused = await preflight('http://127.0.0.1:1');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  it('its publish endpoint wants the shared key and refuses a bad batch whole', async () => {
    const publish = (
      key: string | undefined,
      body: unknown,
      batchId: string | null = randomUUID(),
    ) =>
      fetch(`${stack.hub.url}/internal/publish`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(key ? { 'X-Hub-Publish-Key': key } : {}),
          ...(batchId ? { 'X-Hub-Batch-Id': batchId } : {}),
        },
        body: JSON.stringify(body),
      });
    const started = { target: 'AlbumSyncStarted', payload: { albumId: ownAlbum, message: 'm' } };
    assert.equal((await publish(undefined, [started])).status, 401);
    assert.equal((await publish('not-the-key-at-all', [started])).status, 401);
    const bad = await publish(stack.secrets.publishKey, [started, { target: 'Nope', payload: {} }]);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Event 1: unknown target/);
    const unnamed = await publish(stack.secrets.publishKey, [started], null);
    assert.equal(unnamed.status, 400);
    assert.match(await unnamed.text(), /X-Hub-Batch-Id must hold the batch's id/);
    const good = await publish(stack.secrets.publishKey, [started]);
    assert.deepEqual(await good.json(), { sent: 1 });
  });

  it('reads a published event into its class: payload before or after target, the timestamp its own, enums by name only', async () => {
    const connection = connect(HttpTransportType.WebSockets);
    const received: Record<string, unknown>[] = [];
    connection.on('AlbumTagStatusChanged', (payload: Record<string, unknown>) =>
      received.push(payload),
    );
    await connection.start();
    await connection.invoke('JoinAlbumGroup', ownAlbum);
    const publish = (body: unknown) =>
      fetch(`${stack.hub.url}/internal/publish`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Hub-Publish-Key': stack.secrets.publishKey,
          'X-Hub-Batch-Id': randomUUID(),
        },
        body: JSON.stringify(body),
      });
    const payload = {
      albumId: ownAlbum,
      albumTagId: randomUUID(),
      oldStatus: 'Pending',
      newStatus: 'Syncing',
      message: 'm',
      timestamp: 'not the hub’s',
    };
    const integerEnum = await publish([
      { payload: { ...payload, newStatus: 1 }, target: 'AlbumTagStatusChanged' },
    ]);
    assert.equal(integerEnum.status, 400);
    assert.match(await integerEnum.text(), /Event 0 \(AlbumTagStatusChanged\): /);
    const noPayload = await publish([{ target: 'AlbumSyncStarted' }]);
    assert.equal(noPayload.status, 400);
    assert.match(await noPayload.text(), /Event 0 \(AlbumSyncStarted\): the payload is null/);
    assert.equal((await publish({ target: 'AlbumSyncStarted' })).status, 400);
    const reversed = await publish([
      { extra: [1, { nested: true }], payload, target: 'AlbumTagStatusChanged' },
    ]);
    assert.deepEqual(await reversed.json(), { sent: 1 });
    await eventually(() => received.length === 1);
    assert.equal(received[0]['albumTagId'], payload.albumTagId);
    assert.equal(received[0]['newStatus'], 'Syncing');
    assert.equal(received[0]['type'], 'tag_status_changed');
    assert.match(received[0]['timestamp'] as string, dotnetRoundTrip);
    await connection.stop();
  });

  it('runs with the runtime settings of its project file: no Dynamic PGO', async () => {
    const runtime = await fetch(`${stack.hub.url}/internal/runtime`, {
      headers: { 'X-Hub-Publish-Key': stack.secrets.publishKey },
    });
    assert.equal(runtime.status, 200);
    const settings = (await runtime.json()) as Record<string, unknown>;
    assert.equal(settings['tieredPgo'], 'false');
    assert.equal(typeof settings['serverGc'], 'boolean');
    assert.equal(
      (await fetch(`${stack.hub.url}/internal/runtime`)).status,
      401,
      'the key is wanted',
    );
  });

  it('when the REST API cannot answer, a join fails with the generic error, not a refusal', async () => {
    const connection = connect(HttpTransportType.WebSockets);
    await connection.start();
    await stack.backend.stop();
    await assert.rejects(connection.invoke('JoinAlbumGroup', ownAlbum), {
      message: "An unexpected error occurred invoking 'JoinAlbumGroup' on the server.",
    });
    await connection.stop();
  });

  it('logs no token, on either side', () => {
    assert.ok(stack.hub.output().includes('Now listening on'));
    assert.ok(!stack.hub.output().includes(token), 'the hub logged a token');
    assert.ok(!stack.backend.output().includes(token), 'the dev backend logged a token');
  });
});
