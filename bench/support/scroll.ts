import type { Browser } from '@playwright/test';
import { openAlbumPage, startProbes, stopProbes } from './app-page';

export interface ScrollRun {
  photos: number;
  frames: number;
  maxDomNodes: number;
  longTasks: number[];
  longFrames: unknown[];
  scrollHeight: number;
  reachedBottom: boolean;
  ms: number;
}

/**
 * Figure 7, one run: the album's photo grid (its newest tag, here 10,000 photos) is
 * scrolled from top to bottom, a step per animation frame (about a flick a second, as
 * a person skims), counting the page's DOM nodes every frame and its long tasks.
 */
export async function scrollPhotos(options: {
  browser: Browser;
  appUrl: string;
  albumId: string;
  photos: number;
  durationMs: number;
}): Promise<ScrollRun> {
  const { context, page } = await openAlbumPage(options.browser, options.appUrl, options.albumId);
  try {
    const viewport = page.locator('cdk-virtual-scroll-viewport');
    await viewport.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    await startProbes(page);
    const result = await page.evaluate(async (durationMs) => {
      const element = document.querySelector('cdk-virtual-scroll-viewport') as HTMLElement;
      const started = performance.now();
      // The viewport's scroll height is fixed (item size × rows): read it once, so the
      // probe never forces a layout itself.
      const distance = element.scrollHeight - element.clientHeight;
      let frames = 0;
      let maxDomNodes = document.getElementsByTagName('*').length;
      await new Promise<void>((done) => {
        const step = () => {
          frames++;
          maxDomNodes = Math.max(maxDomNodes, document.getElementsByTagName('*').length);
          const progress = Math.min(1, (performance.now() - started) / durationMs);
          element.scrollTop = progress * distance;
          if (progress < 1 || frames < 3) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      // Stay at the bottom a moment: the last pages load and render.
      await new Promise((done) => setTimeout(done, 1000));
      maxDomNodes = Math.max(maxDomNodes, document.getElementsByTagName('*').length);
      return {
        frames,
        maxDomNodes,
        scrollHeight: element.scrollHeight,
        reachedBottom: element.scrollTop + element.clientHeight >= element.scrollHeight - 2,
        ms: performance.now() - started,
      };
    }, options.durationMs);
    const probes = await stopProbes(page);
    return {
      photos: options.photos,
      ...result,
      longTasks: probes.longTasks,
      longFrames: probes.longFrames,
    };
  } finally {
    await context.close();
  }
}
