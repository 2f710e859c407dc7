import { test as base, expect, type Page } from '@playwright/test';

export const seedUsers = {
  an: 'an@photoflow.test',
  chi: 'chi@photoflow.test',
  binh: 'binh@photoflow.test',
} as const;
export const seedPassword = 'photoflow';

/** The suite's shared dev backend, started by the global setup. */
export function backendUrl(): string {
  const url = process.env['E2E_BACKEND_URL'];
  if (!url)
    throw new Error('E2E_BACKEND_URL is not set: run the suite with `npx playwright test`.');
  return url;
}

interface Fixtures {
  /** Errors thrown in the page (uncaught exceptions), collected for the whole test. */
  pageErrors: Error[];
}

/**
 * The suite's `test`: the app's address comes from the global setup, and every test
 * fails if the page raised an uncaught error.
 */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  baseURL: async ({}, use) => {
    const url = process.env['E2E_APP_URL'];
    if (!url) throw new Error('E2E_APP_URL is not set: run the suite with `npx playwright test`.');
    await use(url);
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: Error[] = [];
      page.on('pageerror', (error) => errors.push(error));
      // E2E_CONSOLE=1 echoes the page's console, to see what the app says while a test runs.
      if (process.env['E2E_CONSOLE'])
        page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
      await use(errors);
      expect(
        errors.map((error) => error.message),
        'uncaught errors in the page',
      ).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Signs in as a person would: the app's button, the authorize page's form, back to the albums. */
export async function signIn(
  page: Page,
  email: string = seedUsers.an,
  path = '/albums',
): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: /sign in with google/i }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(seedPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => {
    // The app is served per language (/en/…, /vi/…); the OAuth return comes to /callback.
    const path = url.pathname.replace(/^\/(en|vi)(?=\/)/, '');
    return !path.startsWith('/callback') && !path.startsWith('/dev/') && !path.startsWith('/login');
  });
}
