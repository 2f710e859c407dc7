import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { AppServer } from './support/app-server';
import { Backend } from './support/backend';
import { buildProductionApp, cspBuild, cspDist } from './support/csp';
import { expect, seedUsers, signIn, test } from './support/fixtures';
import { initialSources } from './support/initial-size';

/**
 * Less JavaScript before the first paint (issue 22): the realtime layer (the hub service,
 * tab sharing, the SignalR client) and the browser's notifier are lazy chunks, loaded
 * once a session starts or the browser is idle. Read in the production build's stats,
 * and in Chromium on that build.
 */

/** Sources that must stay out of the initial files: each a lazy chunk's reason to exist. */
const lazySources = [
  'node_modules/@microsoft/signalr/',
  'src/app/realtime/signalr.service.ts',
  'src/app/realtime/tab-sharing.ts',
  'src/app/realtime/group-membership.ts',
  'src/app/realtime/realtime.effects.ts',
  'src/app/notifications/away-notifications.ts',
];

/** The production build's chunk that holds `source` (the stats' output whose inputs name it). */
function chunkHolding(source: string): string {
  const stats = JSON.parse(readFileSync(join(cspBuild, 'browser-stats.json'), 'utf8')) as {
    outputs: Record<string, { inputs?: Record<string, unknown> }>;
  };
  const found = Object.entries(stats.outputs).find(
    ([file, output]) => file.endsWith('.js') && source in (output.inputs ?? {}),
  );
  if (!found) throw new Error(`No chunk of the production build holds ${source}.`);
  return found[0];
}

/** Whether the page has requested the chunk file `name` (its resource timing). */
function chunkRequested(page: Page, name: string): Promise<boolean> {
  return page.evaluate(
    (file) =>
      performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(`/${file}`)),
    name,
  );
}

/** A new page signed in on the album list, once idle time has come and gone (the filters load then). */
async function listPastIdle(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, seedUsers.an);
  await expect(
    page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
  ).toBeVisible();
  await expect(page.getByRole('searchbox')).toBeVisible();
  return page;
}

/**
 * A context with a stored session, signed in on a page since closed: its next page opens
 * as a photographer's reload does, cold, on the stored session.
 */
async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const signInPage = await context.newPage();
    await signIn(signInPage, seedUsers.an);
    await signInPage.close();
    return context;
  } catch (error) {
    await context.close();
    throw error;
  }
}

let backend: Backend;
let app: AppServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  buildProductionApp();
  backend = await Backend.start();
  app = await AppServer.start(cspDist, () => backend.port);
});

test.afterAll(async () => {
  await app?.stop();
  await backend?.stop();
});

test('the initial files hold neither the SignalR client nor the realtime layer', () => {
  const initial = initialSources(cspBuild);
  expect(
    initial.filter((source) => lazySources.some((lazy) => source.startsWith(lazy))),
    'sources of lazy chunks in the initial files',
  ).toEqual([]);
  // The control: the root of the app is there, and so is what starts the hub (a few lines).
  expect(initial).toContain('src/app/app.config.ts');
  expect(initial).toContain('src/app/realtime/hub-session.effects.ts');
});

test('the sign-in page never loads the realtime layer nor the SignalR client: no session, no hub', async ({
  browser,
}) => {
  const client = chunkHolding('node_modules/@microsoft/signalr/dist/esm/index.js');
  const layer = chunkHolding('src/app/realtime/signalr.service.ts');
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('button', { name: /sign in with google/i })).toBeVisible();
    const loaded = (file: string) =>
      page.evaluate(
        (name) =>
          performance.getEntriesByType('resource').find((entry) => entry.name.endsWith(`/${name}`))
            ?.startTime ?? null,
        file,
      );
    // Past the moment idle-time work starts (the browser's next idle time after the first
    // paint, 2 s at most): the notifier waits for a hub, and there is none signed out.
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          requestIdleCallback(() => setTimeout(() => requestIdleCallback(() => done()), 2_500), {
            timeout: 2_000,
          }),
        ),
    );
    expect(await loaded(layer), 'the realtime layer, signed out').toBeNull();
    expect(await loaded(client), 'the SignalR client, signed out').toBeNull();

    // Signed in, the client loads and the hub connects.
    await signIn(page, seedUsers.an);
    await expect(
      page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
    ).toBeVisible();
    await expect.poll(() => loaded(client)).not.toBeNull();
    expect(await loaded(layer), 'the realtime layer, signed in').not.toBeNull();
    await expect(new AlbumPage(page).connection).toHaveAccessibleName(/connected/i);
  } finally {
    await context.close();
  }
});

