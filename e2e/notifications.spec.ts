import type { Page } from '@playwright/test';
import { Api, devPost } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

interface Recorded {
  title: string;
  body?: string;
  tag?: string;
}

/** Records every Notification the page constructs; the last one stays reachable to click. */
function recordNotifications() {
  const Real = window.Notification;
  const record = window as unknown as { e2eNotes: Recorded[]; e2eLastNote?: Notification };
  record.e2eNotes = [];
  const Recording = function (title: string, options?: NotificationOptions) {
    const note = new Real(title, options);
    record.e2eNotes.push({ title, body: options?.body, tag: options?.tag });
    record.e2eLastNote = note;
    return note;
  } as unknown as typeof Notification;
  Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
  Recording.requestPermission = Real.requestPermission.bind(Real);
  window.Notification = Recording;
}

/** The photographer switched to another application: the page is hidden. */
async function hide(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

const notes = (page: Page) =>
  page.evaluate(() => (window as unknown as { e2eNotes: Recorded[] }).e2eNotes);

test.use({ permissions: ['notifications'] });

test.beforeEach(async ({ context }) => {
  await Api.reset(backendUrl());
  await context.addInitScript(recordNotifications);
});

test('a hidden tab is notified once when the client rates, and the click opens the album', async ({
  context,
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  const stockTag = (await api.album(stock.id)).tags.find((tag) => tag.type === 'Stock')!;
  const votes = (await api.photos(stock.id, stockTag.id)).slice(0, 124).map((photo) => photo.id);

  // Tab A (the first, so the notifier) shows the album list; tab B shows the album.
  await signIn(page, seedUsers.an);
  const bell = page.getByRole('button', { name: 'Notify me when away' });
  await expect(bell).toHaveAttribute('aria-pressed', 'false');
  await bell.click();
  await expect(bell).toHaveAttribute('aria-pressed', 'true');
  const albumTab = await context.newPage();
  await albumTab.goto(`/albums/${stock.id}`);
  await expect(albumTab.getByRole('heading', { level: 1 })).toHaveText('Saigon Food Festival');
  // The choice is the browser's: the other tab shows it on too.
  await expect(albumTab.getByRole('button', { name: 'Notify me when away' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(albumTab.getByTestId('picks-status')).toBeVisible(); // the album is followed
  await hide(page);
  await hide(albumTab);

  const client = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
    votes,
  });
  expect(client.ok).toBe(true);

  await expect
    .poll(async () => [...(await notes(page)), ...(await notes(albumTab))])
    .toEqual([
      {
        title: 'The client finished picking',
        body: 'The client finished picking: 124 photos in Saigon Food Festival',
        tag: `photoflow-album-${stock.id}`,
      },
    ]);
  // Only one, even a while later (both tabs heard the event).
  await page.waitForTimeout(1000);
  expect((await notes(page)).length + (await notes(albumTab)).length).toBe(1);
  // The hidden album tab counts what came that it has not seen.
  await expect(albumTab).toHaveTitle(/^\(\d+\) Saigon Food Festival · PhotoFlow$/);

  await page.evaluate(() =>
    (window as unknown as { e2eLastNote: Notification }).e2eLastNote.dispatchEvent(
      new Event('click'),
    ),
  );
  await expect(page).toHaveURL(new RegExp(`/albums/${stock.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saigon Food Festival');
});

test('a seen tab showing the album is not notified; the choice can be turned off', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  await signIn(page, seedUsers.an, `/albums/${stock.id}`);
  const bell = page.getByRole('button', { name: 'Notify me when away' });
  await bell.click();
  await expect(bell).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('picks-status')).toBeVisible();

  const client = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
  });
  expect(client.ok).toBe(true);
  await expect(page.getByTestId('album-stage')).toHaveText('Stage: Rate');
  await page.waitForTimeout(1000);
  expect(await notes(page)).toEqual([]);
  await expect(page).toHaveTitle('Saigon Food Festival · PhotoFlow');

  await bell.click();
  await expect(bell).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Notify me when away' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('the tab title shows the sync’s progress', async ({ page }) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');
  await signIn(page, seedUsers.an, `/albums/${init.id}`);
  await expect(page).toHaveTitle('Lan & Minh Wedding · PhotoFlow');
  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 200 })).toBe(202);
  await expect(page).toHaveTitle(/^\d{1,2} % · Lan & Minh Wedding · PhotoFlow$/);
});

test('a tab back from the back/forward cache is still notified once when a sync ends while it is hidden', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');
  await signIn(page, seedUsers.an, `/albums/${init.id}`);
  const bell = page.getByRole('button', { name: 'Notify me when away' });
  await bell.click();
  await expect(bell).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveTitle('Lan & Minh Wedding · PhotoFlow');
  // Into the back/forward cache and back, as the browser tells the page (a page holding Web
  // Locks is not cached for real, so the trip is the page lifecycle's two events), then hidden.
  await page.evaluate(() => {
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
  await hide(page);

  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 2000 })).toBe(202);
  await expect.poll(async () => (await notes(page)).length, { timeout: 30_000 }).toBe(1);
  expect((await notes(page))[0]!.body).toContain('Lan & Minh Wedding');
  await page.waitForTimeout(1000);
  expect(await notes(page)).toHaveLength(1);
});
