import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { seriousViolations } from './support/axe';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('sign in, albums and album detail have no serious accessibility violations', async ({
      page,
    }) => {
      const api = await Api.signIn(backendUrl(), seedUsers.an);
      const stock = await api.albumInState('Stock');

      await page.goto('/login');
      await expect(page.getByRole('button', { name: /sign in with google/i })).toBeVisible();
      expect(await seriousViolations(page), 'sign in').toEqual([]);

      await signIn(page, seedUsers.an);
      await expect(
        page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
      ).toBeVisible();
      expect(await seriousViolations(page), 'albums').toEqual([]);

      const album = new AlbumPage(page);
      await album.open(stock.id);
      await expect(album.tag('Stock')).toBeVisible();
      await expect(
        page.getByRole('list', { name: 'Stock photos' }).getByRole('img').first(),
      ).toBeVisible();
      expect(await seriousViolations(page), 'album detail').toEqual([]);
    });

    test('the photo viewer and the dialogs have no serious accessibility violations', async ({
      page,
    }) => {
      const api = await Api.signIn(backendUrl(), seedUsers.an);
      const stock = await api.albumInState('Stock');
      await signIn(page, seedUsers.an, `/albums/${stock.id}`);

      await page.getByRole('list', { name: 'Stock photos' }).getByRole('link').first().click();
      const viewer = page.getByRole('dialog');
      await expect(viewer.getByTestId('viewer-position')).toHaveText('1 of 240');
      expect(await seriousViolations(page), 'photo viewer').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(viewer).toHaveCount(0);

      // Stock is made from the Raw photos and takes no folder: the Raw tag's is changed.
      await new AlbumPage(page).tag('Raw').getByRole('button', { name: 'Change folder' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await seriousViolations(page), 'folder dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.goto('/albums');
      await page.getByRole('button', { name: 'New album' }).click();
      await expect(page.getByRole('dialog', { name: 'New album' })).toBeVisible();
      expect(await seriousViolations(page), 'new album dialog').toEqual([]);
    });
  });
}

test('the album detail works from the keyboard: Tab reaches the next step and Enter fires it', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');
  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(init.id);
  const button = album.trigger('Sync raw photos');
  await expect(button).toBeEnabled();
  for (
    let i = 0;
    i < 30 && !(await button.evaluate((element) => element === document.activeElement));
    i++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(album.progress('Raw')).toBeVisible();
  await album.expectStage('Raw');
});