/**
 * A screen's route chunks are requested together while the app boots (`preloadScreen`),
 * not one router level after the other: with every request taking 150 ms, each chunk of
 * the screen is requested before any of them has arrived. Without it, the router asks
 * for the shell and the screen only once the albums routes have arrived and the guard
 * has run. A signed-in screen's realtime chunks (the hub's effects, the SignalR client)
 * go with them: without it they were asked once the app had started and the hub's
 * service had loaded, before the hub's negotiation and so before an album page's reads.
 */
test("a deep link requests all of its screen's route chunks at once", async ({ browser }) => {
  test.setTimeout(120_000);
  const api = await Api.signIn(backend.url, seedUsers.an);
  const album = await api.album((await api.albumInState('Raw')).id);
  const raw = album.tags.find((tag) => tag.type === 'Raw')!;
  const photo = (await api.photos(album.id, raw.id))[0]!;
  const routes = ['src/app/shell/shell.ts', 'src/app/albums/albums.routes.ts'];
  // The album list's hub starts after its first screen (the next test): without its chunks.
  const frame = [
    ...routes,
    'src/app/realtime/realtime.effects.ts',
    'node_modules/@microsoft/signalr/dist/esm/index.js',
  ];
  const screens = [
    { path: '/albums', chunks: [...routes, 'src/app/albums/album-list/album-list.ts'] },
    {
      path: `/albums/${album.id}`,
      chunks: [...frame, 'src/app/albums/album-detail/album-detail.ts'],
    },
    {
      path: `/albums/${album.id}/photos/${photo.id}`,
      chunks: [
        ...frame,
        'src/app/albums/album-detail/album-detail.ts',
        'src/app/albums/album-detail/photo-viewer/photo-viewer-route.ts',
      ],
    },
  ];
  // Each screen's page alone in the browser: it leads the hub, so it loads the client.
  const context = await signedInContext(browser);
  try {
    for (const screen of screens) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      // The hashed chunks are cached for good: from the cache, no request waits.
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await page.goto(screen.path);
      const files = [...new Set(screen.chunks.map(chunkHolding))];
      const timings = await page.evaluate(async (names) => {
        const entry = (name: string) =>
          performance.getEntriesByType('resource').find((e) => e.name.endsWith(`/${name}`)) as
            PerformanceResourceTiming | undefined;
        while (names.some((name) => !entry(name)))
          await new Promise((resolve) => setTimeout(resolve, 50));
        return names.map((name) => ({
          name,
          start: entry(name)!.startTime,
          end: entry(name)!.responseEnd,
        }));
      }, files);
      const lastRequested = Math.max(...timings.map((t) => t.start));
      const firstArrived = Math.min(...timings.map((t) => t.end));
      expect(
        lastRequested,
        `${screen.path}: the last of its chunks requested before the first arrived (${JSON.stringify(timings)})`,
      ).toBeLessThan(firstArrived);
      await page.close();
    }
  } finally {
    await context.close();
  }
});

/**
 * A page opened on the album list starts its hub once its first screen is in
 * (`realtime/hub-start.ts`): the SignalR client and the hub's effects are requested after
 * the list's first covers (the ones fetched at high priority) have arrived, not beside its
 * route chunks; then the hub connects and the list is live. Meanwhile the bar says the
 * hub is connecting, never offline (`connection.feature.ts`). Without it they were requested
 * with the route chunks, before the list's first API call.
 */
