import { expect, seedPassword, seedUsers, test } from './support/fixtures';
import { decoded, devSignInOnTheWire, onTheWire as get } from './support/wire';

/**
 * Served as production serves it (README, "Deployment"): the app server compresses what
 * the browser accepts, caches hashed files for a year and revalidates the document, and
 * compresses the backend's answers on the way through. Read on the wire (support/wire.ts),
 * not through a browser that would hide the codings.
 */
test('the document is compressed, revalidated on each visit and never `no-store`', async ({
  baseURL,
}) => {
  const plain = await get(`${baseURL}/en/`);
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding'], 'nothing accepted, nothing encoded').toBeUndefined();
  expect(plain.headers['cache-control']).toBe('no-cache');
  expect(plain.headers['vary']).toMatch(/accept-encoding/i);

  const br = await get(`${baseURL}/en/albums/1`, { 'accept-encoding': 'gzip, deflate, br' });
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['cache-control']).toBe('no-cache');
  expect(br.body.length).toBeLessThan(plain.body.length);
  expect(decoded(br).equals(plain.body), 'the deep link serves the same document').toBe(true);

  const gzip = await get(`${baseURL}/en/`, { 'accept-encoding': 'gzip, br;q=0' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(decoded(gzip).equals(plain.body)).toBe(true);

  const etag = plain.headers['etag'];
  expect(etag).toBeTruthy();
  const revalidated = await get(`${baseURL}/en/`, { 'if-none-match': etag! });
  expect(revalidated.status, 'an unchanged document is not sent again').toBe(304);
  expect(revalidated.body.length).toBe(0);
});

test('hashed scripts and styles are cached for a year, compressed', async ({ baseURL }) => {
  const document = (await get(`${baseURL}/en/`)).body.toString('utf8');
  const files = [...document.matchAll(/(?:src|href)="([^"]+-[A-Z0-9]{8}\.(?:js|css))"/g)].map(
    (match) => match[1]!,
  );
  expect(files.length, 'index.html names its hashed scripts and styles').toBeGreaterThan(1);
  // The e2e build names main.js without a hash (-c local); its lazy chunks have one.
  const main = /src="(main[^"]*\.js)"/.exec(document)![1]!;
  const lazy = /chunk-[A-Za-z0-9_-]{8}\.js/.exec(
    (await get(new URL(main, `${baseURL}/en/`).href)).body.toString('utf8'),
  );
  expect(lazy, 'main names a lazy chunk').not.toBeNull();
  files.push(lazy![0]);
  for (const file of files) {
    const url = new URL(file, `${baseURL}/en/`).href;
    const answer = await get(url, { 'accept-encoding': 'br, gzip' });
    expect(answer.status, url).toBe(200);
    expect(answer.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-encoding'], url).toBe('br');
    expect(answer.headers['vary'], url).toMatch(/accept-encoding/i);
    const identity = await get(url);
    expect(decoded(answer).equals(identity.body), url).toBe(true);
  }
});

test("the backend's JSON answers are compressed on the way through", async ({ baseURL }) => {
  const login = await devSignInOnTheWire(baseURL!, seedUsers.an, seedPassword, 'gzip');
  expect(login.status).toBe(200);
  expect(login.headers['content-encoding']).toBe('gzip');
  const { accessToken } = JSON.parse(decoded(login).toString('utf8')) as { accessToken: string };

  const albums = await get(`${baseURL}/api/v1/albums`, {
    authorization: `Bearer ${accessToken}`,
    'accept-encoding': 'br',
  });
  expect(albums.status).toBe(200);
  expect(albums.headers['content-encoding']).toBe('br');
  expect(albums.headers['vary']).toMatch(/accept-encoding/i);
  expect(albums.headers['content-length'], 'the coded length is not the backend’s').toBeUndefined();
  const list = JSON.parse(decoded(albums).toString('utf8')) as { items: unknown[] };
  expect(list.items.length).toBeGreaterThan(0);

  const plain = await get(`${baseURL}/api/v1/albums`, { authorization: `Bearer ${accessToken}` });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(decoded(albums).equals(plain.body)).toBe(true);
});
