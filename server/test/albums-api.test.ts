import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  call,
  type ApiResponse,
  eventually,
  login,
  seedAlbumIds,
  seedDriveFolderIds,
  startBackend,
  users,
  waitForSyncEnd,
  type TestBackend,
} from './helpers.ts';
import type { ProblemDetails } from '../src/http/problem.ts';
import type { AlbumSummary, AlbumTag, Photo } from '../src/photoflow/model.ts';

const folderUrl = (key: string) =>
  `https://drive.google.com/drive/folders/${seedDriveFolderIds[key]}`;
const unknownId = '3f1c2b8e-1111-4222-8333-444455556666';

function assertProblem(response: ApiResponse<ProblemDetails>, status: number, code?: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.deepEqual(Object.keys(response.body).sort(), ['code', 'detail', 'status', 'title']);
  assert.equal(response.body.status, status);
  if (code) assert.equal(response.body.code, code);
}

describe('the REST API (CONTRACT §5)', () => {
  let backend: TestBackend;
  let an: string;
  let chi: string;
  let binh: string;

  before(async () => {
    backend = await startBackend({ syncPhotosPerSecond: 50_000 });
    an = (await login(backend.url, users.an)).accessToken;
    chi = (await login(backend.url, users.chi)).accessToken;
    binh = (await login(backend.url, users.binh)).accessToken;
  });
  after(() => backend.close());

  it('GET /health answers ok without a token', async () => {
    const response = await call(backend.url, 'GET', '/health');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok' });
  });

  describe('the seed (CONTRACT §6)', () => {
    it("lists only the caller's organization's albums, at least 4 spread over the workflow", async () => {
      const studio = (await call(backend.url, 'GET', '/api/v1/albums?pageSize=100', { token: chi }))
        .body;
      const binhs = (await call(backend.url, 'GET', '/api/v1/albums?pageSize=100', { token: binh }))
        .body;
      assert.ok(studio.totalCount >= 4 && binhs.totalCount >= 4);
      assert.equal(studio.items.length, studio.totalCount);
      const studioIds = new Set(studio.items.map((album: AlbumSummary) => album.id));
      assert.ok(binhs.items.every((album: AlbumSummary) => !studioIds.has(album.id)));
      assert.ok(new Set(studio.items.map((album: AlbumSummary) => album.state)).size >= 4);
      assert.ok(new Set(binhs.items.map((album: AlbumSummary) => album.state)).size >= 4);
      for (const album of studio.items) {
        assert.deepEqual(Object.keys(album).sort(), [
          'coverUrl',
          'id',
          'modifiedAt',
          'name',
          'photoCount',
          'state',
          'syncing',
        ]);
      }
    });

    it('Studio An has exactly one Init album (a Raw folder of ≥2,000 photos) and one Stock album (≥200 photos waiting)', async () => {
      const init = (await call(backend.url, 'GET', '/api/v1/albums?state=Init', { token: an }))
        .body;
      assert.equal(init.totalCount, 1);
      const initAlbum = (
        await call(backend.url, 'GET', `/api/v1/albums/${init.items[0].id}`, { token: an })
      ).body;
      const folders = (await call(backend.url, 'GET', '/api/dev/drive/folders')).body;
      const rawFolder = folders.find(
        (folder: { url: string }) => folder.url === initAlbum.tags[0].link,
      );
      assert.ok(rawFolder.photoCount >= 2000);
      const stock = (await call(backend.url, 'GET', '/api/v1/albums?state=Stock', { token: an }))
        .body;
      assert.equal(stock.totalCount, 1);
      const stockAlbum = (
        await call(backend.url, 'GET', `/api/v1/albums/${stock.items[0].id}`, { token: an })
      ).body;
      const stockTag = stockAlbum.tags.find((tag: AlbumTag) => tag.type === 'Stock');
      assert.ok(stockTag.photoCount >= 200);
      const transitions = (
        await call(backend.url, 'GET', `/api/v1/albums/${stockAlbum.id}/transitions`, { token: an })
      ).body;
      assert.equal(transitions[0].reason, 'Waiting for the client');
    });

    it('seed ids are the same after a reset', async () => {
      const before = (
        await call(backend.url, 'GET', '/api/v1/albums?pageSize=100', { token: an })
      ).body.items
        .map((a: AlbumSummary) => a.id)
        .sort();
      const detailBefore = (
        await call(backend.url, 'GET', `/api/v1/albums/${seedAlbumIds['tet']}`, { token: an })
      ).body;
      assert.equal((await call(backend.url, 'POST', '/api/dev/reset')).status, 204);
      const afterReset = (
        await call(backend.url, 'GET', '/api/v1/albums?pageSize=100', { token: an })
      ).body.items
        .map((a: AlbumSummary) => a.id)
        .sort();
      assert.deepEqual(afterReset, before);
      const detailAfter = (
        await call(backend.url, 'GET', `/api/v1/albums/${seedAlbumIds['tet']}`, { token: an })
      ).body;
      assert.deepEqual(detailAfter.tags, detailBefore.tags);
      assert.ok(before.includes(seedAlbumIds['lan-minh']));
    });
  });

  describe('albums', () => {
    it('searches, filters by state and pages', async () => {
      const search = (await call(backend.url, 'GET', '/api/v1/albums?search=wedd', { token: an }))
        .body;
      assert.deepEqual(
        search.items.map((album: AlbumSummary) => album.name),
        ['Lan & Minh Wedding'],
      );
      const feedback = (
        await call(backend.url, 'GET', '/api/v1/albums?state=Feedback', { token: an })
      ).body;
      assert.ok(feedback.items.every((album: AlbumSummary) => album.state === 'Feedback'));
      const page1 = (
        await call(backend.url, 'GET', '/api/v1/albums?page=1&pageSize=2', { token: an })
      ).body;
      const page2 = (
        await call(backend.url, 'GET', '/api/v1/albums?page=2&pageSize=2', { token: an })
      ).body;
      assert.equal(page1.items.length, 2);
      assert.equal(page1.totalCount, page2.totalCount);
      assert.notDeepEqual(
        page1.items.map((a: AlbumSummary) => a.id),
        page2.items.map((a: AlbumSummary) => a.id),
      );
      const none = (await call(backend.url, 'GET', '/api/v1/albums?search=%25', { token: an }))
        .body;
      assert.equal(none.totalCount, 0, 'search wildcards are taken literally');
      for (const query of ['state=Nope', 'page=0', 'page=x', 'pageSize=0', 'pageSize=1000']) {
        assertProblem(
          await call(backend.url, 'GET', `/api/v1/albums?${query}`, { token: an }),
          400,
        );
      }
    });

    it('creates an album in Init with its Raw tag Pending, linked to the folder', async () => {
      const response = await call(backend.url, 'POST', '/api/v1/albums', {
        token: chi,
        body: { name: '  Beach day  ', rawFolderUrl: `${folderUrl('quick-shoot')}?usp=sharing` },
      });
      assert.equal(response.status, 201);
      const album = response.body;
      assert.equal(response.headers.get('location'), `/api/v1/albums/${album.id}`);
      assert.deepEqual(Object.keys(album).sort(), [
        'coverUrl',
        'id',
        'modifiedAt',
        'name',
        'photoCount',
        'state',
        'sync',
        'tags',
      ]);
      assert.equal(album.name, 'Beach day');
      assert.equal(album.state, 'Init');
      assert.equal(album.photoCount, 0);
      assert.equal(album.coverUrl, null);
      assert.equal(album.sync, null);
      assert.equal(album.tags.length, 1);
      const [raw] = album.tags;
      assert.deepEqual(Object.keys(raw).sort(), [
        'albumId',
        'folderId',
        'id',
        'link',
        'photoCount',
        'pickedCount',
        'status',
        'type',
      ]);
      assert.deepEqual(
        { ...raw, id: undefined, folderId: undefined },
        {
          id: undefined,
          folderId: undefined,
          albumId: album.id,
          type: 'Raw',
          status: 'Pending',
          link: folderUrl('quick-shoot'),
          photoCount: 0,
          pickedCount: 0,
        },
      );
      const listed = (await call(backend.url, 'GET', '/api/v1/albums?search=Beach', { token: an }))
        .body;
      assert.equal(listed.items[0].id, album.id, 'visible to the whole organization');
      assert.equal(
        (await call(backend.url, 'GET', '/api/v1/albums?search=Beach', { token: binh })).body
          .totalCount,
        0,
      );
    });

    it('refuses a URL that is not a Drive folder the backend can read, and malformed bodies', async () => {
      for (const body of [
        { name: 'x', rawFolderUrl: 'https://example.com/folder' },
        {
          name: 'x',
          rawFolderUrl: 'https://drive.google.com/drive/folders/1doesNotExistAtAllInTheDrive',
        },
        { name: 'x', rawFolderUrl: 'wss://drive.google.com/drive/folders/x' },
        { name: '', rawFolderUrl: folderUrl('small-set') },
        { name: 'x'.repeat(201), rawFolderUrl: folderUrl('small-set') },
        { name: 'x' },
        [],
      ]) {
        assertProblem(await call(backend.url, 'POST', '/api/v1/albums', { token: chi, body }), 400);
      }
      assertProblem(
        await call(backend.url, 'POST', '/api/v1/albums', { token: chi, rawBody: '{"name":' }),
        400,
      );
      assertProblem(
        await call(backend.url, 'POST', '/api/v1/albums', {
          body: { name: 'x', rawFolderUrl: folderUrl('small-set') },
        }),
        401,
        'UNAUTHORIZED',
      );
      const count = (await call(backend.url, 'GET', '/api/v1/albums?search=x', { token: chi })).body
        .totalCount;
      assert.equal(count, 0, 'nothing was created');
    });

    it('refuses a body larger than 1 MiB (413)', async () => {
      const response = await call(backend.url, 'POST', '/api/v1/albums', {
        token: chi,
        body: { name: 'big', rawFolderUrl: folderUrl('small-set'), padding: 'x'.repeat(1_100_000) },
      });
      assertProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('reads, renames and deletes an album', async () => {
      const created = (
        await call(backend.url, 'POST', '/api/v1/albums', {
          token: chi,
          body: { name: 'To rename', rawFolderUrl: folderUrl('small-set') },
        })
      ).body;
      const read = await call(backend.url, 'GET', `/api/v1/albums/${created.id}`, { token: an });
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, created);
      const renamed = await call(backend.url, 'PUT', `/api/v1/albums/${created.id}`, {
        token: chi,
        body: { name: 'Renamed' },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Renamed');
      assert.ok(renamed.body.modifiedAt >= created.modifiedAt);
      assertProblem(
        await call(backend.url, 'PUT', `/api/v1/albums/${created.id}`, {
          token: chi,
          body: { name: 3 },
        }),
        400,
      );
      assertProblem(
        await call(backend.url, 'PUT', `/api/v1/albums/${created.id}`, { token: chi }),
        400,
      );
      const removed = await call(backend.url, 'DELETE', `/api/v1/albums/${created.id}`, {
        token: chi,
      });
      assert.equal(removed.status, 204);
      assert.equal(removed.body, '');
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${created.id}`, { token: chi }),
        404,
        'ALBUM_101A',
      );
      assertProblem(
        await call(backend.url, 'DELETE', `/api/v1/albums/${created.id}`, { token: chi }),
        404,
        'ALBUM_101A',
      );
    });

    it('answers 404 to unknown ids and 400 to malformed ones', async () => {
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${unknownId}`, { token: an }),
        404,
        'ALBUM_101A',
      );
      assertProblem(
        await call(backend.url, 'GET', '/api/v1/albums/not-a-uuid', { token: an }),
        400,
      );
      const album = seedAlbumIds['tet'];
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${album}/tags/${unknownId}`, { token: an }),
        404,
        'TAG_101A',
      );
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${album}/tags/nope`, { token: an }),
        400,
      );
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${album}/tags/${unknownId}/photos`, {
          token: an,
        }),
        404,
        'TAG_101A',
      );
      assertProblem(
        await call(backend.url, 'POST', `/api/v1/albums/${album}/photos/${unknownId}/vote`, {
          token: an,
          body: { voted: true },
        }),
        404,
        'PHOTO_101A',
      );
      assertProblem(
        await call(backend.url, 'POST', `/api/v1/storage/folders/${unknownId}/sync`, { token: an }),
        404,
        'FOLDER_101A',
      );
      assertProblem(
        await call(backend.url, 'POST', '/api/v1/storage/folders/x/sync', { token: an }),
        400,
      );
      assertProblem(
        await call(backend.url, 'GET', '/api/v1/nothing-here', { token: an }),
        404,
        'NOT_FOUND',
      );
      assertProblem(
        await call(backend.url, 'PATCH', `/api/v1/albums/${album}`, { token: an }),
        405,
      );
      // A tag of another album of the same organization is not this album's.
      const hoa = (
        await call(backend.url, 'GET', `/api/v1/albums/${seedAlbumIds['hoa']}`, { token: an })
      ).body;
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${album}/tags/${hoa.tags[0].id}`, {
          token: an,
        }),
        404,
        'TAG_101A',
      );
    });

    it('answers 400 to a request target that is not a URL, and keeps serving', async () => {
      // fetch() normalizes its URL, so the request is written by hand.
      const { port } = new URL(backend.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.end('GET //[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      });
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.match(answer, /content-type: application\/problem\+json/i);
      assert.match(answer, /"code":"VALIDATION_FAILED"/);
      assert.equal((await call(backend.url, 'GET', '/health')).status, 200);
    });
  });

  describe('tags and photos', () => {
    it('lists tags, reads one, pages its photos (from 1)', async () => {
      const albumId = seedAlbumIds['tet'];
      const tags = (await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags`, { token: an }))
        .body;
      assert.deepEqual(
        tags.map((tag: AlbumTag) => tag.type),
        ['Raw', 'Stock', 'Rate', 'Retouch'],
      );
      const stock = tags[1];
      const one = await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${stock.id}`, {
        token: an,
      });
      assert.deepEqual(one.body, stock);
      const page1 = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${stock.id}/photos?page=1&pageSize=40`,
          { token: an },
        )
      ).body;
      const page3 = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${stock.id}/photos?page=3&pageSize=40`,
          { token: an },
        )
      ).body;
      assert.equal(page1.totalCount, 90);
      assert.equal(page1.items.length, 40);
      assert.equal(page3.items.length, 10);
      const photo = page1.items[0];
      assert.deepEqual(Object.keys(photo).sort(), [
        'albumTagId',
        'createdAt',
        'fileName',
        'id',
        'sortOrder',
        'thumbnailUrl',
        'voted',
      ]);
      assert.equal(photo.albumTagId, stock.id);
      assert.equal(photo.fileName, 'TET_0001.jpg');
      assert.equal(photo.sortOrder, 1);
      assert.deepEqual(
        page1.items.map((p: Photo) => p.sortOrder),
        [...page1.items.map((p: Photo) => p.sortOrder)].sort((a, b) => a - b),
      );
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${stock.id}/photos?page=0`, {
          token: an,
        }),
        400,
      );
      const beyond = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${stock.id}/photos?page=99`,
          { token: an },
        )
      ).body;
      assert.deepEqual(beyond, { items: [], totalCount: 90 });
    });

    it('serves each photo as a distinct image with long cache headers, no token needed', async () => {
      const albumId = seedAlbumIds['tet'];
      const tags = (await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags`, { token: an }))
        .body;
      const photos = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${tags[0].id}/photos?pageSize=5`,
          { token: an },
        )
      ).body.items;
      const images = new Set<string>();
      for (const photo of photos) {
        assert.ok(photo.thumbnailUrl.startsWith(backend.url), photo.thumbnailUrl);
        const response = await fetch(photo.thumbnailUrl);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /image\/svg\+xml/);
        assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000/);
        const svg = await response.text();
        assert.match(svg, /^<svg/);
        assert.ok(svg.includes(photo.fileName));
        images.add(svg);
      }
      assert.equal(images.size, photos.length, 'every photo looks different');
      assertProblem(await call(backend.url, 'GET', `/api/v1/thumbnails/${unknownId}`), 404);
      const album = (await call(backend.url, 'GET', `/api/v1/albums/${albumId}`, { token: an }))
        .body;
      assert.equal((await fetch(album.coverUrl)).status, 200);
    });

    it('links a tag to a Drive folder, refusing what is not one', async () => {
      const albumId = seedAlbumIds['phuong'];
      const retouch = (
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags`, { token: chi })
      ).body.find((tag: AlbumTag) => tag.type === 'Retouch');
      assertProblem(
        await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/tags/${retouch.id}/url`, {
          token: chi,
          body: { url: 'https://drive.google.com/file/d/abc' },
        }),
        400,
      );
      assertProblem(
        await call(backend.url, 'PUT', `/api/v1/albums/${albumId}/tags/${retouch.id}/url`, {
          token: chi,
          body: {},
        }),
        400,
      );
      const linked = await call(
        backend.url,
        'PUT',
        `/api/v1/albums/${albumId}/tags/${retouch.id}/url`,
        { token: chi, body: { url: folderUrl('phuong-retouched') } },
      );
      assert.equal(linked.status, 200);
      assert.equal(linked.body.link, folderUrl('phuong-retouched'));
      assert.equal(linked.body.id, retouch.id);
    });

    it('answers one photo with its tag’s type, and counts a tag’s picks', async () => {
      const albumId = seedAlbumIds['aodai'];
      const tags: AlbumTag[] = (
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags`, { token: binh })
      ).body;
      const stock = tags.find((tag) => tag.type === 'Stock');
      const rate = tags.find((tag) => tag.type === 'Rate');
      assert.ok(stock && rate);
      // The seed picks every 6th of 150 Stock photos; the Rate tag lists exactly those.
      assert.equal(stock.pickedCount, 25);
      assert.equal(rate.pickedCount, 25);
      assert.equal(rate.photoCount, 25);
      const page = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${rate.id}/photos?page=2&pageSize=10`,
          { token: binh },
        )
      ).body;
      const listed: Photo = page.items[3];
      const detail = await call(
        backend.url,
        'GET',
        `/api/v1/albums/${albumId}/photos/${listed.id}`,
        {
          token: binh,
        },
      );
      assert.equal(detail.status, 200);
      assert.deepEqual(detail.body, { ...listed, albumTagType: 'Stock' });
      // Another studio's photo and an unknown one are alike: not found.
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/photos/${listed.id}`, {
          token: an,
        }),
        404,
        'ALBUM_101A',
      );
      assertProblem(
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/photos/${unknownId}`, {
          token: binh,
        }),
        404,
        'PHOTO_101A',
      );
    });

    it('records the client’s pick with vote', async () => {
      const albumId = seedAlbumIds['food'];
      const stock = (
        await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags`, { token: chi })
      ).body.find((tag: AlbumTag) => tag.type === 'Stock');
      const [photo] = (
        await call(
          backend.url,
          'GET',
          `/api/v1/albums/${albumId}/tags/${stock.id}/photos?pageSize=1`,
          { token: chi },
        )
      ).body.items;
      const voted = await call(
        backend.url,
        'POST',
        `/api/v1/albums/${albumId}/photos/${photo.id}/vote`,
        { token: chi, body: { voted: true } },
      );
      assert.equal(voted.status, 200);
      assert.deepEqual(voted.body, { ...photo, voted: true });
      const unvoted = await call(
        backend.url,
        'POST',
        `/api/v1/albums/${albumId}/photos/${photo.id}/vote`,
        { token: chi, body: { voted: false } },
      );
      assert.equal(unvoted.body.voted, false);
      assertProblem(
        await call(backend.url, 'POST', `/api/v1/albums/${albumId}/photos/${photo.id}/vote`, {
          token: chi,
          body: { voted: 'yes' },
        }),
        400,
      );
      // A photo of another album is not found here.
      assertProblem(
        await call(
          backend.url,
          'POST',
          `/api/v1/albums/${seedAlbumIds['tet']}/photos/${photo.id}/vote`,
          { token: chi, body: { voted: true } },
        ),
        404,
        'PHOTO_101A',
      );
    });
  });

  it("refuses another organization's album everywhere, as if it did not exist", async () => {
    const albumId = seedAlbumIds['tet']!; // Studio An's
    const album = (await call(backend.url, 'GET', `/api/v1/albums/${albumId}`, { token: an })).body;
    const tag = album.tags[1];
    const [photo] = (
      await call(backend.url, 'GET', `/api/v1/albums/${albumId}/tags/${tag.id}/photos?pageSize=1`, {
        token: an,
      })
    ).body.items;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/albums/${albumId}`],
      ['PUT', `/api/v1/albums/${albumId}`, { name: 'Mine now' }],
      ['DELETE', `/api/v1/albums/${albumId}`],
      ['GET', `/api/v1/albums/${albumId}/transitions`],
      ['PUT', `/api/v1/albums/${albumId}/state`, { trigger: 'RequestRevision' }],
      ['GET', `/api/v1/albums/${albumId}/tags`],
      ['GET', `/api/v1/albums/${albumId}/tags/${tag.id}`],
      ['PUT', `/api/v1/albums/${albumId}/tags/${tag.id}/url`, { url: folderUrl('small-set') }],
      ['GET', `/api/v1/albums/${albumId}/tags/${tag.id}/photos`],
      ['POST', `/api/v1/albums/${albumId}/photos/${photo.id}/vote`, { voted: true }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(backend.url, method, path, { token: binh, body });
      assertProblem(response, 404, 'ALBUM_101A');
      assert.equal(
        response.body.detail,
        `Album ${albumId} was not found.`,
        'the same answer as an unknown album',
      );
    }
    assertProblem(
      await call(backend.url, 'POST', `/api/v1/storage/folders/${tag.folderId}/sync`, {
        token: binh,
      }),
      404,
      'FOLDER_101A',
    );
    const search = (
      await call(backend.url, 'GET', `/api/v1/albums?search=${encodeURIComponent(album.name)}`, {
        token: binh,
      })
    ).body;
    assert.equal(search.totalCount, 0);
    const unchanged = (await call(backend.url, 'GET', `/api/v1/albums/${albumId}`, { token: an }))
      .body;
    assert.deepEqual(unchanged, album);
  });

  it('CORS: echoes the Origin with credentials and answers preflights', async () => {
    const origin = 'http://localhost:4200';
    const preflight = await fetch(`${backend.url}/api/v1/albums`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const response = await fetch(`${backend.url}/api/v1/albums`, {
      headers: { Origin: origin, Authorization: `Bearer ${an}` },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), origin);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    const problem = await fetch(`${backend.url}/api/v1/albums`, { headers: { Origin: origin } });
    assert.equal(problem.status, 401);
    assert.equal(problem.headers.get('access-control-allow-origin'), origin);
  });

  describe('dev tools (CONTRACT §6)', () => {
    it('lists the simulated Drive folders', async () => {
      const folders = (await call(backend.url, 'GET', '/api/dev/drive/folders')).body;
      assert.ok(folders.length >= 5);
      for (const folder of folders) {
        assert.deepEqual(Object.keys(folder).sort(), ['id', 'name', 'photoCount', 'url']);
        assert.equal(folder.url, `https://drive.google.com/drive/folders/${folder.id}`);
      }
    });

    it('validates emit and flood bodies', async () => {
      assertProblem(
        await call(backend.url, 'POST', '/api/dev/hub/emit', {
          body: { albumId: 'x', target: 'T' },
        }),
        400,
      );
      assertProblem(
        await call(backend.url, 'POST', '/api/dev/hub/emit', {
          body: { albumId: 'x', target: '', arguments: [] },
        }),
        400,
      );
      const emitted = await call(backend.url, 'POST', '/api/dev/hub/emit', {
        body: { albumId: unknownId, target: 'Anything', arguments: [1, { a: 2 }] },
      });
      assert.equal(emitted.status, 200);
      assert.equal(emitted.body.recipients, 0);
      assertProblem(
        await call(backend.url, 'POST', '/api/dev/hub/flood', {
          body: { albumId: unknownId, tags: 0, eventsPerSecond: 10, durationMs: 10 },
        }),
        400,
      );
      // No flood has run yet (the refused one never started): its stats are a 404 problem.
      assertProblem(await call(backend.url, 'GET', '/api/dev/hub/flood/stats'), 404, 'NOT_FOUND');
      const flood = await call(backend.url, 'POST', '/api/dev/hub/flood', {
        body: { albumId: unknownId, tags: 3, eventsPerSecond: 300, durationMs: 100 },
      });
      assert.equal(flood.status, 202);
      assert.equal(flood.body.albumTagIds.length, 3);
      assert.equal(flood.body.totalEvents, 30);
      await eventually(
        async () => (await call(backend.url, 'GET', '/api/dev/hub/flood/stats')).body.complete,
        5000,
        'the flood to end',
      );
      const stats = await call(backend.url, 'GET', '/api/dev/hub/flood/stats');
      assert.equal(stats.status, 200);
      assert.equal(stats.body.albumId, unknownId);
      assert.equal(stats.body.events, 30);
      assert.equal(stats.body.recipients, 0);
      assert.equal((await call(backend.url, 'POST', '/api/dev/hub/disconnect-all')).status, 204);
    });

    it('are off in production mode, and so are the sync knobs', async () => {
      // Production mode signs nobody in by password: the session comes from a dev run on the same data.
      const dataDir = await mkdtemp(join(tmpdir(), 'photoflow-production-'));
      const dev = await startBackend({ dataDir });
      const token = (await login(dev.url, users.chi)).accessToken;
      await dev.close();
      const production = await startBackend({ devTools: false, dataDir });
      try {
        for (const [method, path] of [
          ['POST', '/api/dev/reset'],
          ['GET', '/api/dev/drive/folders'],
          ['GET', '/api/dev/hub/flood/stats'],
          ['GET', '/api/dev/hub/stats'],
          ['POST', `/api/dev/albums/${seedAlbumIds['food']}/client`],
        ]) {
          assertProblem(
            await call(
              production.url,
              method!,
              path!,
              method === 'GET' ? {} : { body: { trigger: 'Rate' } },
            ),
            404,
          );
        }
        const response = await call(
          production.url,
          'PUT',
          `/api/v1/albums/${seedAlbumIds['lan-minh']}/state`,
          {
            token,
            body: { trigger: 'SyncRawTag', photosPerSecond: 1000 },
          },
        );
        assertProblem(response, 400);
      } finally {
        await production.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });

  it('a trigger that syncs answers 202 with the album; its sync can be followed to the end', async () => {
    const response = await call(
      backend.url,
      'PUT',
      `/api/v1/albums/${seedAlbumIds['dalat']}/state`,
      {
        token: binh,
        body: { trigger: 'SyncRawTag' },
      },
    );
    assert.equal(response.status, 202);
    const done = await waitForSyncEnd(backend.url, binh, seedAlbumIds['dalat']!);
    assert.equal(done.state, 'Raw');
    assert.equal(done.photoCount, 300);
    assert.ok(done.coverUrl);
  });
});
