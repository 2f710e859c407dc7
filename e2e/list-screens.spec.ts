import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { Api, devPost } from './support/api';
import { backendUrl, expect, seedUsers, test } from './support/fixtures';
import { signInHere } from './support/languages';

/**
 * Issue 21: the album list at a studio's size (Studio An with 600 archive albums) on a desktop
 * and a phone, light and dark, in English and Vietnamese: its top and a place deep in it.
 * Each run checks what a photographer reads there and saves pictures for a person to look at.
 */
const folder = process.env['E2E_SHOTS'] ?? join(__dirname, '.output', 'screenshots', 'list');

const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 780 },
} as const;

/** The studio's albums (the seed's and the archive), as each language writes the count. */
let total = 0;
const counted = {
  en: (n: number) => n.toLocaleString('en-US'),
  vi: (n: number) => n.toLocaleString('vi-VN'),
};

test.beforeAll(async () => {
  await Api.reset(backendUrl());
  const response = await devPost(backendUrl(), '/api/dev/albums/archive', {
    email: seedUsers.an,
    count: 600,
  });
  expect(response.status, 'POST /api/dev/albums/archive').toBe(201);
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  total = (await api.request<{ totalCount: number }>('GET', '/api/v1/albums?pageSize=1')).body
    .totalCount;
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // animations and lazy covers settle
  await page.screenshot({ path: join(folder, `${name}.png`) });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const language of ['en', 'vi'] as const) {
  for (const [size, viewport] of Object.entries(viewports)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test.describe(`${language} ${size} ${colorScheme}`, () => {
        test.use({ viewport, colorScheme, locale: language === 'vi' ? 'vi-VN' : 'en-US' });

        test(`the list of ${600} albums, its top and deep in it (${language}, ${size}, ${colorScheme})`, async ({
          page,
        }) => {
          const suffix = `${language}-${viewport.width}-${colorScheme}`;
          await page.goto(`/${language}/login`);
          await signInHere(page, seedUsers.an);
          const cards = page.locator('app-album-card');
          await expect(cards.first()).toBeVisible();
          await expect(page.locator('.subtitle')).toContainText(counted[language](total));
          // One layout for every card: a name on two lines no longer makes its cover shorter.
          const covers = await page
            .locator('app-album-card .cover')
            .evaluateAll((elements) => elements.map((el) => el.getBoundingClientRect().height));
          expect(new Set(covers).size, `cover heights ${covers.join(', ')}`).toBe(1);
          await shoot(page, `list-top-${suffix}`);

          // Deep in the list: its cards load there, each with its name and photo count.
          await page.evaluate(() =>
            window.scrollTo(0, document.documentElement.scrollHeight * 0.6),
          );
          await expect(
            page
              .locator('app-album-card h2')
              .filter({ hasText: /Archive album/ })
              .first(),
          ).toBeVisible();
          await expect(page.locator('.placeholder')).toHaveCount(0);
          await shoot(page, `list-deep-${suffix}`);
        });
      });
    }
  }
}