test('the album list asks for the SignalR client only after its first covers', async ({
  browser,
}) => {
  const realtime = [
    chunkHolding('node_modules/@microsoft/signalr/dist/esm/index.js'),
    chunkHolding('src/app/realtime/realtime.effects.ts'),
    // The hub service: the list's own chunks reach it only through the layer (realtime-layer.ts).
    chunkHolding('src/app/realtime/signalr.service.ts'),
  ];
  const context = await signedInContext(browser);
  try {
    const page = await context.newPage();
    // Every word the bar's live status says from the page's start: while the hub is held
    // it is on its way ("connecting"), never "offline" with "Reconnect now".
    await page.addInitScript(() => {
      const said: string[] = ((window as unknown as { said: string[] }).said = []);
      const read = () => {
        const label = document
          .querySelector('app-connection-indicator [role="status"]')
          ?.getAttribute('aria-label');
        if (label && said.at(-1) !== label) said.push(label);
      };
      new MutationObserver(read).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-label'],
      });
    });
    await page.goto('/albums');
    await expect(new AlbumPage(page).connection).toHaveAccessibleName(/connected/i, {
      timeout: 20_000,
    });
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    expect(said, 'what the live status said').toEqual([
      'Live updates: connecting',
      'Live updates: connected',
    ]);
    const timings = await page.evaluate((chunks) => {
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const covers = [
        ...document.querySelectorAll<HTMLImageElement>('img[fetchpriority="high"]'),
      ].map((image) => resources.find((entry) => entry.name === image.currentSrc)?.responseEnd);
      const requested = chunks.map(
        (chunk) => resources.find((entry) => entry.name.endsWith(`/${chunk}`))?.startTime,
      );
      return { covers, requested };
    }, realtime);
    expect(timings.covers.length, 'the first covers, fetched at high priority').toBeGreaterThan(0);
    expect(timings.covers.every((end) => end !== undefined)).toBe(true);
    expect(timings.requested.every((start) => start !== undefined)).toBe(true);
    expect(
      Math.min(...(timings.requested as number[])),
      `the realtime chunks requested after the covers arrived (${JSON.stringify(timings)})`,
    ).toBeGreaterThanOrEqual(Math.max(...(timings.covers as number[])));
  } finally {
    await context.close();
  }
});

/**
 * A page opened on the album list asks for its first page while the app is still loading
 * (`albums/album-list/early-list-read.ts`), not once the list's code has arrived and run;
 * the list's own request for it is answered by that one (api-requests.spec.ts counts it
 * once). Held back, the list's chunk arrives only after the read went out (or 5 s); without
 * the early read the read waited for it.
 */
test('the album list asks for its first page before its code has arrived', async ({ browser }) => {
  const listChunk = chunkHolding('src/app/albums/album-list/album-list.ts');
  const context = await signedInContext(browser);
  try {
    const page = await context.newPage();
    let read!: () => void;
    const listRead = new Promise<void>((resolve) => (read = resolve));
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/albums?')) read();
    });
    let readWhileHeld: boolean | null = null;
    await page.route(`**/${listChunk}`, async (route) => {
      readWhileHeld = await Promise.race([
        listRead.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      await route.continue();
    });
    await page.goto('/albums');
    await expect(
      page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
    ).toBeVisible({ timeout: 15_000 });
    expect(readWhileHeld, "the list's first page asked while its chunk was held").toBe(true);
  } finally {
    await context.close();
  }
});

/**
 * The album list's first screen does not evaluate the create-album dialog (the dialog,
 * the forms, the form fields: issue 22's Total Blocking Time): its chunk is requested by
 * the first click on "New album", and the dialog opens from it.
 */
test('the album list loads the create-album dialog only when asked for it', async ({ browser }) => {
  const dialogChunk = chunkHolding(
    'src/app/albums/album-list/create-album-dialog/create-album-dialog.ts',
  );
  const listChunk = chunkHolding('src/app/albums/album-list/album-list.ts');
  expect(dialogChunk, 'the dialog in a chunk of its own').not.toBe(listChunk);
  const context = await browser.newContext({ baseURL: app.url });
  try {
    // Idle time comes and goes: still no dialog.
    const page = await listPastIdle(context);
    const requested = () => chunkRequested(page, dialogChunk);
    expect(await requested(), 'the dialog chunk before any click').toBe(false);
    await page.getByRole('button', { name: 'New album' }).click();
    await expect(page.getByRole('dialog', { name: 'New album' })).toBeVisible();
    expect(await requested(), 'the dialog chunk after the click').toBe(true);
  } finally {
    await context.close();
  }
});

