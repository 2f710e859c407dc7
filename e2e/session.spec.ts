import type { Browser, BrowserContext, Page, WebSocket } from '@playwright/test';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';
import { startStack, type Stack } from './support/stack';

/** The page's hub WebSockets, as the browser opened them. */
function watchHubSockets(page: Page): WebSocket[] {
  const sockets: WebSocket[] = [];
  page.on('websocket', (socket) => {
    if (socket.url().includes('/hubs/notification')) sockets.push(socket);
  });
  return sockets;
}

/** Every hub negotiate the page sends, with the bearer token it carried. */
function watchNegotiates(page: Page): { at: number; token: string }[] {
  const seen: { at: number; token: string }[] = [];
  page.on('request', (request) => {
    if (!new URL(request.url()).pathname.endsWith('/hubs/notification/negotiate')) return;
    seen.push({ at: Date.now(), token: request.headers()['authorization'] ?? '' });
  });
  return seen;
}

const connection = (page: Page) => page.getByRole('status', { name: /live updates/i });
const account = (page: Page) => page.getByRole('button', { name: /account:/i });

test.describe('tabs of one browser share the session', () => {
  test.beforeEach(async () => {
    await Api.reset(backendUrl());
  });

  test('signing out in one tab takes the other to sign in, with the way back, and stops its hub', async ({
    page,
    context,
  }) => {
    const api = await Api.signIn(backendUrl(), seedUsers.an);
    const album = await api.albumInState('Stock');
    const sockets = watchHubSockets(page);
    const negotiates = watchNegotiates(page);
    await signIn(page, seedUsers.an, `/albums/${album.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(album.name);
    await expect(connection(page)).toHaveAccessibleName(/connected/i);

    const other = await context.newPage();
    await other.goto('/albums');
    await expect(account(other)).toBeVisible();
    await account(other).click();
    await other.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(other).toHaveURL(/\/login$/);

    // The first tab follows: the sign-in page, saying why, with the way back to its album…
    await expect(page).toHaveURL(
      `/en/login?returnUrl=${encodeURIComponent(`/albums/${album.id}`)}&reason=elsewhere`,
    );
    await expect(page.getByRole('status')).toHaveText(/signed out in another tab/i);
    // …and its hub is closed for good: no socket open, no negotiate after the sign-out.
    await expect.poll(() => sockets.every((socket) => socket.isClosed())).toBe(true);
    const negotiated = negotiates.length;
    await page.waitForTimeout(3_000);
    expect(negotiates.length).toBe(negotiated);
    expect(sockets.filter((socket) => !socket.isClosed())).toHaveLength(0);

    // Signing in again in the other tab brings the same person back where they were.
    await signIn(other, seedUsers.an, '/login');
    await expect(page).toHaveURL(`/en/albums/${album.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(album.name);
    await expect(connection(page)).toHaveAccessibleName(/connected/i);
    await other.close();
  });

  test("another studio's sign-in in one tab: the other follows it, never showing the first studio's albums", async ({
    page,
    context,
  }) => {
    const anAlbums = (await (await Api.signIn(backendUrl(), seedUsers.an)).albums()).map(
      (album) => album.name,
    );
    const binhAlbums = (await (await Api.signIn(backendUrl(), seedUsers.binh)).albums()).map(
      (album) => album.name,
    );
    expect(binhAlbums.filter((name) => anAlbums.includes(name))).toEqual([]);
    const sockets = watchHubSockets(page);
    await signIn(page, seedUsers.an);
    const list = page.getByRole('list', { name: 'Albums' });
    await expect(list.getByText(anAlbums[0]!, { exact: true })).toBeVisible();
    await expect(connection(page)).toHaveAccessibleName(/connected/i);
    expect(sockets).toHaveLength(1);

    // From now on, note any moment where Binh's name and one of An's albums are on screen together.
    await page.evaluate((names) => {
      const record = window as unknown as { e2eMixed?: string[] };
      record.e2eMixed = [];
      const check = () => {
        const text = document.body.innerText;
        if (!/Binh/.test(document.querySelector('.account')?.textContent ?? '')) return;
        for (const name of names) if (text.includes(name)) record.e2eMixed!.push(name);
      };
      new MutationObserver(check).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }, anAlbums);

    const other = await context.newPage();
    // The tabs share one hub connection (issue 12): after the change, either tab may hold it.
    const otherSockets = watchHubSockets(other);
    await signIn(other, seedUsers.binh, '/login');
    await expect(account(other)).toHaveAccessibleName(/binh/i);

    await expect(account(page)).toHaveAccessibleName(/binh/i);
    await expect(page).toHaveURL('/en/albums');
    await expect(list.getByText(binhAlbums[0]!, { exact: true })).toBeVisible();
    await expect(list.getByRole('listitem')).toHaveCount(binhAlbums.length);
    for (const name of anAlbums) await expect(page.getByText(name, { exact: true })).toHaveCount(0);
    expect(await page.evaluate(() => (window as { e2eMixed?: string[] }).e2eMixed)).toEqual([]);
    // The hub was stopped and connected again, as Binh: An's socket closed, one open since.
    await expect(connection(page)).toHaveAccessibleName(/connected/i);
    expect(sockets[0]!.isClosed()).toBe(true);
    const since = [...sockets.slice(1), ...otherSockets];
    expect(since.filter((socket) => !socket.isClosed())).toHaveLength(1);
    await other.close();
  });
});

test.describe('20-second tokens, on a backend of its own', () => {
  let stack: Stack | undefined;
  const contexts: BrowserContext[] = [];
  let errors: Error[] = [];

  async function newPage(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ baseURL: stack!.appUrl });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error));
    return page;
  }

  test.beforeEach(async () => {
    stack = await startStack({ accessTokenTtlSeconds: 20 });
  });

  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await stack?.stop();
    stack = undefined;
    const raised = errors.map((error) => error.message);
    errors = [];
    expect(raised, 'uncaught errors in the page').toEqual([]);
  });

  test('a 503 on refresh keeps the photographer signed in; once it answers, all goes on', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const page = await newPage(browser);
    const attempts: number[] = [];
    await page.route('**/api/v1/auth/refresh', (route) => {
      attempts.push(Date.now());
      return route.fulfill({ status: 503, headers: { 'Retry-After': '2' }, body: '' });
    });
    await signIn(page, seedUsers.an);
    const signedInAt = Date.now();
    const list = page.getByRole('list', { name: 'Albums' });
    await expect(list.getByRole('listitem').first()).toBeVisible();

    // The refresh fails again and again, past the token's expiry: retried, never signed out.
    await expect.poll(() => attempts.length, { timeout: 40_000 }).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(Math.max(0, signedInAt + 22_000 - Date.now()));
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    expect(Math.min(...gaps), `gaps between attempts: ${gaps.join(', ')} ms`).toBeGreaterThan(
      1_800,
    );
    await expect(account(page)).toBeVisible();
    await expect(page).toHaveURL('/en/albums');

    // A request that needs the renewed token says so plainly, and the page stays.
    await page.getByRole('searchbox', { name: 'Search albums' }).fill('a');
    await expect(page.getByRole('alert')).toContainText(/still signed in/i);
    await expect(page).toHaveURL('/en/albums');

    // The backend answers again: the next attempt renews the session, and the page works.
    const renewed = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/auth/refresh') && response.status() === 200,
      { timeout: 45_000 },
    );
    await page.unroute('**/api/v1/auth/refresh');
    await renewed;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await expect(connection(page)).toHaveAccessibleName(/connected/i);
  });

  test('a Server-Sent Events connection is renewed before its token expires; a WebSocket stays', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const onSse = await newPage(browser);
    const onWebSockets = await newPage(browser);
    await signIn(onSse, seedUsers.an);
    await signIn(onWebSockets, seedUsers.chi);
    // Watch from the reloads on, once the sign-in pages' own connections are up (a socket
    // or negotiate they sent after the watch began would count too).
    await expect(connection(onSse)).toHaveAccessibleName(/connected/i);
    await expect(connection(onWebSockets)).toHaveAccessibleName(/connected/i);
    const sseNegotiates = watchNegotiates(onSse);
    const wsNegotiates = watchNegotiates(onWebSockets);
    const wsSockets = watchHubSockets(onWebSockets);
    await onSse.goto('/albums?transport=ServerSentEvents');
    await onWebSockets.goto('/albums');
    await expect(connection(onSse)).toHaveAccessibleName(/connected/i);
    await expect(connection(onWebSockets)).toHaveAccessibleName(/connected/i);
    const first = sseNegotiates[0]!;

    // Within one token lifetime, the SSE connection negotiates again with the renewed token.
    await expect
      .poll(() => sseNegotiates.length, { timeout: 25_000, intervals: [500] })
      .toBeGreaterThanOrEqual(2);
    expect(sseNegotiates[1]!.token).not.toBe(first.token);
    expect(sseNegotiates[1]!.at - first.at).toBeLessThan(20_000);
    await expect(connection(onSse)).toHaveAccessibleName(/connected/i);

    expect(wsNegotiates).toHaveLength(1);
    expect(wsSockets).toHaveLength(1);
    expect(wsSockets[0]!.isClosed()).toBe(false);
  });
});
