import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AlbumPage } from './support/album-page';
import { Api, devPost } from './support/api';
import { backendUrl as sharedBackend, expect, seedUsers, signIn, test } from './support/fixtures';
import { startStack, type Stack } from './support/stack';

test.describe('on the shared backend', () => {
  test.beforeEach(async () => {
    await Api.reset(sharedBackend());
  });

  test('a network cut mid-sync: reconnecting, then connected, and the true final state without a reload', async ({
    page,
  }) => {
    const api = await Api.signIn(sharedBackend(), seedUsers.an);
    const init = await api.albumInState('Init');
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);
    const documentId = await page.evaluate(
      () => ((window as { e2eDocument?: number }).e2eDocument = Math.random()),
    );

    // A slow sync, started as the photographer would, so the cut lands in its middle.
    expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 150 })).toBe(202);
    await expect(album.progress('Raw')).toBeVisible();
    await expect
      .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
      .toBeGreaterThan(5);

    // The cut: every hub connection dropped at once, and the browser stays offline for a
    // moment (so neither a stateful resume nor a new negotiate can win before anyone could
    // see it).
    await album.recordConnection();
    await page.context().setOffline(true);
    const cut = await devPost(sharedBackend(), '/api/dev/hub/disconnect-all');
    expect(cut.ok).toBe(true);
    await expect(album.connection).toHaveAccessibleName(/reconnecting|connecting|offline/i, {
      timeout: 10_000,
    });
    await page.waitForTimeout(1500);
    await page.context().setOffline(false);
    await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });
    expect(await album.recordedConnection()).toContain('Live updates: connected');

    await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100', {
      timeout: 60_000,
    });
    await expect(album.tagStatus('Raw')).toHaveText('Ready');
    await album.expectStage('Raw');
    await album.expectToMatch(await api.waitForState(init.id, 'Raw'));
    // Same document: no reload happened.
    expect(await page.evaluate(() => (window as { e2eDocument?: number }).e2eDocument)).toBe(
      documentId,
    );
  });

  test('a short cut on WebSockets is healed by stateful reconnect: no reconnect, no re-fetch, nothing missed', async ({
    page,
  }) => {
    const api = await Api.signIn(sharedBackend(), seedUsers.an);
    const init = await api.albumInState('Init');
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);

    expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 150 })).toBe(202);
    await expect
      .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
      .toBeGreaterThan(5);

    // Only the sockets drop; the server keeps each connection, its groups and its unacked
    // messages for a moment, and the client resumes on a new socket with the same token.
    await album.recordConnection();
    const refetches: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(`/api/v1/albums/${init.id}`)) refetches.push(request.url());
    });
    const negotiations: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/hubs/notification/negotiate')) negotiations.push(request.url());
    });
    expect((await devPost(sharedBackend(), '/api/dev/hub/disconnect-all')).ok).toBe(true);

    await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100', {
      timeout: 60_000,
    });
    await expect(album.tagStatus('Raw')).toHaveText('Ready');
    await album.expectToMatch(await api.waitForState(init.id, 'Raw'));
    expect(await album.recordedConnection()).not.toContainEqual(
      expect.stringMatching(/reconnecting/i),
    );
    expect(negotiations).toEqual([]);
    // The album is fetched again for its state change, never for a reconnect (the table's
    // AlbumSyncCompleted and AlbumStateChanged): at most those two.
    expect(
      refetches.filter((url) => !url.includes('/photos') && !url.includes('/transitions')).length,
    ).toBeLessThanOrEqual(2);
  });

  test('bad hub events (wrong types, missing fields, unknown targets, a huge payload) leave the page working', async ({
    page,
  }) => {
    const api = await Api.signIn(sharedBackend(), seedUsers.an);
    const init = await api.albumInState('Init');
    const rawTag = (await api.album(init.id)).tags.find((tag) => tag.type === 'Raw')!;
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);

    const now = new Date().toISOString();
    const bad: { target: string; arguments: unknown[] }[] = [
      {
        target: 'PhotoSyncProgress',
        arguments: [
          {
            albumId: init.id,
            albumTagId: rawTag.id,
            processedCount: 'many',
            totalCount: null,
            timestamp: now,
          },
        ],
      },
      { target: 'PhotoSyncProgress', arguments: [{ albumId: init.id }] },
      { target: 'PhotoSyncProgress', arguments: [] },
      { target: 'PhotoSyncProgress', arguments: [null] },
      { target: 'PhotoSyncProgress', arguments: ['<img src=x onerror=alert(1)>'] },
      {
        target: 'AlbumStateChanged',
        arguments: [
          {
            albumId: init.id,
            oldState: 'Init',
            newState: 'Nonsense',
            message: 1,
            timestamp: 'yesterday',
          },
        ],
      },
      { target: 'AlbumStateChanged', arguments: [{ albumId: 42, newState: {} }] },
      {
        target: 'AlbumTagStatusChanged',
        arguments: [{ albumId: init.id, albumTagId: rawTag.id, newStatus: 'Exploded' }],
      },
      { target: 'AlbumSyncError', arguments: [[1, 2, 3]] },
      { target: 'NoSuchEvent', arguments: [{ albumId: init.id }] },
      { target: '__proto__', arguments: [{ albumId: init.id }] },
      {
        target: 'PhotoSyncProgress',
        arguments: [
          {
            albumId: init.id,
            albumTagId: rawTag.id,
            processedCount: 'x'.repeat(900_000),
            totalCount: 2,
            albumTagType: 'Raw',
            timestamp: now,
          },
        ],
      },
    ];
    // A well-formed event about an album this page does not hold changes nothing either.
    bad.push({
      target: 'AlbumStateChanged',
      arguments: [
        {
          albumId: '11111111-1111-4111-8111-111111111111',
          oldState: 'Init',
          newState: 'Raw',
          message: 'x',
          timestamp: now,
        },
      ],
    });
    for (const event of bad) {
      const response = await devPost(sharedBackend(), '/api/dev/hub/emit', {
        albumId: init.id,
        ...event,
      });
      expect(response.ok, `emit ${event.target}: ${response.status}`).toBe(true);
    }

    // Nothing changed on screen that the backend did not say…
    await album.expectStage('Init');
    await expect(album.tagStatus('Raw')).toHaveText('Pending');
    // …and the page still works: a real sync runs live to the end.
    await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 30_000 });
    await album.trigger('Sync raw photos').click();
    await album.watchProgressToFull('Raw');
    await album.expectStage('Raw');
    await album.expectToMatch(await api.waitForState(init.id, 'Raw'));
  });
});

