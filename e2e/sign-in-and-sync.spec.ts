import { AlbumPage } from './support/album-page';
import { Api } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test('sign in, open the Init album, sync the Raw photos live, and end on what the API says', async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');

  // Sign in through the emulated Google page, as a photographer would.
  await signIn(page, seedUsers.an);
  await expect(page).toHaveURL(/\/albums$/);
  await expect(page.getByRole('button', { name: /account: .+/i })).toBeVisible();

  // Every album of the studio is listed; open the one in Init.
  const albums = await api.albums();
  await expect(page.getByRole('list', { name: 'Albums' }).getByRole('listitem')).toHaveCount(
    albums.length,
  );
  await page.getByRole('link', { name: new RegExp(escapeRegExp(init.name)) }).click();

  const album = new AlbumPage(page);
  await expect(album.heading).toHaveText(init.name);
  await album.expectStage('Init');
  await expect(album.connection).toHaveAccessibleName(/connected/i);
  await expect(album.tagStatus('Raw')).toHaveText('Pending');

  // Fire SyncRawTag: the bar rises to 100 %, the tag turns Ready, the stage moves to Raw.
  await album.trigger('Sync raw photos').click();
  const values = await album.watchProgressToFull('Raw');
  expect(
    values.some((value) => value > 0 && value < 100),
    `intermediate values: ${values.join(', ')}`,
  ).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => a - b)); // never backwards
  await expect(album.progress('Raw')).toHaveAttribute('aria-valuenow', '100');
  await expect(album.tag('Raw').getByText(/2,400 of 2,400 photos|of [\d,]+ photos/)).toBeVisible();
  await expect(album.tagStatus('Raw')).toHaveText('Ready');
  await album.expectStage('Raw');

  // The toasts said so, politely and without a storm.
  await expect(album.toasts.filter({ hasText: /Album moved to Raw/ })).toBeVisible({
    timeout: 10_000,
  });

  // The next step is offered; the activity feed tells the story in words.
  await expect(album.trigger('Create stock photos')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Activity' })).toContainText('Album moved to Raw');

  // The screen equals the backend's truth.
  const truth = await api.waitForState(init.id, 'Raw');
  expect(truth.tags.find((tag) => tag.type === 'Raw')?.status).toBe('Ready');
  await album.expectToMatch(truth);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
