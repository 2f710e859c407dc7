import { AppServer } from './support/app-server';
import { Backend } from './support/backend';
import { expect, seedUsers, signIn, test } from './support/fixtures';
import { freePort } from './support/ports';
import { appDist } from './support/stack';
import { localCertificate } from './support/tls';

// Production serves the app over TLS and HTTP/2 (README, "Deployment": `listen 443 ssl
// http2`), and the bench's Lighthouse figures are measured so (bench/lighthouse.bench.ts).
// The app server's TLS mode serves it the same way: the app, its API and its hub through
// one HTTP/2 origin, the hub's WebSocket upgraded over HTTP/1.1 on the same port.

let backend: Backend;
let app: AppServer;

test.beforeAll(async () => {
  const port = await freePort();
  backend = await Backend.start({ publicOrigin: `https://127.0.0.1:${port}` });
  app = await AppServer.start(appDist, () => backend.port, { port, tls: localCertificate() });
});

test.afterAll(async () => {
  await app?.stop();
  await backend?.stop();
});

test('over TLS and HTTP/2: sign in, the list from the API, the hub live', async ({ browser }) => {
  expect(app.url).toMatch(/^https:/);
  // The certificate is made for the run: no browser trusts it by itself.
  const context = await browser.newContext({ baseURL: app.url, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, seedUsers.an, '/en/albums');
  await expect(page.getByRole('heading', { name: 'Albums', level: 1 })).toBeVisible();
  await expect(page.locator('app-album-card').first()).toBeVisible();
  await expect(page.locator('app-connection-indicator [role="status"]')).toHaveAttribute(
    'aria-label',
    /connected/i,
    { timeout: 20_000 },
  );
  const protocols = await page.evaluate(() =>
    [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ].map((entry) => {
      const { pathname } = new URL(entry.name);
      return [pathname, (entry as PerformanceResourceTiming).nextHopProtocol] as const;
    }),
  );
  const over = (path: string) => protocols.filter(([name]) => name.startsWith(path));
  expect(over('/en/').length, 'the document and its scripts').toBeGreaterThan(1);
  expect(over('/api/v1/albums').length, 'the albums from the API').toBeGreaterThan(0);
  // The thumbnails the API links to come from the same origin (PUBLIC_ORIGIN).
  expect(over('/api/v1/thumbnails/').length).toBeGreaterThan(0);
  for (const [path, protocol] of [
    ...over('/en/'),
    ...over('/api/v1/albums'),
    ...over('/api/v1/thumbnails/'),
  ]) {
    expect(protocol, path).toBe('h2');
  }
  await context.close();
});
