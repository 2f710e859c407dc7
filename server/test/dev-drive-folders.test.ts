import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login, startBackend, users, waitForSyncEnd, type TestBackend } from './helpers.ts';

describe('POST /api/dev/drive/folders (benchmark tool)', () => {
  let backend: TestBackend;
  let token: string;

  before(async () => {
    backend = await startBackend();
    token = (await login(backend.url, users.an)).accessToken;
  });
  after(() => backend.close());

  it('creates a Drive folder of the given size that an album can sync from', async () => {
    const created = await call(backend.url, 'POST', '/api/dev/drive/folders', {
      body: { name: 'Bench / 10,000', photoCount: 10_000 },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.photoCount, 10_000);
    const listed = await call(backend.url, 'GET', '/api/dev/drive/folders');
    assert.ok(listed.body.some((folder: { id: string }) => folder.id === created.body.id));

    const album = await call(backend.url, 'POST', '/api/v1/albums', {
      token,
      body: { name: 'Ten thousand', rawFolderUrl: created.body.url },
    });
    assert.equal(album.status, 201);
    const fired = await call(backend.url, 'PUT', `/api/v1/albums/${album.body.id}/state`, {
      token,
      body: { trigger: 'SyncRawTag', photosPerSecond: 1_000_000 },
    });
    assert.equal(fired.status, 202);
    const synced = await waitForSyncEnd(backend.url, token, album.body.id, 60_000);
    assert.equal(synced.photoCount, 10_000);
  });

  it('refuses a folder without a sensible size', async () => {
    for (const photoCount of [0, -1, 1.5, 100_001, 'many']) {
      const refused = await call(backend.url, 'POST', '/api/dev/drive/folders', {
        body: { name: 'Bad', photoCount },
      });
      assert.equal(refused.status, 400, `photoCount ${photoCount}`);
    }
  });
});
