import type { BrowserContext, Page, Route } from '@playwright/test';
import { decoded, onTheWire } from './support/wire';
import { expect, seedUsers, signIn, test } from './support/fixtures';

// Issue 22, the first paint: the document paints before Angular boots. The sign-in page is
// prerendered by the build and hydrated; every other screen's document is the app shell
// (the signed-in frame's bar, brand only), replaced by the screen once it is ready.

const signInText = /Sign in with Google/;

/** Holds the app's main script until `release()`: what the document alone paints. */
async function holdMain(page: Page): Promise<{ release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/main-?[^/]*\.js$/, async (route: Route) => {
    await released;
    await route.continue();
  });
  return { release };
}

/**
 * Notes, from the first byte of the document on, whether the sign-in page ever appears
 * and the layout shifts (the CLS Lighthouse counts: shifts without recent input).
 */
async function watchFirstPaint(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = { signIn: false, shift: 0 };
    Object.assign(window, { firstPaint: seen });
    new MutationObserver(() => {
      if (document.querySelector('app-login-page')) seen.signIn = true;
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
      })[])
        if (!entry.hadRecentInput) seen.shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

const firstPaint = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { firstPaint: { signIn: boolean; shift: number } }).firstPaint,
  );

test('the served sign-in page is prerendered, in each language; every other path gets the app shell', async ({
  baseURL,
}) => {
  for (const [path, words] of [
    ['/en/login', signInText],
    ['/vi/login', /Đăng nhập bằng Google/],
    ['/en/login?returnUrl=%2Falbums%2F1', signInText],
  ] as const) {
    const page = await onTheWire(`${baseURL}${path}`, { 'accept-encoding': 'br' });
    expect(page.status, path).toBe(200);
    const html = decoded(page).toString('utf8');
    const root = /<app-root[\s\S]*<\/app-root>/.exec(html)?.[0] ?? '';
    expect(root, `${path}: the sign-in page in the document`).toMatch(words);
    // Hydration's state: the browser's app takes the page over instead of rendering it again.
    expect(html, path).toContain('<script id="ng-state" type="application/json">');
    expect(page.headers['content-encoding'], path).toBe('br');
    expect(page.headers['cache-control'], path).toBe('no-cache');
  }
  for (const path of ['/en/albums', '/en/albums/1/photos/2', '/vi/albums', '/en/']) {
    const page = await onTheWire(`${baseURL}${path}`, { 'accept-encoding': 'br' });
    const html = decoded(page).toString('utf8');
    const root = /<app-root[\s\S]*<\/app-root>/.exec(html)?.[0] ?? '';
    expect(root, `${path}: the app shell`).toContain('<app-shell-frame');
    expect(root, `${path}: the shell's brand`).toMatch(/class="brand"[\s\S]*PhotoFlow/);
    // Neutral: nothing of the sign-in page, nothing of a user; no hydration data.
    expect(root, path).not.toMatch(signInText);
    expect(html, path).not.toContain('id="ng-state"');
    expect(page.headers['cache-control'], path).toBe('no-cache');
  }
});

test('the sign-in page paints before the app boots, then is hydrated in place without errors', async ({
  page,
}) => {
  const problems: string[] = [];
  const hydrated: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
    if (/NG0\d{3}/.test(message.text()) && !/NG05001/.test(message.text()))
      problems.push(message.text());
    if (/Angular hydrated \d+ component/.test(message.text())) hydrated.push(message.text());
  });
  const main = await holdMain(page);
  await page.goto('/en/login', { waitUntil: 'commit' });
  const button = page.getByRole('button', { name: signInText });
  await expect(button, 'painted from the document, the app still held').toBeVisible();
  await page.evaluate(() => document.querySelector('h1')!.setAttribute('data-before-boot', ''));
  main.release();
  await expect.poll(() => hydrated.length, 'Angular says it hydrated').toBeGreaterThan(0);
  // The same nodes, taken over: a page rendered again would have lost the mark.
  await expect(page.locator('h1[data-before-boot]')).toHaveText('PhotoFlow');
  expect(problems).toEqual([]);
  // And it works: the button signs in.
  await signIn(page, seedUsers.an, '/en/login');
  await expect(page.getByRole('heading', { name: 'Albums', level: 1 })).toBeVisible();
});

test('a signed-in deep link paints the app shell first, never the sign-in page, and does not shift', async ({
  page,
  context,
}) => {
  await signIn(page, seedUsers.an);
  await watchFirstPaint(context);
  const main = await holdMain(page);
  await page.goto('/en/albums', { waitUntil: 'commit' });
  const bar = page.getByRole('banner');
  await expect(bar, 'the shell, painted from the document').toContainText('PhotoFlow');
  await expect(page.locator('app-shell-frame')).toHaveCount(1);
  main.release();
  await expect(page.getByRole('heading', { name: 'Albums', level: 1 })).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
  ).toBeVisible();
  await expect(page.locator('app-shell-frame')).toHaveCount(0);
  const seen = await firstPaint(page);
  expect(seen.signIn, 'the sign-in page appeared on the way').toBe(false);
  expect(seen.shift, 'cumulative layout shift').toBeLessThanOrEqual(0.02);
});

test('a signed-out deep link goes from the shell to sign in, and back after it', async ({
  page,
}) => {
  await page.goto('/en/albums');
  await expect(page.getByRole('button', { name: signInText })).toBeVisible();
  await expect(page).toHaveURL(/\/en\/login\?returnUrl=%2Falbums$/);
});
