import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { devToken, flood, floodLastCounts, type FloodPlan } from './backend-api';
import {
  expectNegotiated,
  openAlbumPage,
  openBaseline,
  openRawReader,
  resetCounts,
  startProbes,
  statefulReconnectQuery,
  stopProbes,
  waitForIngest,
  type ProbeResult,
} from './app-page';
import { outputDir } from './paths';

export interface FloodRun {
  page: 'app' | 'baseline' | 'raw' | 'naive-app';
  eventsPerSecond: number;
  tags: number;
  durationMs: number;
  sent: number;
  received: number;
  spanMs: number;
  /** Events handled per second while flooded (received / time from first to last). */
  throughput: number;
  /** Main-thread task time per event (CDP Performance.getMetrics TaskDuration ÷ events): what one event costs the page, however busy the machine. */
  taskUsPerEvent: number;
  /** Tags whose stored count is not the flood's last count (app only; -1 when not checked). */
  wrongTags: number;
  probes: ProbeResult;
}

const floodPages: readonly FloodRun['page'][] = ['app', 'baseline', 'raw', 'naive-app'];

/** BENCH_PROFILE: the page whose floods get a CPU profile (unset: none). */
function profiledPage(): FloodRun['page'] | undefined {
  const page = process.env['BENCH_PROFILE'];
  // `fling`: figure 24's (albums-scale.bench.ts).
  if (!page || page === 'fling') return undefined;
  if (!floodPages.includes(page as FloodRun['page'])) {
    throw new Error(`BENCH_PROFILE=${page}: expected one of ${floodPages.join(', ')}, fling.`);
  }
  return page as FloodRun['page'];
}

/**
 * One flood into one freshly opened page, straight to the hub's group past the coalescing
 * (the dev tool's `direct` path: every event reaches the page, as from a server that does
 * not coalesce; figure 5 and figure 2's intake reference) (the app's album page or the naive baseline),
 * measured in the page: events handled, long tasks, change detections and progress-bar
 * updates per frame. The page is closed afterwards (a baseline still behind drops its backlog).
 */
export async function floodPage(options: {
  browser: Browser;
  which: 'app' | 'baseline' | 'raw' | 'naive-app';
  naiveAppUrl: string;
  appUrl: string;
  baselineUrl: string;
  backendUrl: string;
  albumId: string;
  tags: number;
  eventsPerSecond: number;
  durationMs: number;
  /** How long after the flood's end a page still behind may keep catching up. */
  graceMs: number;
  /** The app's page as a follower tab (its events relayed by a leader tab on the same album). */
  inFollowerTab?: boolean;
}): Promise<FloodRun> {
  // Sent straight to the group is what a server that does not coalesce does, and against
  // such a server the app does not ask for stateful reconnect (README, "Delivery on the
  // real servers"): with it, the hub's replay buffer and the client's one-second
  // acknowledgement would cap the page's intake near 1,000 events/s, whatever the page.
  const { context, page } =
    options.which === 'app' || options.which === 'naive-app'
      ? await openAlbumPage(
          options.browser,
          options.which === 'app' ? options.appUrl : options.naiveAppUrl,
          options.albumId,
          options.inFollowerTab,
          statefulReconnectQuery('off'),
        )
      : options.which === 'raw'
        ? await openRawReader(
            options.browser,
            options.appUrl,
            await devToken(options.backendUrl),
            options.albumId,
          )
        : await openBaseline(options.browser, options.baselineUrl, options.albumId);
  try {
    if (options.which === 'app' || options.which === 'naive-app') {
      await expectNegotiated(page, 'off');
    }
    await page.waitForTimeout(500); // let the page settle after its first loads
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (
        (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      ).metrics.find((metric) => metric.name === 'TaskDuration')!.value;
    await resetCounts(page);
    await startProbes(page);
    const profile = profiledPage() === options.which;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const taskBefore = await taskSeconds();
    const plan = await flood(
      options.backendUrl,
      options.albumId,
      options.tags,
      options.eventsPerSecond,
      options.durationMs,
      { path: 'direct' },
    );
    const ingest = await waitForIngest(
      page,
      plan.totalEvents,
      2_000,
      options.durationMs + options.graceMs,
    );
    await page.waitForTimeout(300); // the last frame's batch reaches the store
    const taskAfter = await taskSeconds();
    if (profile) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      writeFileSync(
        join(outputDir, `${options.which}-${options.eventsPerSecond}.cpuprofile`),
        JSON.stringify(cpu),
      );
    }
    const probes = await stopProbes(page);
    const wrongTags =
      options.which === 'app' ? await countWrongTags(page, options.albumId, plan) : -1;
    return {
      page: options.which,
      eventsPerSecond: options.eventsPerSecond,
      tags: options.tags,
      durationMs: options.durationMs,
      sent: plan.totalEvents,
      received: ingest.received,
      spanMs: ingest.spanMs,
      throughput: ingest.spanMs > 0 ? (ingest.received / ingest.spanMs) * 1000 : 0,
      taskUsPerEvent: ingest.received > 0 ? ((taskAfter - taskBefore) * 1e6) / ingest.received : 0,
      wrongTags,
      probes,
    };
  } finally {
    await context.close();
  }
}

async function countWrongTags(page: Page, albumId: string, plan: FloodPlan): Promise<number> {
  const stored = await page.evaluate((id) => window.__pfBench!.syncCounts(id), albumId);
  const expected = floodLastCounts(plan);
  return Object.entries(expected).filter(([tagId, count]) => stored[tagId] !== count).length;
}
