import type { Page } from '@playwright/test';
import { AlbumListPage } from './support/album-list-page';
import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { chromiumArgs, findChromium } from './support/chromium';
import { documentMark, markDocument } from './support/document-mark';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

// "Back" is instant: the page comes back from the back/forward cache as it was left, then
// catches up with what changed meanwhile, as after any reconnect. Playwright turns the
// cache off by default (--disable-back-forward-cache); these tests run Chromium as it ships.
test.use({
  launchOptions: {
    executablePath: findChromium(),
    args: chromiumArgs,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

/** Counts the page's restores from the cache (`pageshow` with `persisted`). */
async function countRestores(page: Page): Promise<void> {
  await page.evaluate(() => {
    const counted = window as { e2eRestores?: number };
    counted.e2eRestores = 0;
    addEventListener('pageshow', (event) => {
      if (event.persisted) counted.e2eRestores! += 1;
    });
  });
}

/**
 * What Chromium says kept the page out of the cache: the new document's navigation entry
 * (`back_forward`, with `notRestoredReasons`). A restored page keeps its first entry
 * (`navigate`, no reasons): no new entry is made for a restore.
 */
async function notRestoredReasons(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & {
      notRestoredReasons?: unknown;
    };
    return { type: entry.type, notRestoredReasons: entry.notRestoredReasons ?? null };
  });
}

/**
 * Leaves the app for another document, runs `meanwhile`, and comes back with "Back":
 * restored, not reloaded (the same document, one `pageshow` with `persisted`, and no
 * `Page.backForwardCacheNotUsed` from DevTools).
 */
async function awayAndBack(page: Page, meanwhile: () => Promise<void>): Promise<void> {
  await countRestores(page);
  const mark = await markDocument(page);
  const devtools = await page.context().newCDPSession(page);
  const refusals: unknown[] = [];
  devtools.on('Page.backForwardCacheNotUsed', (event) => refusals.push(event));
  await devtools.send('Page.enable');
  await page.goto('/health');
  await meanwhile();
  await page.goBack({ waitUntil: 'commit' }); // a restored page has no new `load`
  const restored = (await documentMark(page)) === mark;
  expect(
    restored,
    `restored, not reloaded: ${JSON.stringify(await notRestoredReasons(page))}`,
  ).toBe(true);
  expect(await page.evaluate(() => (window as { e2eRestores?: number }).e2eRestores)).toBe(1);
  expect(refusals, 'DevTools reports no reason the cache was not used').toEqual([]);
  expect(await notRestoredReasons(page)).toEqual({ type: 'navigate', notRestoredReasons: null });
  await devtools.detach();
}

async function hubConnections(): Promise<number> {
  const response = await fetch(`${backendUrl()}/api/dev/hub/stats`);
  return ((await response.json()) as { connections: number }).connections;
}

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('back to the album list: restored from the cache, then up to date with an album made meanwhile', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const folder = (await api.driveFolders()).find((item) => item.name.startsWith('Small Set'))!;
  await signIn(page);
  const list = new AlbumListPage(page);
  await list.expectToMatch(await api.albums());
  await expect.poll(hubConnections).toBe(1);

  await awayAndBack(page, async () => {
    await expect.poll(hubConnections, 'the hub is closed on pagehide').toBe(0);
    await api.createAlbum('Made while away', folder.url);
  });

  await expect(list.card('Made while away')).toHaveCount(1);
  await list.expectToMatch(await api.albums());
  await expect.poll(hubConnections, 'connected again').toBe(1);
});

test('tabs sharing one connection: leader and follower each come back from the cache, up to date', async ({
  page,
  context,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const folder = (await api.driveFolders()).find((item) => item.name.startsWith('Small Set'))!;
  const album = await api.createAlbum('Shared between tabs', folder.url);
  await signIn(page); // the first tab leads: it holds the Web Lock and the BroadcastChannel
  const list = new AlbumListPage(page);
  await list.expectToMatch(await api.albums());
  const second = new AlbumPage(await context.newPage());
  await second.open(album.id);
  await expect(second.connection).toHaveAccessibleName(/connected/i);

  await awayAndBack(page, async () => {
    await expect(second.connection).toHaveAccessibleName(/connected/i); // took the connection over
    await api.createAlbum('Made while the leader was away', folder.url);
  });
  await expect(list.card('Made while the leader was away')).toHaveCount(1);
  await list.expectToMatch(await api.albums());

  await awayAndBack(second.page, async () => {
    expect(await api.fire(album.id, 'SyncRawTag', { photosPerSecond: 1_000_000 })).toBe(202);
    await api.waitForState(album.id, 'Raw');
  });
  await second.expectStage('Raw');
  await expect(second.connection).toHaveAccessibleName(/connected/i);
  await expect.poll(hubConnections, 'still one connection for the browser').toBe(1);
});
