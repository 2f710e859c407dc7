import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  AlbumEvent,
  AlbumSyncCompleted,
  AlbumTagCreated,
  PhotoSyncProgress,
} from '../src/photoflow/events.ts';
import {
  call,
  eventually,
  login,
  recordEvents,
  seedAlbumIds,
  startBackend,
  users,
  waitForSyncEnd,
  type TestBackend,
} from './helpers.ts';
import type { AlbumTag } from '../src/photoflow/model.ts';

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The contracted field set of each event (CONTRACT §4). */
const fields: Record<string, { type: string; keys: string[]; optional?: string[] }> = {
  PhotoSyncProgress: {
    type: 'photo_sync_progress',
    keys: ['albumId', 'albumTagId', 'processedCount', 'totalCount', 'albumTagType', 'timestamp'],
    optional: ['estimatedSecondsRemaining'],
  },
  PhotoSyncCompleted: {
    type: 'photo_sync_completed',
    keys: [
      'albumId',
      'albumTagId',
      'processedCount',
      'totalCount',
      'albumTagType',
      'message',
      'timestamp',
    ],
  },
  AlbumStateChanged: {
    type: 'album_state_changed',
    keys: ['albumId', 'oldState', 'newState', 'message', 'timestamp'],
  },
  AlbumTagCreated: {
    type: 'album_tag_created',
    keys: ['albumId', 'albumTagId', 'message', 'timestamp'],
  },
  AlbumTagStatusChanged: {
    type: 'tag_status_changed',
    keys: ['albumId', 'albumTagId', 'oldStatus', 'newStatus', 'message', 'timestamp'],
  },
  AlbumSyncStarted: { type: 'sync_started', keys: ['albumId', 'message', 'timestamp'] },
  AlbumSyncCompleted: {
    type: 'sync_completed',
    keys: ['albumId', 'message', 'timestamp'],
    optional: ['albumTagId'],
  },
  AlbumSyncError: { type: 'sync_error', keys: ['albumId', 'message', 'timestamp'] },
};

function assertShape(event: AlbumEvent): void {
  const spec = fields[event.target];
  assert.ok(spec, `unknown target ${event.target}`);
  const payload = event.payload as unknown as Record<string, unknown>;
  assert.equal(payload['type'], spec.type);
  const keys = Object.keys(payload)
    .filter((key) => key !== 'type')
    .sort();
  const allowed = [...spec.keys, ...(spec.optional ?? [])];
  for (const key of spec.keys) assert.ok(keys.includes(key), `${event.target} lacks ${key}`);
  for (const key of keys) assert.ok(allowed.includes(key), `${event.target} has unexpected ${key}`);
  assert.match(String(payload['timestamp']), iso);
}

/** Summarizes events as `Target` or `Target:old>new`, progress runs folded to `Progress×n`. */
function outline(events: readonly AlbumEvent[]): string[] {
  const lines: string[] = [];
  for (const event of events) {
    const p = event.payload as unknown as Record<string, unknown>;
    let line: string = event.target;
    if (event.target === 'AlbumTagStatusChanged') line += `:${p['oldStatus']}>${p['newStatus']}`;
    if (event.target === 'AlbumStateChanged') line += `:${p['oldState']}>${p['newState']}`;
    if (event.target === 'PhotoSyncProgress') {
      const last = lines.at(-1);
      if (last?.startsWith('PhotoSyncProgress')) {
        lines[lines.length - 1] = `PhotoSyncProgress×${Number(last.split('×')[1]) + 1}`;
        continue;
      }
      line = 'PhotoSyncProgress×1';
    }
    lines.push(line);
  }
  return lines;
}

