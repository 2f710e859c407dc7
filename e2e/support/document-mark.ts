import type { Page } from '@playwright/test';

/** Marks the page's document, so that a test can tell later that no reload happened. */
export async function markDocument(page: Page): Promise<number> {
  return page.evaluate(() => ((window as { e2eDocument?: number }).e2eDocument = Math.random()));
}

/** The mark of the page's document now: the same one unless the page was reloaded. */
export async function documentMark(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as { e2eDocument?: number }).e2eDocument);
}
