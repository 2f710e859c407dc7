import { AlbumPage } from './support/album-page';
import { Api, devPost } from './support/api';
import { backendUrl, expect, seedUsers, signIn, test } from './support/fixtures';

test.beforeEach(async () => {
  await Api.reset(backendUrl());
});

test("two photographers on one album see each other's trigger live", async ({
  browser,
  baseURL,
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const init = await api.albumInState('Init');

  const other = await browser.newContext({ baseURL });
  try {
    const colleague = await other.newPage();
    const colleagueErrors: Error[] = [];
    colleague.on('pageerror', (error) => colleagueErrors.push(error));

    await signIn(page, seedUsers.an);
    await signIn(colleague, seedUsers.chi);
    const mine = new AlbumPage(page);
    const theirs = new AlbumPage(colleague);
    await mine.open(init.id);
    await theirs.open(init.id);
    await expect(theirs.connection).toHaveAccessibleName(/connected/i);
    await theirs.expectStage('Init');

    // An fires the trigger; Chi's screen follows: the bar, the stage, the buttons, a toast.
    await mine.trigger('Sync raw photos').click();
    await expect(theirs.progress('Raw')).toBeVisible({ timeout: 10_000 });
    await theirs.expectStage('Raw');
    await expect(theirs.tagStatus('Raw')).toHaveText('Ready');
    await expect(theirs.trigger('Create stock photos')).toBeVisible();
    await expect(theirs.toasts.filter({ hasText: /Album moved to Raw/ })).toBeVisible({
      timeout: 10_000,
    });
    expect(colleagueErrors.map((error) => error.message)).toEqual([]);
  } finally {
    await other.close();
  }
});

test("the client's Rate appears live in the photographer's view, picks marked", async ({
  page,
}) => {
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const stock = await api.albumInState('Stock');
  const stockTag = (await api.album(stock.id)).tags.find((tag) => tag.type === 'Stock')!;
  const picks = (await api.photos(stock.id, stockTag.id)).slice(0, 7).map((photo) => photo.id);

  await signIn(page, seedUsers.an);
  const album = new AlbumPage(page);
  await album.open(stock.id);
  await album.expectStage('Stock');
  await expect(album.nextSteps).toContainText('Waiting for the client to finish rating');
  await expect(album.connection).toHaveAccessibleName(/connected/i);

  const response = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
    votes: picks,
  });
  expect(response.ok, `client Rate: ${response.status}`).toBe(true);

  await album.expectStage('Rate');
  await expect(album.tag('Rate')).toBeVisible();
  await expect(album.toasts.filter({ hasText: /Album moved to Rate/ })).toBeVisible({
    timeout: 10_000,
  });
  await expect(album.trigger("Confirm the client's picks")).toBeVisible();

  // The Rate tag holds the client's picks, each marked as such.
  await album.tag('Rate').getByRole('button', { name: 'Photos in the Rate tag' }).click();
  const grid = page.getByRole('list', { name: 'Rate photos' });
  await expect(grid.getByText("Client's pick")).toHaveCount(picks.length);
});
