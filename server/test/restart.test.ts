import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  call,
  eventually,
  login,
  seedAlbumIds,
  startBackendProcess,
  users,
  type BackendProcess,
} from './helpers.ts';

describe('restart (the backend as a child process)', () => {
  const started: BackendProcess[] = [];
  let dataDir: string | undefined;
  after(async () => {
    for (const backend of started) await backend.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<BackendProcess> {
    dataDir ??= await mkdtemp(join(tmpdir(), 'photoflow-restart-'));
    const backend = await startBackendProcess({ dataDir, env: { SYNC_PHOTOS_PER_SECOND: '5000' } });
    started.push(backend);
    return backend;
  }

  /** Starts a slow sync and waits until some photos are in. */
  async function startSlowSync(url: string, token: string, albumId: string, trigger?: string) {
    const album = (await call(url, 'GET', `/api/v1/albums/${albumId}`, { token })).body;
    const response = trigger
      ? await call(url, 'PUT', `/api/v1/albums/${albumId}/state`, {
          token,
          body: { trigger, photosPerSecond: 100 },
        })
      : await call(url, 'POST', `/api/v1/storage/folders/${album.tags[0].folderId}/sync`, {
          token,
          body: { photosPerSecond: 100 },
        });
    assert.equal(response.status, 202);
    await eventually(async () => {
      const now = (await call(url, 'GET', `/api/v1/albums/${albumId}`, { token })).body;
      return now.sync && now.sync.processedCount > 0;
    });
    return album;
  }

  it('keeps data and sessions, and marks a sync the stop interrupted as failed', async () => {
    const first = await start();
    const tokens = await login(first.url, users.chi);
    const created = await call(first.url, 'POST', '/api/v1/albums', {
      token: tokens.accessToken,
      body: {
        name: 'Survives restarts',
        rawFolderUrl: (await call(first.url, 'GET', '/api/dev/drive/folders')).body[0].url,
      },
    });
    assert.equal(created.status, 201);
    const lanMinh = seedAlbumIds['lan-minh']!;
    await startSlowSync(first.url, tokens.accessToken, lanMinh, 'SyncRawTag');
    assert.equal(await first.stop('SIGTERM'), 0, 'a graceful stop exits 0');
    assert.match(first.output(), /SIGTERM: stopping/);

    const second = await start();
    assert.match(second.output(), /1 sync\(s\) interrupted by the last stop were marked failed/);
    // The access token issued before the restart still works (the signing key was kept).
    const read = await call(second.url, 'GET', `/api/v1/albums/${created.body.id}`, {
      token: tokens.accessToken,
    });
    assert.equal(read.status, 200);
    assert.equal(read.body.name, 'Survives restarts');
    const interrupted = (
      await call(second.url, 'GET', `/api/v1/albums/${lanMinh}`, { token: tokens.accessToken })
    ).body;
    assert.equal(interrupted.state, 'Init', 'state unchanged');
    assert.equal(interrupted.sync, null);
    assert.equal(interrupted.tags[0].status, 'Failed');
    assert.ok(
      interrupted.photoCount > 0 && interrupted.photoCount < 2400,
      'photos synced before the stop are kept',
    );
    const list = (
      await call(second.url, 'GET', `/api/v1/albums?search=Lan`, { token: tokens.accessToken })
    ).body;
    assert.equal(list.items[0].syncing, false);
    // So does the refresh token (single-use, even across the restart).
    const refreshed = await call(second.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    assert.equal(refreshed.status, 200);

    // A crash (SIGKILL) in the middle of a folder sync.
    const hoa = seedAlbumIds['hoa']!;
    await startSlowSync(second.url, refreshed.body.accessToken, hoa);
    await second.stop('SIGKILL');

    const third = await start();
    const token = refreshed.body.accessToken;
    const afterCrash = (await call(third.url, 'GET', `/api/v1/albums/${hoa}`, { token })).body;
    assert.equal(afterCrash.state, 'Raw');
    assert.equal(afterCrash.sync, null);
    assert.equal(afterCrash.tags[0].status, 'Failed');
    const reused = await call(third.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    assert.equal(reused.status, 401, 'a spent refresh token stays spent');
    // Seed ids stay: the seed is not re-applied on start (the created album is still there).
    const albums = (
      await call(third.url, 'GET', '/api/v1/albums?pageSize=100', { token })
    ).body.items.map((a: { id: string }) => a.id);
    assert.ok(albums.includes(created.body.id));
    assert.ok(albums.includes(lanMinh));
    // A failed Raw tag can be synced again after the restart.
    const retry = await call(third.url, 'PUT', `/api/v1/albums/${lanMinh}/state`, {
      token,
      body: { trigger: 'SyncRawTag', photosPerSecond: 100_000 },
    });
    assert.equal(retry.status, 202);
    await eventually(
      async () =>
        (await call(third.url, 'GET', `/api/v1/albums/${lanMinh}`, { token })).body.state === 'Raw',
    );
  });

  it('refuses bad configuration with a clear message', async () => {
    for (const [env, message] of [
      [{ PORT: 'abc' }, /PORT must be a whole number from 0 to 65535 \(got "abc"\)/],
      [{ SYNC_PHOTOS_PER_SECOND: '-5' }, /SYNC_PHOTOS_PER_SECOND must be a number above 0/],
      [{ ACCESS_TOKEN_TTL_SECONDS: '1.5' }, /ACCESS_TOKEN_TTL_SECONDS must be a whole number/],
    ] as const) {
      await assert.rejects(startBackendProcess({ env, startTimeoutMs: 5000 }), message);
    }
  });
});
