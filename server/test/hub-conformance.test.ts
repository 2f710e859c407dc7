/**
 * The PhotoFlow hub driven by the OFFICIAL @microsoft/signalr client, over each
 * transport, against the real backend (CONTRACT §4).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import {
  call,
  eventually,
  login,
  seedAlbumIds,
  seedDriveFolderIds,
  startBackend,
  users,
  type TestBackend,
} from './helpers.ts';

const targets = [
  'PhotoSyncProgress',
  'PhotoSyncCompleted',
  'AlbumStateChanged',
  'AlbumTagCreated',
  'AlbumTagStatusChanged',
  'AlbumSyncStarted',
  'AlbumSyncCompleted',
  'AlbumSyncError',
] as const;

interface Received {
  readonly target: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON checked field by field
  readonly payload: any;
}

interface Client {
  readonly connection: HubConnection;
  readonly received: Received[];
}

const transports = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
] as const;

/** `Target` or `Target:old>new`, progress runs folded to `PhotoSyncProgress×n`. */
function outline(events: readonly Received[]): string[] {
  const lines: string[] = [];
  for (const { target, payload } of events) {
    if (target === 'PhotoSyncProgress') {
      const last = lines.at(-1);
      if (last?.startsWith('PhotoSyncProgress×')) {
        lines[lines.length - 1] = `PhotoSyncProgress×${Number(last.split('×')[1]) + 1}`;
      } else {
        lines.push('PhotoSyncProgress×1');
      }
      continue;
    }
    if (target === 'AlbumTagStatusChanged')
      lines.push(`${target}:${payload.oldStatus}>${payload.newStatus}`);
    else if (target === 'AlbumStateChanged')
      lines.push(`${target}:${payload.oldState}>${payload.newState}`);
    else lines.push(target);
  }
  return lines;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the ASP.NET Core hub answers (HubException, detailed errors off). */
const albumNotFound =
  "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";

for (const [name, transport] of transports) {
  describe(`the notification hub over ${name} (official client)`, () => {
    let backend: TestBackend;
    let chi: string;
    let binh: string;
    const clients: HubConnection[] = [];

    before(async () => {
      backend = await startBackend({ syncPhotosPerSecond: 5000 });
      chi = (await login(backend.url, users.chi)).accessToken;
      binh = (await login(backend.url, users.binh)).accessToken;
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((connection) => connection.stop()));
    });
    after(() => backend.close());

    async function connect(token: string | undefined, reconnect = false): Promise<Client> {
      let builder = new HubConnectionBuilder()
        .withUrl(`${backend.url}/hubs/notification`, {
          transport,
          ...(token === undefined ? {} : { accessTokenFactory: () => token }),
        })
        .configureLogging(LogLevel.None);
      if (reconnect) builder = builder.withAutomaticReconnect([0, 100, 200, 500]);
      const connection = builder.build();
      const received: Received[] = [];
      for (const target of targets) {
        connection.on(target, (payload: unknown) => received.push({ target, payload }));
      }
      connection.on('DevMarker', (payload: unknown) =>
        received.push({ target: 'DevMarker', payload }),
      );
      clients.push(connection);
      await connection.start();
      return { connection, received };
    }

    const emit = (albumId: string, target: string, args: unknown[]) =>
      call(backend.url, 'POST', '/api/dev/hub/emit', {
        body: { albumId, target, arguments: args },
      });

    it('connects with a token', async () => {
      const { connection } = await connect(chi);
      assert.equal(connection.state, HubConnectionState.Connected);
      assert.ok(connection.connectionId);
      assert.equal(backend.hub.connectionCount(), 1);
    });

    it('GET /api/dev/hub/stats counts live connections and the members of each group', async () => {
      const albumId = seedAlbumIds['lan-minh']!;
      const stats = async () => {
        const { status, body } = await call(backend.url, 'GET', '/api/dev/hub/stats');
        assert.equal(status, 200);
        assert.ok(body.memory.rssBytes > 0 && body.memory.heapUsedBytes > 0);
        return { connections: body.connections, groups: body.groups };
      };
      assert.deepEqual(await stats(), { connections: 0, groups: {} });
      const first = await connect(chi);
      const second = await connect(chi);
      await first.connection.invoke('JoinAlbumGroup', albumId);
      await second.connection.invoke('JoinAlbumGroup', albumId);
      await second.connection.invoke('JoinAlbumGroup', seedAlbumIds['food']!);
      assert.deepEqual(await stats(), {
        connections: 2,
        groups: { [`album_${albumId}`]: 2, [`album_${seedAlbumIds['food']}`]: 1 },
      });
      await second.connection.stop();
      // The server hears of a stopped SSE or Long Polling client a moment later.
      const left = JSON.stringify({ connections: 1, groups: { [`album_${albumId}`]: 1 } });
      await eventually(async () => JSON.stringify(await stats()) === left, 5_000, left);
    });

    it('refuses to negotiate without a valid token (401)', async () => {
      const negotiate = await fetch(
        `${backend.url}/hubs/notification/negotiate?negotiateVersion=1`,
        { method: 'POST' },
      );
      assert.equal(negotiate.status, 401);
      await assert.rejects(connect(undefined), /401/);
      await assert.rejects(connect('not-a-token'), /401/);
      assert.equal(backend.hub.connectionCount(), 0);
    });

    it('delivers the whole sync and the state change, in the contracted order, to members only', async () => {
      const created = await call(backend.url, 'POST', '/api/v1/albums', {
        token: chi,
        body: {
          name: `Hub ${name}`,
          rawFolderUrl: `https://drive.google.com/drive/folders/${seedDriveFolderIds['quick-shoot']}`,
        },
      });
      const albumId: string = created.body.id;
      const member = await connect(chi);
      await member.connection.invoke('JoinAlbumGroup', albumId);
      const outsider = await connect(binh);
      await assert.rejects(outsider.connection.invoke('JoinAlbumGroup', albumId), {
        message: albumNotFound,
      });
      const bystander = await connect(chi); // same organization, not in the group

      const fired = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
        token: chi,
        body: { trigger: 'SyncRawTag' },
      });
      assert.equal(fired.status, 202);
      await eventually(
        () => member.received.some((event) => event.target === 'AlbumStateChanged'),
        15_000,
        'AlbumStateChanged',
      );
      assert.deepEqual(outline(member.received), [
        'AlbumSyncStarted',
        'AlbumTagStatusChanged:Pending>Syncing',
        'PhotoSyncProgress×2',
        'PhotoSyncCompleted',
        'AlbumTagStatusChanged:Syncing>Ready',
        'AlbumSyncCompleted',
        'AlbumStateChanged:Init>Raw',
      ]);
      const rawTagId = created.body.tags[0].id;
      const progress = member.received
        .filter((event) => event.target === 'PhotoSyncProgress')
        .map((event) => event.payload);
      assert.deepEqual(
        progress.map((payload) => payload.processedCount),
        [50, 60],
      );
      for (const payload of progress) {
        assert.equal(payload.type, 'photo_sync_progress');
        assert.equal(payload.albumId, albumId);
        assert.equal(payload.albumTagId, rawTagId);
        assert.equal(payload.totalCount, 60);
        assert.equal(payload.albumTagType, 'Raw');
        assert.match(payload.timestamp, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      }
      const completed = member.received.find(
        (event) => event.target === 'AlbumSyncCompleted',
      )!.payload;
      assert.equal(completed.albumTagId, rawTagId);
      assert.equal(completed.type, 'sync_completed');
      const stateChanged = member.received.at(-1)!.payload;
      assert.deepEqual(
        {
          type: stateChanged.type,
          albumId: stateChanged.albumId,
          oldState: stateChanged.oldState,
          newState: stateChanged.newState,
        },
        { type: 'album_state_changed', albumId, oldState: 'Init', newState: 'Raw' },
      );
      await pause(100);
      assert.deepEqual(outsider.received, [], 'another organization receives nothing');
      assert.deepEqual(bystander.received, [], 'a connection outside the group receives nothing');
    });

    it("refuses a join of another organization's album, an unknown one or a malformed id, with ASP.NET Core's texts", async () => {
      const { connection, received } = await connect(chi);
      const binhAlbum = seedAlbumIds['dalat']!;
      for (const albumId of [binhAlbum, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        await assert.rejects(connection.invoke('JoinAlbumGroup', albumId), {
          message: albumNotFound,
        });
      }
      // JoinAlbumGroup(string albumId): a number or a missing argument does not bind.
      for (const args of [[42], [], ['a', 'b']]) {
        await assert.rejects(connection.invoke('JoinAlbumGroup', ...args), {
          message: "Failed to invoke 'JoinAlbumGroup' due to an error on the server.",
        });
      }
      assert.equal(await connection.invoke('LeaveAlbumGroup', binhAlbum), null);
      assert.equal(backend.hub.groupSize(`album_${binhAlbum}`), 0);
      assert.equal(
        connection.state,
        HubConnectionState.Connected,
        'a refused join keeps the connection',
      );
      await emit(binhAlbum, 'AlbumSyncStarted', [{ type: 'sync_started', albumId: binhAlbum }]);
      await pause(100);
      assert.deepEqual(received, []);
    });

    it('leave stops delivery', async () => {
      const client = await connect(chi);
      const albumA = seedAlbumIds['tet']!;
      const albumB = seedAlbumIds['hoa']!;
      await client.connection.invoke('JoinAlbumGroup', albumA);
      await client.connection.invoke('JoinAlbumGroup', albumB);
      await emit(albumA, 'AlbumSyncStarted', [
        {
          type: 'sync_started',
          albumId: albumA,
          message: 'one',
          timestamp: new Date().toISOString(),
        },
      ]);
      await eventually(() => client.received.length === 1, 5000, 'the first event');
      await client.connection.invoke('LeaveAlbumGroup', albumA);
      await emit(albumA, 'AlbumSyncStarted', [
        {
          type: 'sync_started',
          albumId: albumA,
          message: 'two',
          timestamp: new Date().toISOString(),
        },
      ]);
      // A marker sent afterwards to a group it is still in: once it arrives, "two" would have.
      await emit(albumB, 'DevMarker', ['marker']);
      await eventually(
        () => client.received.some((event) => event.target === 'DevMarker'),
        5000,
        'the marker',
      );
      assert.deepEqual(
        client.received.map((event) => event.payload.message ?? event.payload),
        ['one', 'marker'],
      );
    });

    it('the flood tool sends PhotoSyncProgress at a set rate, rising per tag', async () => {
      const client = await connect(chi);
      const albumId = seedAlbumIds['hoa']!;
      await client.connection.invoke('JoinAlbumGroup', albumId);
      const flood = await call(backend.url, 'POST', '/api/dev/hub/flood', {
        body: { albumId, tags: 4, eventsPerSecond: 400, durationMs: 250 },
      });
      assert.equal(flood.status, 202);
      assert.equal(flood.body.totalEvents, 100);
      await eventually(() => client.received.length === 100, 10_000, '100 flood events');
      const perTag = new Map<string, number[]>();
      for (const { target, payload } of client.received) {
        assert.equal(target, 'PhotoSyncProgress');
        assert.equal(payload.albumId, albumId);
        perTag.set(payload.albumTagId, [
          ...(perTag.get(payload.albumTagId) ?? []),
          payload.processedCount,
        ]);
      }
      assert.deepEqual([...perTag.keys()].sort(), [...flood.body.albumTagIds].sort());
      for (const counts of perTag.values()) {
        assert.deepEqual(
          counts,
          counts.map((_, index) => index + 1),
        );
      }
      const last = new Map(client.received.map(({ payload }) => [payload.albumTagId, payload]));
      for (const payload of last.values()) {
        assert.equal(payload.processedCount, payload.totalCount, 'each tag ends complete');
      }
    });

    it('the published flood takes the coalescing a sync takes: a few events per tag, each tag ending exact', async () => {
      const client = await connect(chi);
      const albumId = seedAlbumIds['hoa']!;
      await client.connection.invoke('JoinAlbumGroup', albumId);
      const flood = await call(backend.url, 'POST', '/api/dev/hub/flood', {
        body: { albumId, tags: 4, eventsPerSecond: 4_000, durationMs: 500, path: 'published' },
      });
      assert.equal(flood.status, 202);
      assert.equal(flood.body.totalEvents, 2_000);
      assert.ok(Math.abs(flood.body.startedAt - Date.now()) < 5_000, 'startedAt is Date.now()');
      const last = () =>
        new Map(client.received.map(({ payload }) => [payload.albumTagId, payload.processedCount]));
      await eventually(
        () => [...last().values()].filter((count) => count === 500).length === 4,
        10_000,
        'every tag at its last count, 500',
      );
      // 200 ms apart per tag over 0.5 s: about four a tag, never the 500 sent.
      assert.ok(
        client.received.length <= 4 * 5,
        `${client.received.length} events reached the client`,
      );
      const refused = await call(backend.url, 'POST', '/api/dev/hub/flood', {
        body: { albumId, tags: 4, eventsPerSecond: 10, durationMs: 10, path: 'sideways' },
      });
      assert.equal(refused.status, 400);
    });

    it("the flood's stats give each tick's fan-out time to every member of the group", async () => {
      const albumId = seedAlbumIds['tet']!;
      const members = await Promise.all([connect(chi), connect(chi), connect(chi)]);
      for (const { connection } of members) await connection.invoke('JoinAlbumGroup', albumId);
      const flood = await call(backend.url, 'POST', '/api/dev/hub/flood', {
        body: { albumId, tags: 2, eventsPerSecond: 500, durationMs: 200 },
      });
      assert.equal(flood.status, 202);
      await eventually(
        () => members.every(({ received }) => received.length === 100),
        10_000,
        'every member to receive the 100 flood events',
      );
      const stats = await call(backend.url, 'GET', '/api/dev/hub/flood/stats');
      assert.equal(stats.status, 200);
      assert.equal(stats.body.albumId, albumId, 'the most recent flood');
      assert.equal(stats.body.complete, true);
      assert.equal(stats.body.events, 100);
      assert.equal(stats.body.recipients, members.length);
      assert.equal(stats.body.minRecipients, members.length);
      // A 200 ms flood at one tick per 10 ms: about 20 ticks, each one timed.
      assert.ok(stats.body.ticks > 0 && stats.body.ticks <= 100, `ticks ${stats.body.ticks}`);
      const { p50, p99, max } = stats.body.fanoutMs;
      for (const ms of [p50, p99, max]) assert.ok(Number.isFinite(ms) && ms >= 0, `${ms} ms`);
      assert.ok(p50 <= p99 && p99 <= max, `p50 ${p50} ≤ p99 ${p99} ≤ max ${max}`);
      assert.ok(max < 1000, `a tick to 3 members took ${max} ms`);
    });

    it('disconnect-all drops the connection; a withAutomaticReconnect client reconnects and can rejoin', async () => {
      const client = await connect(chi, true);
      const albumId = seedAlbumIds['tet']!;
      await client.connection.invoke('JoinAlbumGroup', albumId);
      const firstId = client.connection.connectionId;
      let reconnecting = 0;
      let reconnectedId: string | undefined;
      client.connection.onreconnecting(() => void reconnecting++);
      client.connection.onreconnected((id) => void (reconnectedId = id));
      const dropped = await call(backend.url, 'POST', '/api/dev/hub/disconnect-all');
      assert.equal(dropped.status, 204);
      await eventually(() => reconnectedId !== undefined, 15_000, 'the reconnect');
      assert.equal(reconnecting, 1);
      assert.notEqual(reconnectedId, firstId, 'a new connection id');
      assert.equal(client.connection.state, HubConnectionState.Connected);
      // Membership does not survive a reconnect: the client joins again.
      assert.equal(backend.hub.groupSize(`album_${albumId}`), 0);
      await client.connection.invoke('JoinAlbumGroup', albumId);
      await emit(albumId, 'AlbumSyncStarted', [
        { type: 'sync_started', albumId, message: 'after', timestamp: new Date().toISOString() },
      ]);
      await eventually(
        () => client.received.some((event) => event.payload.message === 'after'),
        5000,
        'an event after the reconnect',
      );
    });
  });
}
