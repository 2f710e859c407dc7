import type { Page } from '@playwright/test';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';
import { OwnStack } from './support/own-stack';

/** The session the app keeps in localStorage (shared by a browser's tabs). */
async function storedRefreshToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('photoflow.session'));
  expect(raw, 'a stored session').not.toBeNull();
  return (JSON.parse(raw!) as { refreshToken: string }).refreshToken;
}

const refreshStatus = async (url: string, refreshToken: string): Promise<number> =>
  (
    await fetch(`${url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    })
  ).status;

test('signing out revokes the refresh token: a later refresh with it answers 401', async ({
  page,
}) => {
  await Api.reset(backendUrl());
  await signIn(page, seedUsers.an);
  const refreshToken = await storedRefreshToken(page);
  const logout = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/logout'));
  await page.getByRole('button', { name: /account:/i }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await logout).status()).toBe(204);
  expect(await refreshStatus(backendUrl(), refreshToken)).toBe(401);
});

test('signing out still signs out when the backend cannot revoke', async ({ page }) => {
  await Api.reset(backendUrl());
  await signIn(page, seedUsers.an);
  await page.route('**/api/v1/auth/logout', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: /account:/i }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => localStorage.getItem('photoflow.session'))).toBeNull();
});

test('eight tabs refreshing at once never trip reuse detection', async ({ browser }) => {
  test.setTimeout(150_000);
  // 12-second tokens: every tab's timer wants a refresh 4 s before expiry, all at once.
  const own = await OwnStack.start(browser, { accessTokenTtlSeconds: 12 });
  const refreshes: number[] = [];
  const refreshTimes: number[] = [];
  try {
    const tabs: Page[] = [];
    for (let i = 0; i < 8; i++) {
      const tab = await own.newPage();
      tab.on('response', (response) => {
        if (!response.url().endsWith('/api/v1/auth/refresh')) return;
        refreshes.push(response.status());
        refreshTimes.push(Date.now());
      });
      tabs.push(tab);
    }
    await signIn(tabs[0]!, seedUsers.an);
    for (const tab of tabs.slice(1)) await tab.goto('/albums');
    for (const tab of tabs) {
      await expect(
        tab.getByRole('list', { name: 'Albums' }).getByRole('listitem').first(),
      ).toBeVisible();
    }

    // Two more rounds of refreshes (one every 8 s) with all eight tabs open.
    const openedAt = refreshes.length;
    await expect
      .poll(() => refreshes.length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(openedAt + 2);
    console.log(
      `8 tabs: refreshes at ${refreshTimes.map((at, i) => `${((at - refreshTimes[0]!) / 1000).toFixed(1)} s (${refreshes[i]})`).join(', ')}`,
    );
    for (const tab of tabs) {
      await expect(tab.getByRole('button', { name: /account:/i })).toBeVisible();
      await expect(tab).toHaveURL(/\/albums$/);
      await expect(tab.getByRole('status', { name: /live updates/i })).toHaveAccessibleName(
        /connected/i,
      );
    }
    // Reuse detection never tripped (the backend runs with no grace: any reuse revokes the
    // family): every refresh was answered 200, and the family's newest token still refreshes.
    expect(refreshes.every((status) => status === 200), `refresh answers ${refreshes}`).toBe(true);
    expect(await refreshStatus(own.backendUrl, await storedRefreshToken(tabs[0]!))).toBe(200);
  } finally {
    expect(await own.stop(), 'uncaught errors in the pages').toEqual([]);
  }
});
