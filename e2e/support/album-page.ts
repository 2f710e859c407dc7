import { expect, type Locator, type Page } from '@playwright/test';
import type { Album } from './api';

/** The album detail screen, found the way a person (or a screen reader) finds things. */
export class AlbumPage {
  constructor(readonly page: Page) {}

  async open(albumId: string, query = ''): Promise<void> {
    await this.page.goto(`/albums/${albumId}${query}`);
    await expect(this.heading).toBeVisible();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get stage(): Locator {
    return this.page.getByTestId('album-stage');
  }

  async expectStage(state: string): Promise<void> {
    await expect(this.stage).toHaveText(`Stage: ${state}`);
  }

  trigger(name: string | RegExp): Locator {
    return this.page.getByRole('group', { name: 'Next steps' }).getByRole('button', { name });
  }

  get nextSteps(): Locator {
    return this.page.getByRole('group', { name: 'Next steps' });
  }

  tag(type: string): Locator {
    return this.page
      .getByRole('list', { name: 'Tags' })
      .getByRole('listitem', { name: `${type} tag` });
  }

  tagStatus(type: string): Locator {
    return this.tag(type).locator('.status');
  }

  progress(type: string): Locator {
    return this.tag(type).getByRole('progressbar', { name: `${type} tag sync progress` });
  }

  get connection(): Locator {
    return this.page.getByRole('status', { name: /live updates/i });
  }

  /**
   * Starts recording every label the connection indicator shows, however briefly (the app
   * may reconnect faster than a test can poll).
   */
  async recordConnection(): Promise<void> {
    await this.page.evaluate(() => {
      const record = window as unknown as { e2eConnection?: string[] };
      record.e2eConnection = [];
      const target = document.querySelector('app-connection-indicator [role="status"]');
      if (!target) throw new Error('no connection indicator');
      new MutationObserver(() =>
        record.e2eConnection!.push(target.getAttribute('aria-label') ?? ''),
      ).observe(target, { attributes: true, attributeFilter: ['aria-label'] });
    });
  }

  async recordedConnection(): Promise<string[]> {
    return this.page.evaluate(
      () => (window as unknown as { e2eConnection?: string[] }).e2eConnection ?? [],
    );
  }

  get toasts(): Locator {
    return this.page.locator('mat-snack-bar-container');
  }

  /**
   * Samples a tag's progress bar until it reads 100 and returns every value seen, so a
   * test can assert the bar rose through intermediate values and never went back.
   */
  async watchProgressToFull(type: string, timeoutMs = 60_000): Promise<number[]> {
    const bar = this.progress(type);
    await expect(bar).toBeVisible({ timeout: 15_000 });
    const seen: number[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = Number(await bar.getAttribute('aria-valuenow'));
      if (seen.at(-1) !== value) seen.push(value);
      if (value >= 100) return seen;
      await this.page.waitForTimeout(100);
    }
    throw new Error(
      `The ${type} progress bar did not reach 100 within ${timeoutMs} ms; saw ${seen.join(', ')}`,
    );
  }

  /**
   * The screen says what the backend says: stage, photo count, and every tag. The album's
   * photos are the photos shot, its Raw tag's (README, "Where the contract is silent").
   */
  async expectToMatch(album: Album): Promise<void> {
    await this.expectStage(album.state);
    await expect(this.heading).toHaveText(album.name);
    const shot = album.tags.find((tag) => tag.type === 'Raw')?.photoCount ?? album.photoCount;
    await expect(this.page.getByTestId('album-photo-count')).toHaveText(
      `${shot.toLocaleString('en-US')} ${shot === 1 ? 'photo' : 'photos'}`,
    );
    const cards = this.page.getByRole('list', { name: 'Tags' }).getByRole('listitem');
    await expect(cards).toHaveCount(album.tags.length);
    for (const tag of album.tags) {
      await expect(this.tagStatus(tag.type)).toHaveText(tag.status);
      await expect(this.tag(tag.type).locator('.count')).toHaveText(
        `${tag.photoCount.toLocaleString('en-US')} photos`,
      );
    }
  }
}
