import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { AlbumPage } from './support/album-page';
import { Api, devPost } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

const folder = join(__dirname, '.output', 'screenshots');
const viewports = {
  desktop: { width: 1280, height: 860 },
  mobile: { width: 360, height: 780 },
} as const;

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  // Let animations and lazy images settle; the picture is for a person to look at.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage });
  // 360 px must never scroll sideways.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const [size, viewport] of Object.entries(viewports)) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${size} ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });

      test(`every screen at ${viewport.width} px in the ${colorScheme} theme`, async ({ page }) => {
        await Api.reset(backendUrl());
        const api = await Api.signIn(backendUrl(), seedUsers.an);
        const init = await api.albumInState('Init');
        const stock = await api.albumInState('Stock');
        const suffix = `${size}-${colorScheme}`;

        await page.goto('/login');
        await expect(page.getByRole('button', { name: /sign in with google/i })).toBeVisible();
        await shoot(page, `sign-in-${suffix}`);

        await signIn(page, seedUsers.an);
        await expect(
          page.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
        ).toBeVisible();
        await shoot(page, `albums-${suffix}`);

        // The account menu, loaded and opened by its button's first click.
        await page.getByRole('button', { name: /account:/i }).click();
        await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
        await shoot(page, `account-menu-${suffix}`, false);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeHidden();

        const album = new AlbumPage(page);
        await album.open(stock.id);
        await expect(
          page.getByRole('list', { name: 'Stock photos' }).getByRole('img').first(),
        ).toBeVisible();
        await shoot(page, `album-stock-${suffix}`);

        await album.open(init.id);
        expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 120 })).toBe(202);
        await expect
          .poll(async () => Number(await album.progress('Raw').getAttribute('aria-valuenow')))
          .toBeGreaterThan(10);
        await shoot(page, `album-syncing-${suffix}`);

        await page.goto('/albums/00000000-0000-4000-8000-000000000000');
        await expect(page.getByRole('alert')).toBeVisible();
        await shoot(page, `album-unknown-${suffix}`);

        // The client's picks, marked in the Rate tag.
        const stockTag = (await api.album(stock.id)).tags.find((tag) => tag.type === 'Stock')!;
        const votes = (await api.photos(stock.id, stockTag.id))
          .filter((_, index) => index % 3 === 0)
          .map((photo) => photo.id);
        expect(
          (
            await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
              trigger: 'Rate',
              votes,
            })
          ).ok,
        ).toBe(true);
        await album.open(stock.id);
        await album.expectStage('Rate');
        await expect(
          page.getByRole('list', { name: 'Rate photos' }).getByText("Client's pick").first(),
        ).toBeVisible();
        await shoot(page, `album-rate-picks-${suffix}`);

        // The viewer, opened from a picked tile.
        await page.getByRole('list', { name: 'Rate photos' }).getByRole('link').first().click();
        await expect(page.getByRole('dialog').getByTestId('viewer-position')).toBeVisible();
        await shoot(page, `photo-viewer-${suffix}`, false);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);

        await page.goto('/albums');
        await page.getByRole('button', { name: 'New album' }).click();
        await expect(page.getByRole('dialog', { name: 'New album' })).toBeVisible();
        await shoot(page, `create-album-${suffix}`, false);
      });
    });
  }
}
