import type { Page } from '@playwright/test';

/** What one tag's card and the next steps showed at one moment. */
export interface TagFrame {
  /** The page's heading: the album's name. */
  readonly heading: string | null;
  /** The bar's value (0–100), or null while the card shows no bar. */
  readonly bar: number | null;
  /** The words under the bar ("150 of 2,400 photos · …"), or null. */
  readonly text: string | null;
  /** The tag's status as its card says it. */
  readonly status: string | null;
  /** The next steps the photographer could click now. */
  readonly offered: readonly string[];
}

/**
 * Records every distinct state of a tag's card and of the next steps that the page
 * renders, however briefly (a mutation observer sees each render, where a test polling
 * the page could miss one), until {@link stopRecordingTag}.
 */
export async function recordTag(page: Page, type: string): Promise<void> {
  await page.evaluate((type) => {
    const record = window as unknown as {
      e2eTagFrames?: TagFrame[];
      e2eTagObserver?: MutationObserver;
    };
    const frames: TagFrame[] = (record.e2eTagFrames = []);
    const sample = () => {
      const card = document.querySelector(`[role="listitem"][aria-label="${type} tag"]`);
      const bar = card?.querySelector(`[role="progressbar"]`);
      const frame: TagFrame = {
        heading: document.querySelector('h1')?.textContent?.trim() ?? null,
        bar: bar ? Number(bar.getAttribute('aria-valuenow')) : null,
        text: card?.querySelector('.progress-text')?.textContent?.trim() ?? null,
        status: card?.querySelector('.status')?.textContent?.trim() ?? null,
        offered: [...document.querySelectorAll('[role="group"][aria-label="Next steps"] button')]
          .filter((button) => !(button as HTMLButtonElement).disabled)
          .map((button) => button.textContent?.trim() ?? ''),
      };
      if (JSON.stringify(frames.at(-1)) !== JSON.stringify(frame)) frames.push(frame);
    };
    sample();
    record.e2eTagObserver = new MutationObserver(sample);
    record.e2eTagObserver.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, type);
}

/** Stops the recording and returns what the page showed meanwhile, in order. */
export async function stopRecordingTag(page: Page): Promise<TagFrame[]> {
  return page.evaluate(() => {
    const record = window as unknown as {
      e2eTagFrames?: TagFrame[];
      e2eTagObserver?: MutationObserver;
    };
    record.e2eTagObserver?.disconnect();
    return record.e2eTagFrames ?? [];
  });
}
