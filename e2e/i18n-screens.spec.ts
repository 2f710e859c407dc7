import { join } from 'node:path';
import { Api } from './support/api';
import { seriousViolations } from './support/axe';
import { backendUrl, expect, seedUsers, test } from './support/fixtures';
import { everyScreen } from './support/languages';

const folder = join(__dirname, '.output', 'screenshots', 'languages');

const runs = [
  { language: 'vi', locale: 'vi-VN', viewport: { width: 360, height: 780 } },
  { language: 'en', locale: 'en-US', viewport: { width: 360, height: 780 } },
  { language: 'vi', locale: 'vi-VN', viewport: { width: 1280, height: 860 } },
] as const;

for (const { language, locale, viewport } of runs) {
  test.describe(`${language} at ${viewport.width} px`, () => {
    test.use({ locale, viewport });

    test(`every screen in ${language} at ${viewport.width} px: no sideways scroll, no serious axe violation`, async ({
      page,
    }) => {
      await Api.reset(backendUrl());
      const api = await Api.signIn(backendUrl(), seedUsers.an);
      const problems: Record<string, unknown> = {};
      await everyScreen(page, api, seedUsers.an, async (screen) => {
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        // Let animations and lazy images settle; the picture is for a person to look at.
        await page.waitForTimeout(400);
        await page.screenshot({
          path: join(folder, `${screen}-${language}-${viewport.width}.png`),
          fullPage: !(await page.getByRole('dialog').isVisible()),
        });
        const measure = async () => ({
          overflow: await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
          violations: await seriousViolations(page),
        });
        let found = await measure();
        // A busy machine can catch a toast or a bar mid-animation: what is still wrong a
        // second later is a problem of the screen, not of the moment.
        if (found.overflow > 0 || found.violations.length) {
          console.log(`${screen}: measured again after ${JSON.stringify(found)}`);
          await page.waitForTimeout(1000);
          found = await measure();
        }
        if (found.overflow > 0 || found.violations.length) problems[screen] = found;
      });
      expect(problems).toEqual({});
    });
  });
}
