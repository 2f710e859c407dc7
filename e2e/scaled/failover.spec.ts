import { expect, test } from '@playwright/test';
import { AlbumListPage } from '../support/album-list-page';
import { AlbumPage } from '../support/album-page';
import { Api } from '../support/api';
import { documentMark, markDocument } from '../support/document-mark';
import { seedUsers, signIn } from '../support/fixtures';
import { ScaledSite } from '../support/scaled';

// What breaks in production, on the real engines: an instance dies, the backplane restarts.
// Each test has a topology of its own, since it breaks it.

let site: ScaledSite | undefined;

test.afterEach(async () => {
  const errors = await site?.stop();
  site = undefined;
  expect(errors, 'uncaught errors in the pages').toEqual([]);
});

test('the instance serving the page is killed mid-sync: the page reconnects to a survivor, rejoins, resyncs, and ends equal to the server without a reload', async ({
  browser,
}) => {
  site = await ScaledSite.start();
  const api = await Api.signIn(site.backendUrl, seedUsers.an);
  const init = await api.albumInState('Init');
  // hub2: the dev backend publishes to hub1, which must live on to publish.
  const page = await site.newPage(browser, 'hub2');
  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(init.id);
  await expect(album.connection).toHaveAccessibleName(/connected/i);
  expect(site.instanceOf(page)).toBe('hub2');
  const mark = await markDocument(page);

  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 300 })).toBe(202);
  await expect
    .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
    .toBeGreaterThan(5);
  await album.recordConnection();
  await site.stack.kill('hub2');

  await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });
  await expect.poll(() => site!.instanceOf(page), { timeout: 30_000 }).toBe('hub1');
  expect(await album.recordedConnection()).toContainEqual(expect.stringMatching(/reconnecting/i));
  await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100', {
    timeout: 60_000,
  });
  await expect(album.tagStatus('Raw')).toHaveText('Ready');
  await album.expectToMatch(await api.waitForState(init.id, 'Raw'));
  expect(await documentMark(page)).toBe(mark);
});

test('Redis restarted mid-sync: every open page (both instances, album and list) ends equal to the server', async ({
  browser,
}) => {
  site = await ScaledSite.start();
  const api = await Api.signIn(site.backendUrl, seedUsers.an);
  const init = await api.albumInState('Init');
  const albums: AlbumPage[] = [];
  for (const instance of ['hub1', 'hub2']) {
    const page = await site.newPage(browser, instance);
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);
    albums.push(album);
  }
  const listPage = await site.newPage(browser, 'hub2');
  await signIn(listPage, seedUsers.chi, '/albums');
  const list = new AlbumListPage(listPage);
  await expect(list.cards.first()).toBeVisible();
  const pages = [...albums.map((album) => album.page), listPage];
  const marks = await Promise.all(pages.map((page) => markDocument(page)));

  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 300 })).toBe(202);
  for (const album of albums) {
    await expect
      .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
      .toBeGreaterThan(5);
    await album.recordConnection();
  }
  await site.stack.restartRedis(1000);

  for (const album of albums) {
    await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });
    await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100', {
      timeout: 60_000,
    });
  }
  const truth = await api.waitForState(init.id, 'Raw');
  for (const album of albums) {
    // Told the backplane was lost (a full reconnect), then brought back to the truth.
    expect(await album.recordedConnection()).toContainEqual(expect.stringMatching(/reconnecting/i));
    await album.expectToMatch(truth);
  }
  await list.expectToMatch(await api.albums());
  for (const [index, page] of pages.entries()) expect(await documentMark(page)).toBe(marks[index]);
});
