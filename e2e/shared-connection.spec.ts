import type { BrowserContext, Page } from '@playwright/test';
import { AlbumPage } from './support/album-page';
import { Api, type Album } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

// Issue 12: the tabs of one browser share one hub connection. Forced to Long Polling (what
// PhotoFlow's documentation configures behind proxies that block WebSockets), each tab would
// hold one of the browser's six HTTP/1.1 connections to the host with its poll: the seventh
// tab, and every REST call of every tab, would stall.

const TABS = 8;
const LONG_POLLING = '?transport=LongPolling';

interface HubStats {
  connections: number;
  groups: Record<string, number>;
}

async function hubStats(): Promise<HubStats> {
  const response = await fetch(`${backendUrl()}/api/dev/hub/stats`);
  expect(response.ok, 'GET /api/dev/hub/stats').toBe(true);
  return (await response.json()) as HubStats;
}

/** Albums of their own, each with a Raw tag on one Drive folder: syncs that run side by side. */
async function createAlbums(api: Api, count: number): Promise<Album[]> {
  const folder = (await api.driveFolders()).find((item) => item.name.startsWith('Hoa Graduation'))!;
  const albums: Album[] = [];
  for (let i = 0; i < count; i++) albums.push(await api.createAlbum(`Tab ${i + 1}`, folder.url));
  return albums;
}

/** Every negotiate each page sends: who talks to the hub. */
function watchNegotiates(pages: readonly Page[]): Map<Page, number> {
  const counts = new Map(pages.map((page) => [page, 0]));
  for (const page of pages) {
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/hubs/notification/negotiate'))
        counts.set(page, (counts.get(page) ?? 0) + 1);
    });
  }
  return counts;
}

/** Signs in once, then opens each album in a tab of its own (the first tab is the first page). */
async function openTabs(
  context: BrowserContext,
  first: Page,
  albums: readonly Album[],
): Promise<AlbumPage[]> {
  await signIn(first, seedUsers.an, `/albums/${albums[0]!.id}${LONG_POLLING}`);
  const tabs = [new AlbumPage(first)];
  await expect(tabs[0]!.connection).toHaveAccessibleName(/connected/i);
  for (const album of albums.slice(1)) {
    const tab = new AlbumPage(await context.newPage());
    await tab.open(album.id, LONG_POLLING);
    tabs.push(tab);
  }
  for (const tab of tabs) {
    await expect(tab.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });
  }
  return tabs;
}

/** The bar moves while the server syncs: some value strictly between 0 and 100 is shown. */
async function expectLiveProgress(tab: AlbumPage): Promise<void> {
  await expect
    .poll(async () => Number(await tab.progress('Raw').getAttribute('aria-valuenow')), {
      timeout: 30_000,
      intervals: [100],
    })
    .toBeGreaterThan(0);
}

test.describe('one hub connection for every tab of the browser', () => {
  test.beforeEach(async () => {
    await Api.reset(backendUrl());
  });

  test('eight tabs on Long Polling, each on its own album while syncs run: all live, all equal to the server, over one connection', async ({
    page,
    context,
  }) => {
    test.setTimeout(240_000);
    const api = await Api.signIn(backendUrl(), seedUsers.an);
    const albums = await createAlbums(api, TABS);
    const tabs = await openTabs(context, page, albums);

    // One connection, and each album's group joined by it alone.
    await expect.poll(async () => (await hubStats()).connections).toBe(1);
    const stats = await hubStats();
    for (const album of albums) expect(stats.groups[`album_${album.id}`]).toBe(1);

    // 180 photos at 15 a second: 12 s of syncing, the eight side by side.
    for (const album of albums) {
      expect(await api.fire(album.id, 'SyncRawTag', { photosPerSecond: 15 })).toBe(202);
    }
    await Promise.all(tabs.map((tab) => expectLiveProgress(tab)));
    for (const [i, tab] of tabs.entries()) {
      await tab.expectStage('Raw');
      await tab.expectToMatch(await api.waitForState(albums[i]!.id, 'Raw'));
    }
    expect((await hubStats()).connections).toBe(1);
  });

  test('the leader tab closed mid-sync: the others carry on, without a reload, and end equal to the server', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const api = await Api.signIn(backendUrl(), seedUsers.an);
    const albums = await createAlbums(api, 4);
    const tabs = await openTabs(context, page, albums);
    await expect.poll(async () => (await hubStats()).connections).toBe(1);
    const pages = tabs.map((tab) => tab.page);
    for (const tab of pages) {
      await tab.evaluate(
        () => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true),
      );
    }
    const negotiates = watchNegotiates(pages.slice(1));

    for (const album of albums) {
      expect(await api.fire(album.id, 'SyncRawTag', { photosPerSecond: 10 })).toBe(202);
    }
    await Promise.all(tabs.map((tab) => expectLiveProgress(tab)));
    // The first tab, the only one when the session started, holds the connection.
    await page.close();

    const followers = tabs.slice(1);
    // Another tab takes over: it negotiates a connection of its own, and it alone. (The
    // closed tab's Long Polling connection lingers on the server until its poll times out.)
    const negotiators = () => [...negotiates.values()].filter((count) => count > 0).length;
    await expect.poll(negotiators, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await hubStats()).connections, { timeout: 30_000 }).toBe(1);
    expect(negotiators()).toBe(1);
    for (const [i, tab] of followers.entries()) {
      const before = Number(await tab.progress('Raw').getAttribute('aria-valuenow'));
      const truth = await api.album(albums[i + 1]!.id);
      if (truth.sync) {
        // Still live: the bar moves on from where it was after the leader went.
        await expect
          .poll(async () => Number(await tab.progress('Raw').getAttribute('aria-valuenow')), {
            timeout: 20_000,
          })
          .toBeGreaterThan(before);
      }
    }
    for (const [i, tab] of followers.entries()) {
      await tab.expectToMatch(await api.waitForState(albums[i + 1]!.id, 'Raw'));
      await expect(tab.connection).toHaveAccessibleName(/connected/i);
      expect(
        await tab.page.evaluate(
          () => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument,
        ),
        'no reload',
      ).toBe(true);
    }
  });

  test('signing out in a follower tab signs out every tab and closes the shared connection', async ({
    page,
    context,
  }) => {
    const api = await Api.signIn(backendUrl(), seedUsers.an);
    const albums = await createAlbums(api, 3);
    const tabs = await openTabs(context, page, albums);
    await expect.poll(async () => (await hubStats()).connections).toBe(1);

    const follower = tabs[2]!.page;
    await follower.getByRole('button', { name: /account:/i }).click();
    await follower.getByRole('menuitem', { name: 'Sign out' }).click();
    for (const tab of tabs) await expect(tab.page).toHaveURL(/\/login/);
    await expect.poll(async () => (await hubStats()).connections, { timeout: 15_000 }).toBe(0);
  });
});
