import type { Browser } from '@playwright/test';
import { openAlbumPage } from './app-page';
import { fire, post } from './backend-api';
import type { Backend } from '../../e2e/support/backend';

export interface RestartRun {
  downMs: number;
  /** From the backend answering /health again to the page connected and showing the resynced album. */
  recoveryMs: number;
  visibility: string;
}

/**
 * Figure 8, one run: the album page is open while a sync of its Raw tag runs; the
 * backend is stopped for `downMs` and started again. On start it marks the interrupted
 * sync failed, which only a resync can show. The page has recovered when the connection
 * indicator says Connected and the Raw tag's card says Failed; measured from the moment
 * the backend answers GET /health, with Date.now() on both sides (same machine).
 */
export async function restartBackend(options: {
  browser: Browser;
  appUrl: string;
  backend: Backend;
  token: string;
  albumId: string;
  downMs: number;
}): Promise<RestartRun> {
  await post(`${options.backend.url}/api/dev/reset`);
  const { context, page } = await openAlbumPage(options.browser, options.appUrl, options.albumId);
  try {
    const fired = await fire(options.backend.url, options.token, options.albumId, 'SyncRawTag', 50);
    if (fired !== 202) throw new Error(`SyncRawTag answered ${fired}`);
    await page.waitForFunction(
      () =>
        document
          .querySelector('[role="listitem"][aria-label="Raw tag"] .status')
          ?.textContent?.trim() === 'Syncing',
    );
    await page.evaluate(() => {
      const w = window as unknown as { __recoveredAt: number | null };
      w.__recoveredAt = null;
      let sawDown = false;
      const check = () => {
        const status = document
          .querySelector('app-connection-indicator')
          ?.getAttribute('data-status');
        const tag = document
          .querySelector('[role="listitem"][aria-label="Raw tag"] .status')
          ?.textContent?.trim();
        if (status !== 'Connected') sawDown = true;
        if (sawDown && status === 'Connected' && tag === 'Failed') w.__recoveredAt = Date.now();
        else setTimeout(check, 5);
      };
      check();
    });
    await options.backend.stopKeepingData();
    await page.waitForTimeout(options.downMs);
    const readyAt = await options.backend.startAgain();
    await page.waitForFunction(
      () => (window as unknown as { __recoveredAt: number | null }).__recoveredAt !== null,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const recoveredAt = await page.evaluate(
      () => (window as unknown as { __recoveredAt: number }).__recoveredAt,
    );
    return {
      downMs: options.downMs,
      recoveryMs: recoveredAt - readyAt,
      visibility: await page.evaluate(() => document.visibilityState),
    };
  } finally {
    await context.close();
  }
}