/**
 * Nor does the album page's first screen load the change-folder dialog (the dialog, the
 * forms, the form fields: bytes and evaluation before its first paint on a phone): its
 * chunk is requested by the first click on "Change folder", and the dialog opens from it.
 */
test('the album page loads the change-folder dialog only when asked for it', async ({
  browser,
}) => {
  const dialogChunk = chunkHolding(
    'src/app/albums/album-detail/change-folder-dialog/change-folder-dialog.ts',
  );
  const pageChunk = chunkHolding('src/app/albums/album-detail/album-detail.ts');
  expect(dialogChunk, 'the dialog in a chunk of its own').not.toBe(pageChunk);
  const api = await Api.signIn(backend.url, seedUsers.an);
  const album = await api.albumInState('Stock');
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    await signIn(page, seedUsers.an, `/albums/${album.id}`);
    const changeFolder = new AlbumPage(page)
      .tag('Raw')
      .getByRole('button', { name: 'Change folder' });
    await expect(changeFolder).toBeVisible();
    const requested = () => chunkRequested(page, dialogChunk);
    expect(await requested(), 'the dialog chunk before any click').toBe(false);
    await changeFolder.click();
    await expect(page.getByRole('dialog', { name: /Change the Raw folder/ })).toBeVisible();
    expect(await requested(), 'the dialog chunk after the click').toBe(true);
  } finally {
    await context.close();
  }
});

/**
 * Nor does any signed-in screen load the account menu (Material's menu, and the CDK's
 * overlay where the screen has no other use for it before idle time: bytes and evaluation
 * before the first paint on a phone): the bar shows its button, whose first use loads the
 * menu's chunk and opens it. From the keyboard, that first press opens it with its first
 * item focused, as the menu's own trigger would.
 */
test('the bar loads the account menu only when asked for it', async ({ browser }) => {
  const menuChunk = chunkHolding('src/app/shell/account-controls/account-menu.ts');
  const shellChunk = chunkHolding('src/app/shell/shell.ts');
  expect(menuChunk, 'the menu in a chunk of its own').not.toBe(shellChunk);
  const context = await browser.newContext({ baseURL: app.url });
  try {
    // Idle time comes and goes: still no menu.
    const page = await listPastIdle(context);
    const account = page.getByRole('button', { name: /account:/i });
    await expect(account).toHaveAttribute('aria-haspopup', 'menu');
    expect(await chunkRequested(page, menuChunk), 'the menu chunk before any use').toBe(false);

    await account.focus();
    await page.keyboard.press('Enter');
    const signOut = page.getByRole('menuitem', { name: 'Sign out' });
    await expect(signOut).toBeFocused();
    expect(await chunkRequested(page, menuChunk), 'the menu chunk after the press').toBe(true);
    await page.keyboard.press('Escape');
    await expect(signOut).toBeHidden();
    await expect(account).toBeFocused();
    await expect(account).toHaveAttribute('aria-expanded', 'false');
  } finally {
    await context.close();
  }
});

/** The menu's chunk lost on the way (offline, or a deploy removed it): said, and tried again. */
test('a first click whose menu chunk fails to load says so, and the next click opens it', async ({
  browser,
}) => {
  const menuChunk = chunkHolding('src/app/shell/account-controls/account-menu.ts');
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    await signIn(page, seedUsers.an);
    const account = page.getByRole('button', { name: /account:/i });
    await expect(account).toBeVisible();
    await page.route(`**/${menuChunk}`, (route) => route.abort('internetdisconnected'), {
      times: 1,
    });
    await account.click();
    await expect(page.getByRole('alert')).toContainText('The account menu could not be loaded');
    await expect(page.getByRole('menu')).toBeHidden();

    await account.click();
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByRole('alert')).toBeHidden();
  } finally {
    await context.close();
  }
});
