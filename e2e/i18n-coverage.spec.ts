import { Api } from './support/api';
import { backendUrl, expect, seedUsers, test } from './support/fixtures';
import { englishVocabulary, englishWords, everyScreen, screenText } from './support/languages';

test.use({ locale: 'vi-VN' });

test('every screen in Vietnamese says nothing in English, names and file names aside', async ({
  page,
}) => {
  await Api.reset(backendUrl());
  const api = await Api.signIn(backendUrl(), seedUsers.an);
  const vocabulary = englishVocabulary();
  // The user's own data keeps its words: album names (also in titles and labels), people.
  const names = new Set(
    [...(await api.albums()).map((album) => album.name), 'An', 'Studio An']
      .flatMap((name) => name.match(/[\p{L}\p{M}]+/gu) ?? [])
      .map((word) => word.toLowerCase()),
  );
  const found: Record<string, string[]> = {};
  await everyScreen(page, api, seedUsers.an, async (screen) => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    const words = englishWords(await screenText(page), vocabulary, names);
    if (words.length) found[screen] = words;
  });
  expect(found).toEqual({});
});
