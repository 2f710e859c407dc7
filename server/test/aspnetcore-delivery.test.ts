/**
 * The ASP.NET Core hub's own delivery guarantees (issue 20): MessagePack clients get every
 * field JSON clients get, and a batch the publisher sends again (same batch id) is delivered
 * once. Needs `dotnet` (`npm run test:aspnetcore`).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { eventually, login, repoRoot, seedAlbumIds, users } from './helpers.ts';
import { spawnSync } from 'node:child_process';
import {
  hubAssembly,
  newSecrets,
  publishBatch,
  startAspNetCoreStack,
  type AspNetCoreStack,
} from '../tools/aspnetcore-hub.ts';
import type { PublishedEvent } from '../src/photoflow/hub-publisher.ts';

const album = seedAlbumIds['lan-minh'] as string;
const tag = '0a0a0a0a-0000-4000-8000-0000000000aa';

/** One of each of the eight events, as the dev backend publishes them (no type, no timestamp). */
const eightEvents = [
  {
    target: 'PhotoSyncProgress',
    payload: {
      albumId: album,
      albumTagId: tag,
      processedCount: 50,
      totalCount: 200,
      albumTagType: 'Raw',
      estimatedSecondsRemaining: 3,
    },
  },
  {
    target: 'PhotoSyncCompleted',
    payload: {
      albumId: album,
      albumTagId: tag,
      processedCount: 200,
      totalCount: 200,
      albumTagType: 'Raw',
      message: 'done',
    },
  },
  {
    target: 'AlbumStateChanged',
    payload: { albumId: album, oldState: 'Init', newState: 'Raw', message: 'moved' },
  },
  { target: 'AlbumTagCreated', payload: { albumId: album, albumTagId: tag, message: 'created' } },
  {
    target: 'AlbumTagStatusChanged',
    payload: {
      albumId: album,
      albumTagId: tag,
      oldStatus: 'Syncing',
      newStatus: 'Ready',
      message: 'ready',
    },
  },
  { target: 'AlbumSyncStarted', payload: { albumId: album, message: 'started' } },
  {
    target: 'AlbumSyncCompleted',
    payload: { albumId: album, albumTagId: tag, message: 'completed' },
  },
  { target: 'AlbumSyncError', payload: { albumId: album, message: 'failed' } },
];

