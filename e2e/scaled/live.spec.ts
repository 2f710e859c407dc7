import { expect, test } from '@playwright/test';
import { AlbumPage } from '../support/album-page';
import { Api } from '../support/api';
import { documentMark, markDocument } from '../support/document-mark';
import { seedUsers, signIn } from '../support/fixtures';
import { watchHubTraffic } from '../support/hub-traffic';
import { ScaledSite } from '../support/scaled';

// The app through HAProxy in front of two hub instances joined by Redis: live across
// instances, and over each transport, which (SSE and Long Polling above all) only works
// when every request of a connection reaches the instance that issued it.

let site: ScaledSite;

test.beforeAll(async () => {
  site = await ScaledSite.start();
});

test.afterAll(async () => {
  const errors = await site?.stop();
  expect(errors, 'uncaught errors in the pages').toEqual([]);
});

test.beforeEach(async () => {
  await Api.reset(site.backendUrl);
});

test("two browsers pinned to different instances see each other's trigger, sync progress and state change live", async ({
  browser,
}) => {
  const api = await Api.signIn(site.backendUrl, seedUsers.an);
  const init = await api.albumInState('Init');
  const onHub1 = await site.newPage(browser, 'hub1');
  const onHub2 = await site.newPage(browser, 'hub2');
  await signIn(onHub1, seedUsers.an);
  await signIn(onHub2, seedUsers.chi);
  const mine = new AlbumPage(onHub1);
  const theirs = new AlbumPage(onHub2);
  await mine.open(init.id);
  await theirs.open(init.id);
  await expect(mine.connection).toHaveAccessibleName(/connected/i);
  await expect(theirs.connection).toHaveAccessibleName(/connected/i);
  expect(site.instanceOf(onHub1)).toBe('hub1');
  expect(site.instanceOf(onHub2)).toBe('hub2');

  // An (hub1) fires; Chi (hub2) follows the sync and the new stage.
  await mine.trigger('Sync raw photos').click();
  const raw = await theirs.watchProgressToFull('Raw');
  expect(
    raw.some((value) => value > 0 && value < 100),
    `Raw bar: ${raw.join(', ')}`,
  ).toBe(true);
  await theirs.expectStage('Raw');
  await expect(theirs.tagStatus('Raw')).toHaveText('Ready');
  await expect(theirs.toasts.filter({ hasText: /Album moved to Raw/ })).toBeVisible();

  // Chi (hub2) fires the next step; An (hub1) follows.
  await theirs.trigger('Create stock photos').click();
  const stock = await mine.watchProgressToFull('Stock');
  expect(
    stock.some((value) => value > 0 && value < 100),
    `Stock bar: ${stock.join(', ')}`,
  ).toBe(true);
  await mine.expectStage('Stock');
  const truth = await api.waitForState(init.id, 'Stock');
  await mine.expectToMatch(truth);
  await theirs.expectToMatch(truth);
  expect(site.strayRequests(onHub1)).toEqual([]);
  expect(site.strayRequests(onHub2)).toEqual([]);
});

const transports = ['WebSockets', 'ServerSentEvents', 'LongPolling'] as const;
type Transport = (typeof transports)[number];

for (const transport of transports) {
  test(`a whole sync over ${transport} through the load balancer, network cut included`, async ({
    browser,
  }) => {
    const api = await Api.signIn(site.backendUrl, seedUsers.an);
    const init = await api.albumInState('Init');
    const page = await site.newPage(browser);
    await signIn(page, seedUsers.an);
    // Watch from the reload on, once the list's own connection is up.
    await expect(page.getByRole('status', { name: /live updates/i })).toHaveAccessibleName(
      /connected/i,
    );
    const traffic = watchHubTraffic(page);
    const album = new AlbumPage(page);
    await album.open(init.id, `?transport=${transport}`);
    await expect(album.connection).toHaveAccessibleName(/connected/i);
    const mark = await markDocument(page);

    expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 300 })).toBe(202);
    await expect
      .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
      .toBeGreaterThan(5);

    // The cut: every instance drops its connections, the browser offline a moment.
    await page.context().setOffline(true);
    await site.stack.cutAll();
    await page.waitForTimeout(1500);
    await page.context().setOffline(false);
    await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });

    await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100', {
      timeout: 60_000,
    });
    await expect(album.tagStatus('Raw')).toHaveText('Ready');
    await album.expectToMatch(await api.waitForState(init.id, 'Raw'));
    expect(await documentMark(page)).toBe(mark);

    const expected: Record<Transport, typeof traffic> = {
      WebSockets: { webSocket: true, eventStream: false, longPoll: false },
      ServerSentEvents: { webSocket: false, eventStream: true, longPoll: false },
      LongPolling: { webSocket: false, eventStream: false, longPoll: true },
    };
    expect(traffic).toEqual(expected[transport]);
    // Every request of every connection reached the instance that issued it.
    expect(site.strayRequests(page)).toEqual([]);
    // SSE and Long Polling have no stateful reconnect: the cut made a new connection.
    if (transport !== 'WebSockets') expect(site.issuersOf(page).length).toBeGreaterThan(1);
  });
}
