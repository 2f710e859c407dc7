import type { BrowserContext, Page } from '@playwright/test';
import { AlbumPage } from './support/album-page';
import { AppServer } from './support/app-server';
import { Backend } from './support/backend';
import {
  buildProductionApp,
  contentSecurityPolicy,
  cspDist,
  readPage,
  securityHeaders,
} from './support/csp';
import { inlineScripts, scriptHashes } from '../server/tools/script-hashes';
import { expect, seedUsers, signIn, test } from './support/fixtures';

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
}

/** Every `securitypolicyviolation` of every document the page shows, kept on window. */
async function collectViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: Violation[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
      }),
    );
  });
}

const violations = (page: Page): Promise<Violation[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);

let backend: Backend;
let app: AppServer;
let policy: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  buildProductionApp();
  backend = await Backend.start();
  policy = contentSecurityPolicy({
    // The local environment calls its API and hub on its own origin (proxied): 'self'.
    connect: [],
    // Thumbnails come from the API's public origin: here the dev backend's own.
    images: [backend.url],
    scripts: scriptHashes(cspDist),
  });
  app = await AppServer.start(cspDist, () => backend.port, { headers: securityHeaders(policy) });
});

test.afterAll(async () => {
  await app?.stop();
  await backend?.stop();
});

test('the production build runs under its CSP: loads, signs in, syncs live, no violation', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: app.url });
  await collectViolations(context);
  const page = await context.newPage();
  const consoleCsp: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleCsp.push(message.text());
  });
  try {
    // The server sends the whole policy: the prerendered page's and the app shell's inline
    // scripts by their hashes, nothing else inline, no eval.
    const index = await page.goto('/login');
    expect(index!.headers()['content-security-policy']).toBe(policy);
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveCount(0);
    const scriptSrc = policy.split('; ').find((directive) => directive.startsWith('script-src'));
    for (const built of ['login/index.html', 'index.html']) {
      expect(inlineScripts(readPage(built)).length, `${built}'s inline scripts`).toBeGreaterThan(0);
    }
    expect(scriptSrc).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+$/);
    expect(policy).not.toContain('unsafe-eval');

    await signIn(page, seedUsers.an);
    const list = page.getByRole('list', { name: 'Albums' });
    await expect(list.getByRole('listitem').first()).toBeVisible();
    // Thumbnails (from the API's origin) load.
    const cover = list.locator('img').first();
    await expect(cover).toBeVisible();
    await expect
      .poll(() => cover.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);

    const init = (await (
      await fetch(`${backend.url}/api/v1/albums?state=Init`, {
        headers: { authorization: `Bearer ${await accessToken(page)}` },
      })
    ).json()) as { items: { name: string }[] };
    // In-app navigation: the document (and its violation log) since /callback stays.
    await list.getByRole('link', { name: init.items[0]!.name }).click();
    const album = new AlbumPage(page);
    await expect(album.heading).toHaveText(init.items[0]!.name);
    await expect(album.connection).toHaveAccessibleName(/connected/i);
    await album.trigger('Sync raw photos').click();
    const values = await album.watchProgressToFull('Raw');
    expect(
      values.some((value) => value > 0 && value < 100),
      `progress seen: ${values.join(', ')}`,
    ).toBe(true);
    await album.expectStage('Raw');

    expect(await violations(page), 'securitypolicyviolation events').toEqual([]);
    expect(consoleCsp).toEqual([]);

    // The control: the policy is enforced and its violations are seen. An image from
    // elsewhere and an inline script, as an injection would add them, are refused.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://evil.example/pixel.png';
      document.body.append(img);
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await expect
      .poll(async () => [...new Set((await violations(page)).map((v) => v.directive))].sort())
      .toEqual(['img-src', 'script-src-elem']);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
  } finally {
    await context.close();
  }
});

async function accessToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('photoflow.session'));
  return (JSON.parse(raw!) as { accessToken: string }).accessToken;
}