describe('the ASP.NET Core hub delivers every field, once', () => {
  let stack: AspNetCoreStack;
  let token: string;
  const connections: HubConnection[] = [];

  const connect = async (messagePack: boolean) => {
    let builder = new HubConnectionBuilder()
      .withUrl(stack.hubUrl, {
        transport: HttpTransportType.WebSockets,
        accessTokenFactory: () => token,
      })
      .configureLogging(LogLevel.None);
    if (messagePack) builder = builder.withHubProtocol(new MessagePackHubProtocol());
    const connection = builder.build();
    connections.push(connection);
    const received: { target: string; payload: Record<string, unknown> }[] = [];
    for (const { target } of eightEvents) {
      connection.on(target, (payload: Record<string, unknown>) =>
        received.push({ target, payload }),
      );
    }
    await connection.start();
    await connection.invoke('JoinAlbumGroup', album);
    return received;
  };

  const publish = (events: readonly PublishedEvent[], batchId: string) =>
    publishBatch(stack.hub.url, stack.secrets, events, batchId);

  before(async () => {
    stack = await startAspNetCoreStack({ root: repoRoot });
    token = (await login(stack.backend.url, users.an)).accessToken;
  });

  after(async () => {
    await Promise.all(connections.map((connection) => connection.stop()));
    await stack?.close();
  });

  it('MessagePack clients get every field JSON clients get, over all eight events', async () => {
    const overJson = await connect(false);
    const overMessagePack = await connect(true);
    assert.equal((await publish(eightEvents, randomUUID())).status, 200);
    await eventually(() => overJson.length === 8 && overMessagePack.length === 8);
    assert.deepEqual(
      overJson.map((event) => event.target),
      eightEvents.map((event) => event.target),
    );
    for (const [index, json] of overJson.entries()) {
      const { type, timestamp, ...fields } = json.payload;
      assert.equal(typeof type, 'string', `${json.target} has its type`);
      assert.equal(typeof timestamp, 'string', `${json.target} has its timestamp`);
      assert.deepEqual(fields, eightEvents[index]?.payload);
      assert.deepEqual(overMessagePack[index], json, `${json.target} over MessagePack`);
    }
  });

  it('a batch sent again under the same id, during or after its first delivery, is delivered once', async () => {
    const received = await connect(false);
    const started = (n: number) => ({
      target: 'AlbumSyncStarted',
      payload: { albumId: album, message: `once ${n}` },
    });
    const batch = Array.from({ length: 200 }, (_, n) => started(n));
    const batchId = randomUUID();
    // The publisher's timeout fired while the first was still being sent, and it retried;
    // then once more after it was done.
    const [first, second] = await Promise.all([
      publish(batch, batchId),
      sleep(1).then(() => publish(batch, batchId)),
    ]);
    const third = await publish(batch, batchId);
    assert.deepEqual([first.status, second.status, third.status], [200, 200, 200]);
    await eventually(() => received.length >= 200);
    await sleep(500);
    assert.equal(received.filter((event) => event.target === 'AlbumSyncStarted').length, 200);
    assert.deepEqual(
      received.map((event) => event.payload['message']),
      batch.map((event) => event.payload.message),
    );
    // Another id is another batch.
    assert.equal((await publish([started(0)], randomUUID())).status, 200);
    await eventually(() => received.length === 201);
  });

  it("the hub's settings are options checked at start: every problem of them and of delivery named at once, and the hub does not start", () => {
    const started = spawnSync('dotnet', [hubAssembly(repoRoot), '--urls', 'http://127.0.0.1:0'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        JWT_SIGNING_KEY: 'c2hvcnQ', // base64url, 5 bytes
        JWT_ISSUER: '',
        JWT_AUDIENCE: 'photoflow',
        JWT_CLOCK_SKEW_SECONDS: '7200',
        PHOTOFLOW_API_URL: 'ftp://127.0.0.1:1',
        HUB_PUBLISH_KEY: 'short',
        CORS_ORIGINS: 'http://127.0.0.1:4200/path',
        HUB_INSTANCE: 'hub 1',
        HUB_PROGRESS_INTERVAL_MS: '5',
      },
    });
    assert.equal(started.status, 1, started.stdout + started.stderr);
    const lines = [
      'JWT_SIGNING_KEY must hold at least 32 bytes (got 5).',
      'JWT_ISSUER is required.',
      'JWT_CLOCK_SKEW_SECONDS must be a whole number from 0 to 3600 (got 7200).',
      'PHOTOFLOW_API_URL must be an http(s) URL (got "ftp://127.0.0.1:1").',
      'HUB_PUBLISH_KEY must be at least 16 characters long.',
      'CORS_ORIGINS holds "http://127.0.0.1:4200/path", which is not an origin (scheme://host[:port]).',
      "HUB_INSTANCE must hold letters, digits, '-' and '_' only (got \"hub 1\").",
      // Delivery's problems in the same message: one start names every problem.
      'HUB_PROGRESS_INTERVAL_MS must be from 20 to 5000 (got 5).',
    ];
    assert.equal(
      started.stderr.trim(),
      ['Invalid configuration:', ...lines.map((line) => `  ${line}`)].join('\n'),
    );
    // A value the binder cannot read is named with its key, not a stack trace.
    const unreadable = spawnSync(
      'dotnet',
      [hubAssembly(repoRoot), '--urls', 'http://127.0.0.1:0'],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, JWT_CLOCK_SKEW_SECONDS: 'soon' },
      },
    );
    assert.equal(unreadable.status, 1, unreadable.stdout + unreadable.stderr);
    assert.match(unreadable.stderr, /^Invalid configuration:\n/);
    assert.match(unreadable.stderr, /'soon' at 'JWT_CLOCK_SKEW_SECONDS'/);
    assert.doesNotMatch(unreadable.stderr, /\n\s+at /, 'no stack trace');
  });

  it('delivery settings are checked at start: out of range, the hub names each and does not start', () => {
    const secrets = newSecrets();
    const started = spawnSync('dotnet', [hubAssembly(repoRoot), '--urls', 'http://127.0.0.1:0'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        JWT_SIGNING_KEY: secrets.signingKey,
        JWT_ISSUER: secrets.issuer,
        JWT_AUDIENCE: secrets.audience,
        PHOTOFLOW_API_URL: 'http://127.0.0.1:1',
        HUB_PUBLISH_KEY: secrets.publishKey,
        HUB_PROGRESS_INTERVAL_MS: '5',
        HUB_MAX_QUEUED_PER_MEMBER: '1',
      },
    });
    assert.equal(started.status, 1, started.stdout + started.stderr);
    assert.match(started.stderr, /Invalid configuration/);
    assert.match(started.stderr, /HUB_PROGRESS_INTERVAL_MS must be from 20 to 5000 \(got 5\)/);
    assert.match(started.stderr, /HUB_MAX_QUEUED_PER_MEMBER must be from 100 to 1000000 \(got 1\)/);
  });
});