describe('the sync engine and its events (CONTRACT §4)', () => {
  let backend: TestBackend;
  let token: string;

  before(async () => {
    backend = await startBackend({ syncPhotosPerSecond: 20_000 });
    token = (await login(backend.url, users.chi)).accessToken;
  });
  after(() => backend.close());

  const getAlbum = async (albumId: string) =>
    (await call(backend.url, 'GET', `/api/v1/albums/${albumId}`, { token })).body;

  it('SyncRawTag: the whole sync in batches of 50, then the state change', async () => {
    const albumId = seedAlbumIds['lan-minh']!;
    const recorder = recordEvents(backend, albumId);
    const fired = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncRawTag' },
    });
    assert.equal(fired.status, 202);
    assert.equal(fired.body.state, 'Init');
    const rawTag = fired.body.tags[0];
    assert.equal(rawTag.status, 'Syncing');
    assert.deepEqual(
      { ...fired.body.sync, startedAt: undefined },
      {
        albumTagId: rawTag.id,
        processedCount: 0,
        totalCount: 2400,
        startedAt: undefined,
      },
    );
    await eventually(
      () => recorder.events.some((event) => event.target === 'AlbumStateChanged'),
      20_000,
    );
    recorder.stop();
    const { events } = recorder;
    events.forEach(assertShape);
    assert.deepEqual(outline(events), [
      'AlbumSyncStarted',
      'AlbumTagStatusChanged:Pending>Syncing',
      'PhotoSyncProgress×48',
      'PhotoSyncCompleted',
      'AlbumTagStatusChanged:Syncing>Ready',
      'AlbumSyncCompleted',
      'AlbumStateChanged:Init>Raw',
    ]);
    const progress = events
      .filter((event) => event.target === 'PhotoSyncProgress')
      .map((event) => event.payload as PhotoSyncProgress);
    progress.forEach((payload, index) => {
      assert.equal(payload.processedCount, Math.min(2400, (index + 1) * 50));
      assert.equal(payload.totalCount, 2400);
      assert.equal(payload.albumTagId, rawTag.id);
      assert.equal(payload.albumTagType, 'Raw');
      assert.equal(typeof payload.estimatedSecondsRemaining, 'number');
    });
    assert.equal(progress.at(-1)?.estimatedSecondsRemaining, 0);
    const completed = events.find((event) => event.target === 'AlbumSyncCompleted')!
      .payload as AlbumSyncCompleted;
    assert.equal(completed.albumTagId, rawTag.id);
    const album = await getAlbum(albumId);
    assert.equal(album.state, 'Raw');
    assert.equal(album.sync, null);
    assert.equal(album.photoCount, 2400);
    assert.equal(album.tags[0].status, 'Ready');
  });

  it('a trigger that creates a tag sends AlbumTagCreated before that tag’s sync', async () => {
    const albumId = seedAlbumIds['hoa']!;
    const recorder = recordEvents(backend, albumId);
    const fired = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncStockTag' },
    });
    assert.equal(fired.status, 202);
    await waitForSyncEnd(backend.url, token, albumId);
    recorder.stop();
    assert.deepEqual(outline(recorder.events), [
      'AlbumTagCreated',
      'AlbumSyncStarted',
      'AlbumTagStatusChanged:Pending>Syncing',
      'PhotoSyncProgress×4',
      'PhotoSyncCompleted',
      'AlbumTagStatusChanged:Syncing>Ready',
      'AlbumSyncCompleted',
      'AlbumStateChanged:Raw>Stock',
    ]);
    const created = recorder.events[0]!.payload as AlbumTagCreated;
    const stock = (await getAlbum(albumId)).tags.find((tag: AlbumTag) => tag.type === 'Stock');
    assert.equal(created.albumTagId, stock.id);
    assert.equal(stock.photoCount, 180);
  });

  it('Rate (no sync): AlbumTagCreated, then AlbumStateChanged; ConfirmRate: the Rate sync, the Retouch tag, the state', async () => {
    const albumId = seedAlbumIds['food']!;
    const recorder = recordEvents(backend, albumId);
    const rated = await call(backend.url, 'POST', `/api/dev/albums/${albumId}/client`, {
      body: { trigger: 'Rate' },
    });
    assert.equal(rated.status, 200);
    assert.equal(rated.body.state, 'Rate');
    assert.deepEqual(outline(recorder.events), ['AlbumTagCreated', 'AlbumStateChanged:Stock>Rate']);
    recorder.events.length = 0;
    const confirmed = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'ConfirmRate' },
    });
    assert.equal(confirmed.status, 202);
    await waitForSyncEnd(backend.url, token, albumId);
    recorder.stop();
    assert.deepEqual(outline(recorder.events), [
      'AlbumSyncStarted',
      'AlbumTagStatusChanged:Ready>Syncing',
      'PhotoSyncProgress×1',
      'PhotoSyncCompleted',
      'AlbumTagStatusChanged:Syncing>Ready',
      'AlbumSyncCompleted',
      'AlbumTagCreated',
      'AlbumStateChanged:Rate>Retouch',
    ]);
    const album = await getAlbum(albumId);
    const rate = album.tags.find((tag: AlbumTag) => tag.type === 'Rate');
    assert.equal(
      (recorder.events[2]!.payload as PhotoSyncProgress).albumTagId,
      rate.id,
      'progress on the Rate tag',
    );
    const retouch = album.tags.find((tag: AlbumTag) => tag.type === 'Retouch');
    assert.deepEqual(
      { status: retouch.status, link: retouch.link },
      { status: 'Pending', link: null },
    );
  });

  it('a failure (failAtPhoto) marks the tag Failed, sends AlbumSyncError and keeps the state', async () => {
    const created = await call(backend.url, 'POST', '/api/v1/albums', {
      token,
      body: {
        name: 'Will fail',
        rawFolderUrl: `https://drive.google.com/drive/folders/${(await driveFolder('Lan & Minh Wedding / Raw')).id}`,
      },
    });
    const albumId = created.body.id;
    const recorder = recordEvents(backend, albumId);
    const fired = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncRawTag', failAtPhoto: 120 },
    });
    assert.equal(fired.status, 202);
    await eventually(() => recorder.events.some((event) => event.target === 'AlbumSyncError'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    recorder.stop();
    recorder.events.forEach(assertShape);
    assert.deepEqual(outline(recorder.events), [
      'AlbumSyncStarted',
      'AlbumTagStatusChanged:Pending>Syncing',
      'PhotoSyncProgress×3',
      'AlbumTagStatusChanged:Syncing>Failed',
      'AlbumSyncError',
    ]);
    const album = await getAlbum(albumId);
    assert.equal(album.state, 'Init');
    assert.equal(album.sync, null);
    assert.equal(album.tags[0].status, 'Failed');
    assert.equal(album.photoCount, 120);
    // A failed sync can be fired again; it picks up what is missing.
    const retry = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncRawTag' },
    });
    assert.equal(retry.status, 202);
    const done = await waitForSyncEnd(backend.url, token, albumId);
    assert.equal(done.state, 'Raw');
    assert.equal(done.photoCount, 2400);
  });

  async function driveFolder(name: string) {
    const folders = await call(backend.url, 'GET', '/api/dev/drive/folders');
    return folders.body.find((folder: { name: string }) => folder.name === name);
  }

  it('one sync per album: while it runs the album shows it and refuses another (409 ALBUM_102A)', async () => {
    const created = await call(backend.url, 'POST', '/api/v1/albums', {
      token,
      body: { name: 'Slow', rawFolderUrl: (await driveFolder('Lan & Minh Wedding / Raw')).url },
    });
    const albumId = created.body.id;
    const rawTag = created.body.tags[0];
    const fired = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncRawTag', photosPerSecond: 500 },
    });
    assert.equal(fired.status, 202);
    const list = await call(backend.url, 'GET', '/api/v1/albums?search=Slow', { token });
    assert.equal(list.body.items[0].syncing, true);
    const photosNow = async () =>
      (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${rawTag.id}/photos?pageSize=1`,
          { token },
        )
      ).body.totalCount;
    const firstCount = await eventually(async () => (await photosNow()) > 0 && (await photosNow()));
    const later = await eventually(async () => {
      const count = await photosNow();
      return count > firstCount ? count : undefined;
    });
    assert.ok(later < 2400, 'the photo list grows during the sync');
    const detail = await getAlbum(albumId);
    assert.equal(detail.sync.albumTagId, rawTag.id);
    assert.ok(detail.sync.processedCount >= firstCount && detail.sync.processedCount < 2400);
    assert.match(detail.sync.startedAt, iso);

    const again = await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/state`, {
      token,
      body: { trigger: 'SyncRawTag' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'ALBUM_102A');
    const resync = await call(
      backend.url,
      'POST',
      `/api/v1/storage/folders/${rawTag.folderId}/sync`,
      { token },
    );
    assert.equal(resync.status, 409);
    const relink = await call(
      backend.url,
      'PUT',
      `/api/v1/albums/${albumId}/tags/${rawTag.id}/url`,
      {
        token,
        body: { url: (await driveFolder('Small Set (12 photos)')).url },
      },
    );
    assert.equal(relink.status, 409);
    const remove = await call(backend.url, 'DELETE', `/api/v1/albums/${albumId}`, { token });
    assert.equal(remove.status, 409);
    const transitions = await call(backend.url, 'GET', `/api/v1/albums/${albumId}/transitions`, {
      token,
    });
    assert.equal(transitions.body[0].canExecute, false);
    assert.match(transitions.body[0].reason, /sync/i);

    // Reset stops it.
    assert.equal((await call(backend.url, 'POST', '/api/dev/reset')).status, 204);
    assert.equal((await getAlbum(albumId)).status, 404);
  });

  it('a folder sync re-syncs one tag with the events of §4 and no state change', async () => {
    const albumId = seedAlbumIds['hoa']!;
    const raw = (await getAlbum(albumId)).tags[0];
    const recorder = recordEvents(backend, albumId);
    const response = await call(
      backend.url,
      'POST',
      `/api/v1/storage/folders/${raw.folderId}/sync`,
      {
        token,
        body: { photosPerSecond: 100_000 },
      },
    );
    assert.equal(response.status, 202);
    assert.equal(response.body.id, raw.id);
    assert.equal(response.body.status, 'Syncing');
    await waitForSyncEnd(backend.url, token, albumId);
    recorder.stop();
    assert.deepEqual(outline(recorder.events), [
      'AlbumSyncStarted',
      'AlbumTagStatusChanged:Ready>Syncing',
      'PhotoSyncProgress×4',
      'PhotoSyncCompleted',
      'AlbumTagStatusChanged:Syncing>Ready',
      'AlbumSyncCompleted',
    ]);
    const album = await getAlbum(albumId);
    assert.equal(album.state, 'Raw');
    assert.equal(album.photoCount, 180, 'no duplicates');
  });

  it('paces a sync by photosPerSecond, with a matching estimate', async () => {
    const albumId = seedAlbumIds['hoa']!;
    const raw = (await getAlbum(albumId)).tags[0];
    const recorder = recordEvents(backend, albumId);
    const started = Date.now();
    await call(backend.url, 'POST', `/api/v1/storage/folders/${raw.folderId}/sync`, {
      token,
      body: { photosPerSecond: 500 },
    });
    await waitForSyncEnd(backend.url, token, albumId);
    const elapsed = Date.now() - started;
    recorder.stop();
    assert.ok(elapsed >= 300 && elapsed < 3000, `180 photos at 500/s took ${elapsed} ms`);
    const first = recorder.events.find((event) => event.target === 'PhotoSyncProgress')!
      .payload as PhotoSyncProgress;
    assert.equal(first.processedCount, 50);
    assert.equal(first.estimatedSecondsRemaining, 1); // 130 photos left at 500/s
  });
});
