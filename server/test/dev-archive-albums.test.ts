import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login, startBackend, users, type TestBackend } from './helpers.ts';

describe('POST /api/dev/albums/archive (a studio of real size)', () => {
  let backend: TestBackend;
  let token: string;

  before(async () => {
    backend = await startBackend();
    token = (await login(backend.url, users.an)).accessToken;
  });
  after(() => backend.close());

  it('adds albums older than the studio has, every one reachable page by page', async () => {
    const before = await call(backend.url, 'GET', '/api/v1/albums?page=1&pageSize=1', { token });
    const added = await call(backend.url, 'POST', '/api/dev/albums/archive', {
      body: { email: 'an@photoflow.test', count: 600 },
    });
    assert.equal(added.status, 201);
    const total = before.body.totalCount + 600;
    const seen: string[] = [];
    for (let page = 1; seen.length < total; page++) {
      const answer = await call(backend.url, 'GET', `/api/v1/albums?page=${page}&pageSize=48`, {
        token,
      });
      assert.equal(answer.body.totalCount, total);
      assert.ok(answer.body.items.length > 0, `page ${page} is empty`);
      seen.push(...answer.body.items.map((album: { id: string }) => album.id));
    }
    assert.equal(new Set(seen).size, total);
    assert.equal(seen.at(-1), added.body.oldestAlbumId);
    const oldest = await call(backend.url, 'GET', `/api/v1/albums/${added.body.oldestAlbumId}`, {
      token,
    });
    assert.equal(oldest.body.name, 'Archive album 0600');
    assert.equal(oldest.body.state, 'Raw');
    assert.equal(oldest.body.tags[0].status, 'Ready');
    // Another studio sees none of them.
    const binh = (await login(backend.url, users.binh)).accessToken;
    const other = await call(backend.url, 'GET', '/api/v1/albums?search=Archive', { token: binh });
    assert.equal(other.body.totalCount, 0);
  });

  it('refuses a bad count or an unknown user', async () => {
    for (const count of [0, -1, 1.5, 20_001, 'many']) {
      const refused = await call(backend.url, 'POST', '/api/dev/albums/archive', {
        body: { email: 'an@photoflow.test', count },
      });
      assert.equal(refused.status, 400, `count ${count}`);
    }
    const unknown = await call(backend.url, 'POST', '/api/dev/albums/archive', {
      body: { email: 'nobody@photoflow.test', count: 1 },
    });
    assert.equal(unknown.status, 404);
  });
});
