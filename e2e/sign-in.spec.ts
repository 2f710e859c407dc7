import type { Page } from '@playwright/test';
import { expect, seedPassword, seedUsers, signIn, test } from './support/fixtures';

/** Starts a sign-in and stops on the identity provider's page; answers its `state`. */
async function startSignIn(page: Page): Promise<string> {
  await page.goto('/login');
  await expect(page.getByText(/an@photoflow\.test/)).toBeVisible(); // the dev users are named
  await page.getByRole('button', { name: /sign in with google/i }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
  const state = new URL(page.url()).searchParams.get('state');
  expect(state, 'the authorize URL carries a state').toBeTruthy();
  return state!;
}

test('an unauthenticated visit goes to sign in, and comes back to the page asked for', async ({
  page,
}) => {
  await page.goto('/albums?from=bookmark');
  await expect(page).toHaveURL(/\/login\?returnUrl=/);
  await signIn(page, seedUsers.chi, page.url());
  await expect(page).toHaveURL(/\/albums\?from=bookmark$/);
  await expect(page.getByRole('button', { name: /account: .*chi/i })).toBeVisible();
  // A reload keeps the photographer signed in.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Albums', level: 1 })).toBeVisible();
});

test('a refused sign-in says so, with a way back', async ({ page }) => {
  const state = await startSignIn(page);
  await page.goto(`/callback?code=not-a-real-code&state=${state}`);
  await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(/did not accept this sign-in/i);
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  await expect(page.getByRole('button', { name: /sign in with google/i })).toBeVisible();
});

test('a forged or stale sign-in link is refused', async ({ page }) => {
  await page.goto('/callback?code=whatever&state=forged');
  await expect(page.getByRole('alert')).toContainText(/not valid or has expired/i);
});

test('an unreachable backend during sign-in is said in plain words', async ({ page }) => {
  await startSignIn(page);
  await page.route('**/api/v1/auth/login', (route) => route.abort('connectionrefused'));
  await page.getByLabel('Email').fill(seedUsers.an);
  await page.getByLabel('Password').fill(seedPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/cannot be reached/i);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, seedUsers.an);
  await page.getByRole('button', { name: /account:/i }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/albums');
  await expect(page).toHaveURL(/\/login\?returnUrl=/);
});
