import type { Browser } from '@playwright/test';
import {
  openAlbumPage,
  startProbes,
  statefulReconnectQuery,
  stopProbes,
  type ProbeResult,
} from './app-page';
import { post } from './backend-api';
import { percentile } from './figures';

export interface LatencyRun {
  sent: number;
  measured: number;
  p50: number;
  p99: number;
  max: number;
  /** Sending one event through the emit dev tool (HTTP, loopback), median ms: included in the figures. */
  emitRequestMs: number;
  /** The same, p99 and slowest: a stall on the sending side shows here. */
  emitRequestP99Ms: number;
  emitRequestMaxMs: number;
  /** The ten slowest events: k, latency, and how long its emit request took. */
  slowest: { k: number; ms: number; requestMs: number }[];
  /** Long tasks and long frames during the run (what the slowest events waited behind). */
  longTasks: number[];
  longFrames: ProbeResult['longFrames'];
}

/**
 * Figure 4, one run: the dev backend's emit tool sends PhotoSyncProgress for a real tag of
 * the open album at `eventsPerSecond`; processedCount k rises by one per event and every
 * event carries its send time. In the page, a MutationObserver notes when the tag's bar
 * (its aria-valuetext, "k of 1,000,000 photos") first shows k or more. Latency of event
 * k = that moment − its send time, both Date.now() on this machine. Coalescing may skip
 * a value; a skipped event counts as shown when a later one is.
 */
export async function measureLatency(options: {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  albumId: string;
  tagId: string;
  tagType: string;
  eventsPerSecond: number;
  durationMs: number;
  /** Measured in a follower tab (its events relayed by a leader tab on the same album). */
  inFollowerTab?: boolean;
  /** Whether the connection asks for stateful reconnect (default on, as the local environment). */
  statefulReconnect?: 'on' | 'off';
}): Promise<LatencyRun> {
  const { context, page } = await openAlbumPage(
    options.browser,
    options.appUrl,
    options.albumId,
    options.inFollowerTab,
    statefulReconnectQuery(options.statefulReconnect ?? 'on'),
  );
  try {
    // Steady state, not page load: the grid's thumbnails decoded and rastered first
    // (measured from the first moment, the first events waited ~180 ms behind them).
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    await page.waitForTimeout(500);
    await page.evaluate((label) => {
      const shown: [number, number][] = [];
      let best = 0;
      new MutationObserver(() => {
        const bar = document.querySelector(`[role="progressbar"][aria-label="${label}"]`);
        const value = Number(
          (bar?.getAttribute('aria-valuetext') ?? '').split(' of ')[0].replace(/,/g, ''),
        );
        if (value > best) {
          best = value;
          shown.push([value, Date.now()]);
        }
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuetext'],
      });
      (window as unknown as { __shown: [number, number][] }).__shown = shown;
    }, `${options.tagType} tag sync progress`);
    await startProbes(page);
    const total = Math.round((options.eventsPerSecond * options.durationMs) / 1000);
    const sentAt: number[] = [];
    const requestMs: number[] = [];
    const start = Date.now() + 50;
    for (let k = 1; k <= total; k++) {
      const due = start + ((k - 1) * 1000) / options.eventsPerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const now = Date.now();
      sentAt[k] = now;
      await post(`${options.backendUrl}/api/dev/hub/emit`, {
        albumId: options.albumId,
        target: 'PhotoSyncProgress',
        arguments: [
          {
            type: 'photo_sync_progress',
            albumId: options.albumId,
            albumTagId: options.tagId,
            albumTagType: options.tagType,
            processedCount: k,
            totalCount: 1_000_000,
            estimatedSecondsRemaining: 600,
            timestamp: new Date(now).toISOString(),
          },
        ],
      });
      requestMs.push(Date.now() - now);
    }
    await page.waitForTimeout(500);
    const probes = await stopProbes(page);
    const shown = await page.evaluate(
      () => (window as unknown as { __shown: [number, number][] }).__shown,
    );
    const latencies: number[] = [];
    const byEvent: { k: number; ms: number; requestMs: number }[] = [];
    let cursor = 0;
    for (let k = 1; k <= total; k++) {
      while (cursor < shown.length && shown[cursor][0] < k) cursor++;
      if (cursor < shown.length) {
        latencies.push(shown[cursor][1] - sentAt[k]);
        byEvent.push({ k, ms: shown[cursor][1] - sentAt[k], requestMs: requestMs[k - 1] });
      }
    }
    return {
      sent: total,
      measured: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      emitRequestMs: percentile(requestMs, 50),
      emitRequestP99Ms: percentile(requestMs, 99),
      emitRequestMaxMs: Math.max(...requestMs),
      slowest: byEvent.sort((a, b) => b.ms - a.ms).slice(0, 10),
      longTasks: probes.longTasks,
      longFrames: probes.longFrames.slice(0, 8),
    };
  } finally {
    await context.close();
  }
}