test.describe('on a backend of its own', () => {
  let stack: Stack | undefined;
  let context: BrowserContext | undefined;
  let errors: Error[] = [];

  /** A page on this test's own stack; its uncaught errors fail the test like the fixture's do. */
  async function ownPage(
    browser: Browser,
    options: Parameters<typeof startStack>[0],
  ): Promise<Page> {
    stack = await startStack(options);
    context = await browser.newContext({ baseURL: stack.appUrl });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error));
    return page;
  }

  test.afterEach(async () => {
    await context?.close();
    await stack?.stop();
    context = undefined;
    stack = undefined;
    const raised = errors.map((error) => error.message);
    errors = [];
    expect(raised, 'uncaught errors in the page').toEqual([]);
  });

  test('the backend restarted mid-sync: the page reconnects and shows the failed sync, then a retry completes it', async ({
    browser,
  }) => {
    const page = await ownPage(browser, { syncPhotosPerSecond: 100 });
    const api = await Api.signIn(stack!.backend.url, seedUsers.an);
    const init = await api.albumInState('Init');
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);
    const documentId = await page.evaluate(
      () => ((window as { e2eDocument?: number }).e2eDocument = Math.random()),
    );

    await album.trigger('Sync raw photos').click();
    await expect
      .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
      .toBeGreaterThan(5);

    await stack!.backend.restart();
    await expect(album.connection).toHaveAccessibleName(/connected/i, { timeout: 45_000 });

    // The backend marked the interrupted sync failed; the page says so and offers to retry.
    const truth = await api.album(init.id);
    expect(truth.tags.find((tag) => tag.type === 'Raw')?.status).toBe('Failed');
    await expect(album.tagStatus('Raw')).toHaveText('Failed', { timeout: 15_000 });
    await album.expectStage('Init');
    await expect(album.tag('Raw')).toContainText('failed');
    expect(await page.evaluate(() => (window as { e2eDocument?: number }).e2eDocument)).toBe(
      documentId,
    );

    await album.tag('Raw').getByRole('button', { name: 'Retry sync of the Raw tag' }).click();
    await expect(album.tagStatus('Raw')).toHaveText('Ready', { timeout: 60_000 });
    await album.expectToMatch(await api.album(init.id));
  });

  test('a 20-second token lifetime during a long sync: still signed in, the view keeps updating', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const page = await ownPage(browser, { syncPhotosPerSecond: 40, accessTokenTtlSeconds: 20 });
    const api = await Api.signIn(stack!.backend.url, seedUsers.an);
    const init = await api.albumInState('Init');
    await signIn(page, seedUsers.an);
    const album = new AlbumPage(page);
    await album.open(init.id);
    await expect(album.connection).toHaveAccessibleName(/connected/i);

    await album.trigger('Sync raw photos').click();
    // 2,400 photos at 40 a second: a minute, three token lifetimes.
    const values = await album.watchProgressToFull('Raw', 150_000);
    expect(values.filter((value) => value > 0 && value < 100).length).toBeGreaterThan(5);
    await album.expectStage('Raw');
    await expect(page).toHaveURL(new RegExp(`/albums/${init.id}`));
    await expect(page.getByRole('button', { name: /account: .+/i })).toBeVisible();
    // Still signed in: the API answers the app after the first token is long expired.
    await page.getByRole('link', { name: 'All albums', exact: true }).click();
    await expect(page).toHaveURL(/\/albums$/);
    await expect(
      page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
    ).toBeVisible();
  });
});
