import { readFile } from 'node:fs/promises';
import { Api, devPost, type Photo } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';
import { seriousViolations } from './support/axe';

const stem = (fileName: string) => fileName.replace(/\.[^.]*$/, '');

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('the client’s picks over several pages: live status, Picked only, and both exports equal the server’s picks exactly', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  const stockTag = (await api.album(stock.id)).tags.find((tag) => tag.type === 'Stock')!;
  const photos = await api.photos(stock.id, stockTag.id);
  expect(photos.length).toBeGreaterThan(200); // three pages of 100 in the app
  // Picks on every page: all but every 7th photo.
  const votes = photos.filter((_, i) => i % 7 !== 0).map((photo) => photo.id);
  for (const id of votes.slice(0, 2)) {
    const voted = await api.request('POST', `/api/v1/albums/${stock.id}/photos/${id}/vote`, {
      voted: true,
    });
    expect(voted.status).toBe(200);
  }

  await signIn(page, seedUsers.an, `/albums/${stock.id}`);
  const status = page.getByTestId('picks-status');
  await expect(status).toHaveText('The client is picking: 2 photos picked so far.');

  // The client finishes (dev tool): the page follows it live.
  const client = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
    votes,
  });
  expect(client.ok).toBe(true);
  const album = await api.album(stock.id);
  const rateTag = album.tags.find((tag) => tag.type === 'Rate')!;
  const { body: truth } = await api.request<{ items: Photo[]; totalCount: number }>(
    'GET',
    `/api/v1/albums/${stock.id}/tags/${rateTag.id}/photos?page=1&pageSize=500`,
  );
  expect(truth.totalCount).toBe(votes.length);
  await expect(status).toHaveText(`The client finished picking: ${votes.length} photos.`);

  // The album's newest tag, Rate, shows: Picked only, the server's list of picks.
  const pickedOnly = page.getByRole('switch', { name: 'Picked only' });
  await expect(pickedOnly).toBeChecked();
  await expect(page.getByRole('list', { name: 'Rate photos' })).toBeVisible();
  await expect(page.locator('app-photo-grid .summary')).toContainText(`${votes.length} photos`);
  await pickedOnly.click();
  await expect(pickedOnly).not.toBeChecked();
  await expect(page.getByRole('list', { name: 'Stock photos' })).toBeVisible();
  await expect(page.locator('app-photo-grid .summary')).toContainText(`${photos.length} photos`);
  await pickedOnly.click();
  await expect(page.getByRole('list', { name: 'Rate photos' })).toBeVisible();

  // Copy file names: exactly the picks, in order, in each editor's form.
  const message = page.getByTestId('picks-message');
  await page.getByRole('button', { name: 'Copy file names for Lightroom Classic' }).click();
  await expect(message).toHaveText(`Copied ${votes.length} file names for Lightroom Classic.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    truth.items.map((photo) => stem(photo.fileName)).join(', '),
  );
  await page.getByRole('button', { name: 'Copy file names for Capture One' }).click();
  await expect(message).toHaveText(`Copied ${votes.length} file names for Capture One.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    truth.items.map((photo) => stem(photo.fileName)).join(' '),
  );

  // Download list: a CSV of exactly the picks.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download list (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Saigon Food Festival - client picks.csv');
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  expect(csv).toBe(
    [
      'File name,Tag,Pick,Sort order',
      ...truth.items.map((photo) => `${photo.fileName},Stock,yes,${photo.sortOrder}`),
    ].join('\r\n') + '\r\n',
  );

  expect(await seriousViolations(page, 'app-client-picks')).toEqual([]);
});
