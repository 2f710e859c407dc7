import { Api, devPost, type Photo } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';
import { seriousViolations } from './support/axe';

/** An album whose Raw tag holds 10,000 photos, synced through the dev backend. */
async function tenThousandPhotoAlbum(api: Api): Promise<{ albumId: string; tagId: string }> {
  const folder = await devPost(backendUrl(), '/api/dev/drive/folders', {
    name: 'Viewer / 10,000 photos',
    photoCount: 10_000,
  });
  expect(folder.status).toBe(201);
  const { url } = (await folder.json()) as { url: string };
  const album = await api.createAlbum('Ten thousand photos', url);
  expect(await api.fire(album.id, 'SyncRawTag', { photosPerSecond: 1_000_000 })).toBe(202);
  const synced = await api.waitForState(album.id, 'Raw', 90_000);
  const raw = synced.tags.find((tag) => tag.type === 'Raw');
  expect(raw?.photoCount).toBe(10_000);
  return { albumId: album.id, tagId: raw!.id };
}

async function photoPage(api: Api, albumId: string, tagId: string, page: number) {
  const { body } = await api.request<{ items: Photo[] }>(
    'GET',
    `/api/v1/albums/${albumId}/tags/${tagId}/photos?page=${page}&pageSize=100`,
  );
  return body.items;
}

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('the viewer opens from a link, walks three pages by keyboard, survives a reload, and Escape returns to the tile', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const { albumId, tagId } = await tenThousandPhotoAlbum(api);
  const pages = [
    ...(await photoPage(api, albumId, tagId, 1)),
    ...(await photoPage(api, albumId, tagId, 2)),
    ...(await photoPage(api, albumId, tagId, 3)),
  ];
  const start = 95;
  await signIn(page, seedUsers.an, `/albums/${albumId}/photos/${pages[start].id}`);

  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('heading', { name: pages[start].fileName })).toBeVisible();
  await expect(viewer.getByTestId('viewer-position')).toHaveText('96 of 10,000');
  await expect(viewer.getByTestId('viewer-tag')).toHaveText('Raw');
  await expect(viewer.getByTestId('viewer-pick')).toHaveText('Not picked');
  expect(await seriousViolations(page, 'mat-dialog-container'), 'viewer').toEqual([]);

  // Page 1 → 2 → 3, one key at a time; each photo is the server's, in the tag's order.
  const end = 210;
  for (let index = start + 1; index <= end; index++) {
    await page.keyboard.press('ArrowRight');
    await expect(viewer.getByTestId('viewer-position')).toHaveText(`${index + 1} of 10,000`);
  }
  await expect(viewer.getByRole('heading', { name: pages[end].fileName })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/albums/${albumId}/photos/${pages[end].id}`));
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('heading', { name: pages[end - 1].fileName })).toBeVisible();

  await page.reload();
  await expect(viewer.getByRole('heading', { name: pages[end - 1].fileName })).toBeVisible();
  await expect(viewer.getByTestId('viewer-position')).toHaveText('210 of 10,000');

  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/albums/${albumId}$`));
  // The focus is on the tile of the photo last shown, scrolled into the grid.
  await expect(page.locator(`[data-photo-id="${pages[end - 1].id}"]`)).toBeFocused();
});

test('a photo that is no longer in the album says so in the viewer, not as an error page', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  await signIn(
    page,
    seedUsers.an,
    `/albums/${stock.id}/photos/3f1c2b8e-1111-4222-8333-444455556666`,
  );
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('heading', { name: 'Photo not found' })).toBeVisible();
  await expect(viewer.getByRole('alert')).toContainText('no longer in the album');
  await viewer.getByRole('button', { name: 'Back to the album' }).click();
  await expect(viewer).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Saigon Food Festival');
});

test('a tile opens its photo, and the viewer walks the Rate tag (the picks) in order', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  const album = await api.album(stock.id);
  const stockTag = album.tags.find((tag) => tag.type === 'Stock')!;
  const photos = await api.photos(stock.id, stockTag.id);
  const votes = [photos[3].id, photos[150].id, photos[201].id];
  const client = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
    votes,
  });
  expect(client.ok).toBe(true);
  await signIn(page, seedUsers.an, `/albums/${stock.id}`);
  const rateGrid = page.getByRole('list', { name: 'Rate photos' });
  await expect(rateGrid.getByRole('img')).toHaveCount(3);
  await rateGrid.getByRole('link').nth(1).click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByRole('heading', { name: photos[150].fileName })).toBeVisible();
  await expect(viewer.getByTestId('viewer-position')).toHaveText('2 of 3');
  await expect(viewer.getByTestId('viewer-pick')).toHaveText('Picked');
  await viewer.getByRole('button', { name: 'Next photo' }).click();
  await expect(viewer.getByRole('heading', { name: photos[201].fileName })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Next photo' })).toBeDisabled();
});
