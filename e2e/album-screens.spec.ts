import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, test } from './support/fixtures';
import { signInHere } from './support/languages';
import { weddingAtRate, type Wedding } from './support/wedding';

/** Where the pictures go, for a person to look at (`E2E_SHOTS`, else the suite's output). */
const folder = process.env['E2E_SHOTS'] ?? join(__dirname, '.output', 'screenshots', 'album');

let wedding: Wedding;

test.beforeAll(async () => {
  await Api.reset(backendUrl());
  wedding = await weddingAtRate(await Api.signIn(backendUrl(), seedUsers.an));
});

async function openAtRate(page: Page, language: string): Promise<void> {
  await page.goto(`/${language}/login`);
  await signInHere(page, seedUsers.an);
  await page.goto(`/${language}/albums/${wedding.album.id}`);
  await expect(page.locator('app-photo-grid img').first()).toBeVisible();
  await expect(page.locator('app-client-picks .tools')).toBeVisible();
}

async function shoot(page: Page, name: string, fullPage: boolean): Promise<void> {
  await page.waitForTimeout(400); // animations and lazy images settle
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage });
}

const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 780 },
} as const;

for (const language of ['en', 'vi'] as const) {
  for (const [size, viewport] of Object.entries(viewports)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      test.describe(`${language} ${size} ${colorScheme}`, () => {
        test.use({ viewport, colorScheme, locale: language === 'vi' ? 'vi-VN' : 'en-US' });

        test(`the wedding at Rate and its viewer, ${language}, ${viewport.width} px, ${colorScheme}`, async ({
          page,
        }) => {
          const suffix = `${language}-${viewport.width}-${colorScheme}`;
          await openAtRate(page, language);
          await shoot(page, `rate-fold-${suffix}`, false);
          await shoot(page, `rate-page-${suffix}`, true);
          await page.locator('app-photo-grid a.open').first().click();
          await expect(page.getByTestId('viewer-position')).toBeVisible();
          await shoot(page, `viewer-${suffix}`, false);
        });
      });
    }
  }
}
