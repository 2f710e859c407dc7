import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('the album list searches, filters by stage, and shows a sync started elsewhere live', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const albums = await api.albums();
  const init = await api.albumInState('Init');
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
  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 150 })).toBe(202);
  const bar = page.getByRole('progressbar', { name: `Sync of ${init.name}` });
  await expect(bar).toBeVisible({ timeout: 10_000 });
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  // When it is done the card says the new stage, with no reload.
  const card = page.getByRole('link', { name: new RegExp(init.name) });
  await expect(card).toContainText('Raw', { timeout: 30_000 });
  await expect(bar).toBeHidden();
});
