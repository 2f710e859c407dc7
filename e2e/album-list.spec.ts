import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('the album list searches, filters by stage, and shows a sync started elsewhere live', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');
  // One newer than Init, so the list starts with it (ordered by modifiedAt).
  const [folder] = await api.driveFolders();
  await api.createAlbum('A newer album', folder!.url);
  const albums = await api.albums();
  await signIn(page, seedUsers.an);
  const list = page.getByRole('list', { name: 'Albums' }).getByRole('listitem');
  await expect(list).toHaveCount(albums.length);

  // Filter by stage: only the Stock album(s).
  await page.getByRole('combobox', { name: 'Stage' }).click();
  await page.getByRole('option', { name: 'Stock', exact: true }).click();
  await expect(list).toHaveCount(albums.filter((album) => album.state === 'Stock').length);
  await expect(page.getByRole('listbox')).toBeHidden();
  await page.getByRole('combobox', { name: 'Stage' }).click();
  await page.getByRole('option', { name: 'All stages' }).click();
  await expect(list).toHaveCount(albums.length);

  // Search by name.
  await page.getByRole('searchbox', { name: 'Search albums' }).fill(init.name);
  await expect(list).toHaveCount(1);
  await expect(list.first()).toContainText(init.name);
  await page.getByRole('searchbox', { name: 'Search albums' }).fill('');
  await expect(list).toHaveCount(albums.length);

  // A sync started elsewhere (a colleague, another tab) while the list is open shows live
  // on its card, as a small bar with a value, with no reload.
  await expect(page.getByRole('status', { name: /live updates/i })).toHaveAccessibleName(
    /connected/i,
  );
  await expect(list.first()).not.toContainText(init.name);
  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 150 })).toBe(202);
  const bar = page.getByRole('progressbar', { name: `Sync of ${init.name}` });
  await expect(bar).toBeVisible({ timeout: 10_000 });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  // The start moved it up on the server (the list is ordered by modifiedAt): the open list
  // shows the order a fresh one would, while it still syncs.
  await expect(list.first()).toContainText(init.name);
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
  // When it is done the card says the new stage, with no reload.
  const card = page.getByRole('link', { name: new RegExp(init.name) });
  await expect(card).toContainText('Raw', { timeout: 30_000 });
  await expect(bar).toBeHidden();
});

test('the search and stage fields come after the list’s first render, in the boxes that held their places', async ({
  page,
}) => {
  // The browser's idle moments are held back until the test releases them: the list's first
  // render stays on screen with its placeholder boxes, to be measured.
  await page.addInitScript(() => {
    const held: (() => void)[] = [];
    const scope = window as unknown as { releaseIdle: () => void };
    scope.releaseIdle = () => {
      window.requestIdleCallback = (callback) =>
        window.setTimeout(() =>
          callback({ didTimeout: false, timeRemaining: () => 50 } as IdleDeadline),
        );
      held.splice(0).forEach((release) => release());
    };
    window.requestIdleCallback = (callback) => {
      held.push(() => callback({ didTimeout: false, timeRemaining: () => 50 } as IdleDeadline));
      return held.length;
    };
  });
  const boxes = (selector: string) =>
    page.locator(`[role="search"] ${selector}`).evaluateAll((elements) =>
      elements.map((element) => {
        const { x, y, width, height } = element.getBoundingClientRect();
        return {
          x: Math.round(x),
          y: Math.round(y),
          width: Math.round(width),
          height: Math.round(height),
        };
      }),
    );
  await signIn(page, seedUsers.an);
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.reload();
    const firstCard = page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first();
    await expect(firstCard).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search albums' })).toHaveCount(0);
    const held = await boxes('.field-placeholder');
    const cardBefore = await firstCard.boundingBox();
    expect(held, `two boxes at ${width} px`).toHaveLength(2);

    await page.evaluate(() => (window as unknown as { releaseIdle: () => void }).releaseIdle());
    await expect(page.getByRole('searchbox', { name: 'Search albums' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Stage' })).toBeVisible();
    await expect(page.locator('.field-placeholder')).toHaveCount(0);
    expect(
      await boxes('mat-form-field'),
      `the fields take the boxes' places at ${width} px`,
    ).toEqual(held);
    expect(await firstCard.boundingBox(), `nothing below moves at ${width} px`).toEqual(cardBefore);
  }
});
