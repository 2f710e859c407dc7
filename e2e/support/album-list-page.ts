import { expect, type Locator, type Page } from '@playwright/test';
import type { AlbumSummary } from './api';

/** The albums screen, found the way a person (or a screen reader) finds things. */
export class AlbumListPage {
  constructor(readonly page: Page) {}

  get cards(): Locator {
    return this.page.getByRole('list', { name: 'Albums' }).getByRole('listitem');
  }

  card(name: string): Locator {
    return this.cards.filter({
      has: this.page.getByRole('heading', { level: 2, name, exact: true }),
    });
  }

  syncBar(name: string): Locator {
    return this.page.getByRole('progressbar', { name: `Sync of ${name}` });
  }

  /** The screen says what the backend says: one card per album, each with its stage, count and sync. */
  async expectToMatch(albums: readonly AlbumSummary[]): Promise<void> {
    await expect(this.cards).toHaveCount(albums.length);
    for (const album of albums) {
      const card = this.card(album.name);
      await expect(card).toHaveCount(1);
      await expect(card.locator('.stage')).toHaveText(album.state);
      const count = `${album.photoCount.toLocaleString('en-US')} ${album.photoCount === 1 ? 'photo' : 'photos'}`;
      await expect(card.locator('.meta')).toHaveText(
        `Stage ${album.state}, ${count}${album.syncing ? ' · Syncing' : ''}`,
      );
      if (album.syncing) await expect(this.syncBar(album.name)).toBeVisible();
      else await expect(this.syncBar(album.name)).toBeHidden();
    }
  }
}
