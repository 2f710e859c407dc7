import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/ports';
import { repoRoot } from './support/processes';
import { appDist } from './support/stack';
import { backendUrl, expect, seedPassword, seedUsers, test } from './support/fixtures';
import { decoded, devSignInOnTheWire, onTheWire as head } from './support/wire';

// The README's deployment snippet, run as written by the system's nginx in front of the
// suite's build and backend: it must serve as the app server does (e2e/delivery.spec.ts).
// Without the brotli module (Debian: libnginx-mod-http-brotli-filter) its brotli lines
// are left out and gzip is checked alone.

const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
const brotliModules = [
  '/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so',
  '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so',
];
const withBrotli = brotliModules.every((path) => existsSync(path));

function readmeSnippet(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Deployment'));
  const snippet = /```nginx\n([\s\S]*?)```/.exec(section)?.[1];
  if (!snippet) throw new Error('README: no nginx snippet in the Deployment section');
  return snippet;
}

let nginx: ChildProcess | undefined;
let prefix: string;
let origin: string;

test.beforeAll(async () => {
  if (!nginxBinary) throw new Error('No nginx: `apt-get install -y nginx` (Debian/Ubuntu).');
  const port = await freePort();
  const backend = new URL(backendUrl());
  prefix = mkdtempSync(join(tmpdir(), 'pf-nginx-'));
  let server = readmeSnippet()
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${port};`)
    .replace('/srv/photoflow-web/browser', appDist)
    .replaceAll('127.0.0.1:5080', backend.host);
  if (!withBrotli) server = server.replace(/^\s*brotli\w*[^;]*;\n/gm, '');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    [
      ...(withBrotli ? brotliModules.map((path) => `load_module ${path};`) : []),
      `daemon off; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log;`,
      'events {}',
      'http {',
      '  include /etc/nginx/mime.types; access_log off;',
      `  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;`,
      server,
      '}',
    ].join('\n'),
  );
  nginx = spawn(nginxBinary, ['-c', join(prefix, 'nginx.conf'), '-p', prefix], {
    stdio: 'inherit',
  });
  origin = `http://127.0.0.1:${port}`;
  await expect
    .poll(() =>
      head(`${origin}/en/`).then(
        (a) => a.status,
        () => 0,
      ),
    )
    .toBe(200);
});

test.afterAll(() => {
  nginx?.kill('SIGTERM');
  rmSync(prefix, { recursive: true, force: true });
});

test('nginx as the README says: compressed, hashed files immutable, the document revalidated', async () => {
  const coding = withBrotli ? 'br' : 'gzip';
  const document = await head(`${origin}/en/albums/1`, { 'accept-encoding': 'gzip, br' });
  expect(document.status, 'a deep link serves the document').toBe(200);
  expect(document.headers['content-encoding']).toBe(coding);
  expect(document.headers['cache-control']).toBe('no-cache');
  expect(document.headers['vary']).toMatch(/accept-encoding/i);
  expect(document.headers['etag']).toBeTruthy();

  // The sign-in page the build prerendered, at its own path; the app shell everywhere else.
  const login = await head(`${origin}/en/login?returnUrl=%2Falbums`, { 'accept-encoding': 'gzip' });
  expect(login.status).toBe(200);
  expect(login.headers['cache-control']).toBe('no-cache');
  expect(decoded(login).toString('utf8')).toContain('<app-login-page');
  expect(decoded(document).toString('utf8')).toContain('<app-shell-frame');

  const html = readFileSync(join(appDist, 'en', 'index.html'), 'utf8');
  const main = /src="(main[^"]*\.js)"/.exec(html)![1]!;
  const chunk = /chunk-[A-Za-z0-9_-]{8}\.js/.exec(readFileSync(join(appDist, 'en', main), 'utf8'));
  const hashed = await head(`${origin}/en/${chunk![0]}`, { 'accept-encoding': 'gzip, br' });
  expect(hashed.status).toBe(200);
  expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(hashed.headers['content-encoding']).toBe(coding);

  const redirect = await head(`${origin}/albums/3?x=1`, { 'accept-language': 'vi-VN,vi;q=0.9' });
  expect(redirect.status).toBe(302);
  expect(new URL(redirect.headers['location']!, origin).pathname).toBe('/vi/albums/3');
  expect(redirect.headers['cache-control']).toBe('no-store');
  const remembered = await head(`${origin}/albums/3`, {
    'accept-language': 'vi',
    cookie: 'other=1; photoflow-lang=en',
  });
  expect(new URL(remembered.headers['location']!, origin).pathname).toBe('/en/albums/3');
});

test("nginx as the README says: the backend's JSON compressed on the way through", async () => {
  const login = await devSignInOnTheWire(origin, seedUsers.an, seedPassword, 'gzip');
  expect(login.status).toBe(200);
  expect(login.headers['content-encoding']).toBe('gzip');
  expect(login.headers['cache-control'], 'the backend’s own, not the app’s').not.toBe('no-cache');
});
