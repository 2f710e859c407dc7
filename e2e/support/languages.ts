import { expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AlbumPage } from './album-page';
import { type Api, devPost } from './api';
import { backendUrl, seedPassword } from './fixtures';
import { nodeBinary, repoRoot, runToCompletion } from './processes';

/** Signs in from the portal's own button, whatever its language (the Google page is Google's). */
export async function signInHere(page: Page, email: string): Promise<void> {
  await page.locator('button.google').click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(seedPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => /^\/(en|vi)\/albums/.test(url.pathname));
}

/**
 * Visits every screen of the portal, signed in as `api`'s user, and calls `visit` on each
 * once it shows. Finds things by structure, not by words, so it runs in any language.
 */
export async function everyScreen(
  page: Page,
  api: Api,
  email: string,
  visit: (name: string) => Promise<void>,
): Promise<void> {
  const init = await api.albumInState('Init');
  const stock = await api.albumInState('Stock');

  await page.goto('/login');
  await expect(page.locator('button.google')).toBeEnabled();
  await visit('sign-in');

  await page.goto('/callback?error=access_denied');
  await expect(page.getByRole('alert')).toBeVisible();
  await visit('sign-in-failed');

  await page.goto('/login');
  await signInHere(page, email);
  await expect(page.locator('app-album-card').first()).toBeVisible();
  await expect(page.locator('.subtitle')).toBeVisible();
  await visit('albums');

  await page.locator('.header button').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').locator('button[type=submit]').click();
  await expect(page.getByRole('dialog').locator('mat-error').first()).toBeVisible();
  await visit('create-album');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  const album = new AlbumPage(page);
  await album.open(stock.id);
  await expect(page.locator('app-photo-grid img').first()).toBeVisible();
  await expect(page.locator('app-activity-feed')).toBeVisible();
  await visit('album-stock');

  await page.locator('app-tag-card').first().locator('.actions button').nth(1).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await visit('change-folder');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  await album.open(init.id);
  // Fired from outside the page: wait until the page's connection is in the album's group,
  // or its first events (the sync's start, the activity line) may pass before it joins.
  await expect
    .poll(async () => {
      // A refused or reset request (a kept-alive socket the backend closed) is asked again.
      const response = await fetch(`${backendUrl()}/api/dev/hub/stats`).catch(() => null);
      if (!response?.ok) return false;
      const stats = (await response.json()) as { groups: Record<string, number> };
      return Object.entries(stats.groups).some(
        ([group, size]) => group.includes(init.id) && size > 0,
      );
    })
    .toBe(true);
  expect(await api.fire(init.id, 'SyncRawTag', { photosPerSecond: 120 })).toBe(202);
  const bar = page.locator('app-tag-card mat-progress-bar').first();
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')))
    .toBeGreaterThan(10);
  await expect(page.locator('app-activity-feed li').first()).toBeVisible();
  await visit('album-syncing');

  await page.goto('/albums/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toBeVisible();
  await visit('album-unknown');

  // The client's picks, marked in the Rate tag.
  const stockTag = (await api.album(stock.id)).tags.find((tag) => tag.type === 'Stock')!;
  const votes = (await api.photos(stock.id, stockTag.id))
    .filter((_, index) => index % 3 === 0)
    .map((photo) => photo.id);
  const rated = await devPost(backendUrl(), `/api/dev/albums/${stock.id}/client`, {
    trigger: 'Rate',
    votes,
  });
  expect(rated.ok).toBe(true);
  await album.open(stock.id);
  await expect(page.locator('app-photo-grid .pick').first()).toBeVisible();
  await visit('album-rate-picks');
}

/** The English messages of the app (`ng extract-i18n`), extracted again when the code is newer. */
function englishMessages(): string[] {
  const file = join(repoRoot, 'dist', 'i18n', 'messages.json');
  const newest = (path: string): number => {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
  };
  if (!existsSync(file) || statSync(file).mtimeMs < newest(join(repoRoot, 'src', 'app'))) {
    const ng = join(repoRoot, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
    runToCompletion(
      nodeBinary(),
      [ng, 'extract-i18n', '--output-path', 'dist/i18n', '--progress=false'],
      'ng extract-i18n',
    );
  }
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as {
    translations: Record<string, string>;
  };
  return Object.values(catalog.translations);
}

/** Words that read the same in Vietnamese: names and borrowed words (see src/locale/GLOSSARY.md). */
const sameInVietnamese = new Set([
  ...['album', 'studio', 'drive', 'google', 'photoflow', 'oauth', 'csv', 'esc'],
  // The photo editors and their menus, which have no Vietnamese version to name instead.
  ...['lightroom', 'classic', 'capture', 'one', 'library', 'filter', 'text', 'filename'],
  ...['contains', 'filters'],
]);

/** Every English word of the app's own messages, except those Vietnamese shares. */
export function englishVocabulary(): Set<string> {
  const words = new Set<string>();
  for (const message of englishMessages()) {
    const text = message.replace(
      /\{\$[A-Za-z0-9_]+\}|\{[A-Z_]+\}|VAR_PLURAL|plural|other|=1/g,
      ' ',
    );
    for (const word of text.match(/[\p{L}\p{M}]+/gu) ?? []) words.add(word.toLowerCase());
  }
  for (const word of sameInVietnamese) words.delete(word);
  return words;
}

/**
 * What the screen says (text, accessible names and descriptions, placeholders, the title),
 * without the user's own data: album names, people, studios, file names, and the
 * local environment's developer hint.
 */
export async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = [
      'app-album-card .name',
      'app-album-detail h1',
      '.who',
      '.menu-head',
      '.hint',
      'app-language-switch',
      '.avatar',
    ].join(', ');
    const parts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip) || parent.closest('script, style')) continue;
      parts.push(node.textContent ?? '');
    }
    for (const element of document.querySelectorAll('*')) {
      if (element.closest(skip)) continue;
      for (const name of ['aria-label', 'aria-valuetext', 'title', 'placeholder']) {
        const value = element.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

/** The English words on the screen, with where they stand. */
export function englishWords(text: string, vocabulary: Set<string>, names: Set<string>): string[] {
  const found: string[] = [];
  // Addresses (the Drive link placeholder) are not words of either language.
  for (const line of text.replace(/https?:\/\/\S+/g, ' ').split('\n')) {
    // A token with digits is an id (a Drive folder's), not a word.
    for (const word of line.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
      if (/\p{N}/u.test(word)) continue;
      const lower = word.toLowerCase();
      if (vocabulary.has(lower) && !names.has(lower)) found.push(`${word} (in "${line.trim()}")`);
    }
  }
  return found;
}
