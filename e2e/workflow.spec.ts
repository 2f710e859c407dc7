import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('a disabled step says why; linking the Retouch folder enables it, and firing it moves the album on', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const retouch = await api.albumInState('Retouch');
  const folders = await api.driveFolders();
  const retouched =
    folders.find((folder) => folder.name === 'Phuong Family / Retouched') ??
    folders.find((folder) => folder.name.endsWith('/ Retouched'))!;

  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(retouch.id);
  await album.expectStage('Retouch');

  // The step is there, disabled, with the backend's reason next to it.
  const deliver = album.trigger('Deliver retouched photos');
  await expect(deliver).toBeDisabled();
  await expect(album.nextSteps).toContainText('The Retouch tag has no Drive folder');
  await expect(deliver).toHaveAccessibleDescription('The Retouch tag has no Drive folder');

  // Link the folder through the dialog; a wrong link is refused in words first.
  await album
    .tag('Retouch')
    .getByRole('button', { name: 'Link folder of the Retouch tag' })
    .click();
  const dialog = page.getByRole('dialog', { name: /Link the Retouch folder/ });
  await expect(dialog.getByLabel('Drive folder URL')).toBeFocused();
  await dialog.getByLabel('Drive folder URL').fill('https://example.com/not-drive');
  await dialog.getByRole('button', { name: 'Save folder' }).click();
  await expect(dialog).toContainText('This is not a Google Drive folder link.');
  await dialog.getByLabel('Drive folder URL').fill(retouched.url);
  await dialog.getByRole('button', { name: 'Save folder' }).click();
  await expect(dialog).toBeHidden();
  await expect(album.tag('Retouch').getByRole('link', { name: /Drive folder/ })).toBeVisible();

  // Now the step may be fired; its sync runs live and the album moves to Feedback.
  await expect(deliver).toBeEnabled();
  await deliver.click();
  await album.watchProgressToFull('Retouch');
  await album.expectStage('Feedback');
  await expect(album.nextSteps).toContainText('Waiting for the client’s feedback');
  await album.expectToMatch(await api.waitForState(retouch.id, 'Feedback'));
});

test('re-syncing a tag shows its progress live and leaves the stage alone', async ({ page }) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const raw = await api.albumInState('Raw');
  const before = await api.album(raw.id);

  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(raw.id);
  await album.expectStage('Raw');
  await expect(album.connection).toHaveAccessibleName(/connected/i);

  await album.tag('Raw').getByRole('button', { name: 'Re-sync the Raw tag' }).click();
  const values = await album.watchProgressToFull('Raw');
  expect(values.at(-1)).toBe(100);
  await expect(album.tagStatus('Raw')).toHaveText('Ready');
  await album.expectStage('Raw');
  await expect(page.getByRole('list', { name: 'Activity' })).toContainText(/synced/);

  const after = await api.album(raw.id);
  expect(after.state).toBe(before.state);
  await album.expectToMatch(after);
});

test('from one album straight to another, the page shows only the new one and follows it live', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const retouch = await api.albumInState('Retouch');
  const raw = await api.albumInState('Raw');

  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(retouch.id);
  await album.expectStage('Retouch');
  await expect(album.connection).toHaveAccessibleName(/connected/i);

  // Every album name and stage the page shows from now on, however briefly.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { e2eShown: string[] }).e2eShown = seen;
    const read = () =>
      seen.push(
        `${document.querySelector('h1')?.textContent ?? ''} | ${
          document.querySelector('[data-testid="album-stage"]')?.textContent?.trim() ?? ''
        }`,
      );
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  // The router moves between two album addresses with the same page (its input changes):
  // a second history entry for the Raw album, then back and forward to it.
  await page.evaluate((rawId) => {
    history.pushState(history.state, '', location.pathname.replace(/[^/]+$/, rawId));
    history.back();
  }, raw.id);
  await expect(page).toHaveURL(new RegExp(`/albums/${retouch.id}$`));
  await page.evaluate(() => history.forward());
  await expect(page).toHaveURL(new RegExp(`/albums/${raw.id}$`));
  await album.expectToMatch(await api.album(raw.id));

  const shown = await page.evaluate(() => (window as unknown as { e2eShown: string[] }).e2eShown);
  const first = shown.findIndex((text) => text.startsWith(`${raw.name} |`));
  expect(first).toBeGreaterThanOrEqual(0);
  expect(
    shown.slice(first).filter((text) => text.includes(retouch.name) || text.endsWith('Retouch')),
  ).toEqual([]);

  // The new album is the one followed: a re-sync of it shows live.
  await album.tag('Raw').getByRole('button', { name: 'Re-sync the Raw tag' }).click();
  expect((await album.watchProgressToFull('Raw')).at(-1)).toBe(100);
  await expect(album.tagStatus('Raw')).toHaveText('Ready');
});
