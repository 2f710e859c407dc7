/**
 * Issue 15, finding 5: public URLs from the configured origin, never the Host header;
 * CORS and the hub's WebSocket upgrade from an allow-list of origins.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { call, login, seedAlbumIds, startBackend, users, type TestBackend } from './helpers.ts';

/** GET with a Host header of our choosing (fetch does not let us forge it). */
function getWithHost(
  url: string,
  path: string,
  host: string,
  token: string,
): Promise<{ coverUrl: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        headers: { Host: host, Authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text) as { coverUrl: string }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens the hub's WebSocket with this Origin; resolves with the upgrade's status. */
async function upgradeStatus(backend: TestBackend, token: string, origin: string): Promise<number> {
  const negotiated = await call(
    backend.url,
    'POST',
    '/hubs/notification/negotiate?negotiateVersion=1',
    { token },
  );
  const socket = new WebSocket(
    `${backend.url.replace('http', 'ws')}/hubs/notification?id=${negotiated.body.connectionToken}&access_token=${token}`,
    { origin },
  );
  return new Promise((resolve) => {
    socket.on('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

describe('host and origin', () => {
  let backend: TestBackend;
  let token: string;
  before(async () => {
    backend = await startBackend();
    token = (await login(backend.url, users.an)).accessToken;
  });
  after(() => backend.close());

  it('builds thumbnail URLs on its own origin whatever the Host header says', async () => {
    const path = `/api/v1/albums/${seedAlbumIds['food']}`;
    const album = await getWithHost(backend.url, path, 'evil.example', token);
    assert.ok(album.coverUrl, 'the album has a cover');
    assert.ok(album.coverUrl.startsWith(`${backend.url}/api/v1/thumbnails/`), album.coverUrl);
    assert.doesNotMatch(JSON.stringify(album), /evil\.example/);
  });

  it('PUBLIC_ORIGIN sets the origin of public URLs', async () => {
    const behindProxy = await startBackend({ config: { publicOrigin: 'https://api.example.com' } });
    try {
      const ownToken = (await login(behindProxy.url, users.an)).accessToken;
      const album = await getWithHost(
        behindProxy.url,
        `/api/v1/albums/${seedAlbumIds['food']}`,
        'evil.example',
        ownToken,
      );
      assert.ok(
        album.coverUrl.startsWith('https://api.example.com/api/v1/thumbnails/'),
        album.coverUrl,
      );
    } finally {
      await behindProxy.close();
    }
  });

  it('refuses a foreign Origin on the API: 403 and no CORS headers; names an allowed one', async () => {
    const foreign = await call(backend.url, 'GET', '/api/v1/albums', {
      token,
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(foreign.headers.get('access-control-allow-credentials'), null);
    const local = await call(backend.url, 'GET', '/api/v1/albums', {
      token,
      headers: { Origin: 'http://localhost:4200' },
    });
    assert.equal(local.status, 200);
    assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:4200');
  });

  it('answers no preflight for a foreign Origin, on the API and the hub', async () => {
    for (const path of ['/api/v1/albums', '/hubs/notification/negotiate']) {
      const preflight = (origin: string) =>
        call(backend.url, 'OPTIONS', path, {
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization',
          },
        });
      const foreign = await preflight('https://evil.example');
      assert.equal(foreign.status, 403, path);
      assert.equal(foreign.headers.get('access-control-allow-origin'), null, path);
      const local = await preflight('http://127.0.0.1:4200');
      assert.equal(local.status, 204, path);
      assert.equal(local.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4200', path);
    }
  });

  it("refuses the hub's WebSocket upgrade from a foreign Origin", async () => {
    assert.equal(await upgradeStatus(backend, token, 'https://evil.example'), 403);
    assert.equal(await upgradeStatus(backend, token, 'http://localhost:4200'), 101);
  });

  it('CORS_ORIGINS replaces the default list', async () => {
    const listed = await startBackend({ config: { allowedOrigins: ['https://app.example.com'] } });
    try {
      const ownToken = (await login(listed.url, users.an)).accessToken;
      const get = (origin: string) =>
        call(listed.url, 'GET', '/api/v1/albums', { token: ownToken, headers: { Origin: origin } });
      assert.equal((await get('https://app.example.com')).status, 200);
      assert.equal((await get('http://localhost:4200')).status, 403);
      assert.equal(await upgradeStatus(listed, ownToken, 'http://localhost:4200'), 403);
      assert.equal(await upgradeStatus(listed, ownToken, 'https://app.example.com'), 101);
    } finally {
      await listed.close();
    }
  });
});
