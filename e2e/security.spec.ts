import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

const hostileName = '<img src=x onerror=alert(1)>';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('an album created with an HTML name shows it as text, on its page and in the list', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const folder = (await api.album((await api.albumInState('Init')).id)).tags[0]!.link!;
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });

  // Create it through the app's dialog, as a photographer would.
  await signIn(page, seedUsers.an);
  await page.getByRole('button', { name: 'New album' }).click();
  const dialog = page.getByRole('dialog', { name: 'New album' });
  // The dialog focuses its first field once open; typing before that lands in the wrong one.
  await expect(dialog.getByLabel('Album name')).toBeFocused();
  await dialog.getByLabel('Album name').fill(hostileName);
  await dialog.getByLabel('Drive folder URL').fill(folder);
  await dialog.getByRole('button', { name: 'Create album' }).click();

  // The app opens the new album; its name is text.
  const detail = new AlbumPage(page);
  await expect(detail.heading).toHaveText(hostileName);
  await detail.expectStage('Init');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page).toHaveTitle(`${hostileName} · PhotoFlow`);
  const created = (await api.albums()).find((album) => album.name === hostileName);
  expect(created, 'the backend holds the album under that exact name').toBeDefined();
  await expect(page).toHaveURL(new RegExp(`/albums/${created!.id}$`));

  await page.getByRole('link', { name: 'All albums', exact: true }).click();
  const card = page.getByRole('link', { name: hostileName });
  await expect(card.getByRole('heading')).toHaveText(hostileName);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs, 'alert() must never run').toBe(0);
});

test('creating an album refuses a link that is not a Drive folder, in words', async ({ page }) => {
  await signIn(page, seedUsers.an);
  await page.getByRole('button', { name: 'New album' }).click();
  const dialog = page.getByRole('dialog', { name: 'New album' });
  // The dialog focuses its first field once open; typing before that lands in the wrong one.
  await expect(dialog.getByLabel('Album name')).toBeFocused();
  await dialog.getByLabel('Album name').fill('Not a folder');
  await dialog
    .getByLabel('Drive folder URL')
    .fill('https://drive.google.com/drive/folders/NoSuchFolder123');
  await dialog.getByRole('button', { name: 'Create album' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/Google Drive folder/i);
  await expect(dialog).toBeVisible();
});

test("another studio's album URL shows the refusal and a way back", async ({ page }) => {
  const binh = await Api.signIn(backendUrl(), seedUsers.binh);
  const foreign = (await binh.albums())[0]!;

  await signIn(page, seedUsers.an);
  await page.goto(`/albums/${foreign.id}`);
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText(/another studio/i);
  await expect(page.getByText(foreign.name)).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to albums' }).click();
  await expect(page).toHaveURL(/\/albums$/);
  await expect(page.getByRole('heading', { name: 'Albums', level: 1 })).toBeVisible();
});

test('an unknown album id shows that it is not available, never a blank page', async ({ page }) => {
  await signIn(page, seedUsers.an);
  await page.goto('/albums/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { name: /not available/i })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to albums' })).toBeVisible();
});
