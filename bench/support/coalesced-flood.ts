import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  expectNegotiated,
  loadedFrom,
  openSignedIn,
  showAlbum,
  startProbes,
  stopProbes,
  type ProbeResult,
  statefulReconnectQuery,
  type StatefulReconnect,
} from './app-page';
import { devToken, flood, floodLastCounts, type FloodPlan } from './backend-api';
import { BareReader, type ShownCounts } from './bare-reader';
import { percentile } from './figures';
import { countProcessCpu, type ProcessCpu } from './process-cpu';

export type { StatefulReconnect };

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface CoalescedFloodRun {
  tabs: number;
  statefulReconnect: StatefulReconnect;
  eventsPerSecond: number;
  durationMs: number;
  sent: number;
  /** Send → the tab's store (what its bars render) holds that count or a later one, over every event and tab. */
  latencyMs: Latency;
  /** The same flood, the same moments, in a bare reader beside the page (./bare-reader.ts). */
  bareReaderMs: Latency;
  /** The bare reader's p99 per second of the flood (by send time): behind from the start, or falling behind. */
  bareReaderP99PerSecond: number[];
  /** The bare reader's WebSocket frames per second of the flood, and hub messages per frame. */
  bareReaderFrames: { perSecond: number; messagesPerFrame: number };
  /** CPU seconds of every process on the machine, by kind, from the flood's start until every tab was exact. */
  cpu: ProcessCpu;
  /** Events whose count a tab never showed (it ended below it). */
  neverShown: number;
  /**
   * Per tab, from the flood's start until the sampler stopped: the longest wait between two
   * animation frames, and between two beats of a 50 ms timer (TabSamples).
   */
  tabPace: { longestFrameGapMs: number; longestBeatGapMs: number }[];
  /** Per tab: the flood's tags whose count did not end at the flood's last count. */
  wrongTags: number[];
  /** The flood's last send → every tab exact (ms after the last event's send; -1: never). */
  settledAfterMs: number;
  /** Per tab, the progress events its hub handlers (or, in a follower, its relay) delivered. */
  delivered: number[];
  /** Long tasks and long frames per tab during the flood. */
  longTasks: number[][];
  /** The first tab's change detections and progress-bar updates per frame (figure 3). */
  detectionsPerFrame: ProbeResult['detectionsPerFrame'];
  barUpdatesPerFrame: ProbeResult['barUpdatesPerFrame'];
  longFrames: ProbeResult['longFrames'];
}

/**
 * Figures 2, 3, 15, 16 and 20: a flood of progress over made-up tags published as a sync
 * publishes its events (the dev tool's `published` path), so through the hub's coalescing:
 * what a browser really receives. `tabs` tabs of one browser are open on the album (the
 * first leads and holds the one connection; the others get its events relayed). In each
 * tab, at every animation frame, the store's count per tag (what the views render in that
 * frame) is noted when it rises.
 *
 * Event i of the flood (0-based, round-robin over the tags) is sent on the flood's first
 * 10 ms tick at or after `startedAt + (i + 1) × 1000 / rate`; its latency in a tab is the
 * first frame whose count for its tag is at least its count, minus that moment (a lower
 * bound of its send: the figure may only read high).
 */
export async function coalescedFlood(options: {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  /** The hub a bare reader joins beside the page (the app's hub, as a Node client reaches it). */
  hubUrl: string;
  albumId: string;
  tags: number;
  eventsPerSecond: number;
  durationMs: number;
  tabs: number;
  statefulReconnect: StatefulReconnect;
  /** How long after the flood's last send the tabs may take to end exact. */
  graceMs: number;
}): Promise<CoalescedFloodRun> {
  const { context, pages } = await openTabs(options);
  let reader: BareReader | undefined;
  try {
    reader = await BareReader.join(
      options.hubUrl,
      await devToken(options.backendUrl),
      options.albumId,
    );
    for (const page of pages) {
      await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    }
    await pages[0].waitForTimeout(500);
    for (const page of pages) {
      await startProbes(page);
      await startSampler(page, options.albumId);
    }
    const cpu = countProcessCpu();
    const wireBefore = { ...reader.wire };
    const plan = await flood(
      options.backendUrl,
      options.albumId,
      options.tags,
      options.eventsPerSecond,
      options.durationMs,
      { path: 'published' },
    );
    const expected = floodLastCounts(plan);
    const lastSendAt = sendTime(plan, options.eventsPerSecond, plan.totalEvents - 1);
    const deadline = lastSendAt + options.graceMs;
    let settledAt = -1;
    while (Date.now() < deadline) {
      const exact = await Promise.all(
        pages.map((page) => wrongTags(page, options.albumId, expected)),
      );
      if (exact.every((wrong) => wrong === 0)) {
        settledAt = Date.now();
        break;
      }
      await pages[0].waitForTimeout(50);
    }
    const cpuUsed = cpu.stop();
    const frames = reader.wire.frames - wireBefore.frames;
    const messages = reader.wire.messages - wireBefore.messages;
    await pages[0].waitForTimeout(300);
    const samples = await Promise.all(pages.map((page) => stopSampler(page)));
    const probes = await Promise.all(pages.map((page) => stopProbes(page)));
    const inTabs = latencyOf(
      plan,
      options.eventsPerSecond,
      expected,
      samples.map((sample) => sample.shown),
    );
    const bare = latencyOf(plan, options.eventsPerSecond, expected, [reader.shown]);
    return {
      tabs: options.tabs,
      statefulReconnect: options.statefulReconnect,
      eventsPerSecond: options.eventsPerSecond,
      durationMs: options.durationMs,
      sent: plan.totalEvents,
      latencyMs: inTabs.latency,
      bareReaderMs: bare.latency,
      bareReaderP99PerSecond: bare.p99PerSecond,
      bareReaderFrames: {
        perSecond: Math.round((frames * 1000) / options.durationMs),
        messagesPerFrame: frames === 0 ? 0 : messages / frames,
      },
      cpu: cpuUsed,
      neverShown: inTabs.neverShown,
      tabPace: samples.map(({ longestFrameGapMs, longestBeatGapMs }) => ({
        longestFrameGapMs,
        longestBeatGapMs,
      })),
      wrongTags: await Promise.all(pages.map((page) => wrongTags(page, options.albumId, expected))),
      settledAfterMs: settledAt < 0 ? -1 : settledAt - lastSendAt,
      delivered: await Promise.all(pages.map((page, index) => delivered(page, index > 0))),
      longTasks: probes.map((probe) => probe.longTasks),
      detectionsPerFrame: probes[0].detectionsPerFrame,
      barUpdatesPerFrame: probes[0].barUpdatesPerFrame,
      longFrames: probes.flatMap((probe) => probe.longFrames).slice(0, 8),
    };
  } finally {
    await reader?.stop();
    await context.close();
  }
}

/**
 * Every event's latency in every tab: the first moment its tag showed its count or a
 * later one, minus its send. An event whose count a tab never reached counts apart.
 */
function latencyOf(
  plan: FloodPlan,
  eventsPerSecond: number,
  expected: Record<string, number>,
  tabs: readonly ShownCounts[],
): { latency: Latency; neverShown: number; p99PerSecond: number[] } {
  const latencies: number[] = [];
  const perSecond: number[][] = [];
  let neverShown = 0;
  const tags = plan.albumTagIds.length;
  for (const tab of tabs) {
    plan.albumTagIds.forEach((tagId, tag) => {
      const shown = tab[tagId] ?? [];
      let cursor = 0;
      for (let k = 1; k <= expected[tagId]; k++) {
        while (cursor < shown.length && shown[cursor][0] < k) cursor++;
        if (cursor === shown.length) {
          neverShown++;
          continue;
        }
        const sentAt = sendTime(plan, eventsPerSecond, (k - 1) * tags + tag);
        latencies.push(shown[cursor][1] - sentAt);
        (perSecond[Math.floor((sentAt - plan.startedAt) / 1000)] ??= []).push(
          shown[cursor][1] - sentAt,
        );
      }
    });
  }
  return {
    latency: {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.reduce((most, ms) => Math.max(most, ms), 0),
    },
    neverShown,
    p99PerSecond: [...perSecond].map((second) => percentile(second ?? [], 99)),
  };
}

/** When event `index` of the flood was due (Date.now() scale). */
const sendTime = (plan: FloodPlan, eventsPerSecond: number, index: number): number =>
  plan.startedAt + ((index + 1) * 1000) / eventsPerSecond;

/**
 * One browser context on the album: the first tab (the leader, which opens the connection
 * with or without stateful reconnect, as its first URL asks), then the followers. Checks
 * what the leader negotiated: the official client asks with `useStatefulReconnect=true`.
 */
async function openTabs(options: {
  browser: Browser;
  appUrl: string;
  albumId: string;
  tabs: number;
  statefulReconnect: StatefulReconnect;
}): Promise<{ context: BrowserContext; pages: Page[] }> {
  const query = statefulReconnectQuery(options.statefulReconnect);
  const path = `/albums/${options.albumId}${query}`;
  const { context, page } = await openSignedIn(options.browser, options.appUrl, path);
  try {
    await loadedFrom(page, path);
    await showAlbum(page, options.albumId);
    await expectNegotiated(page, options.statefulReconnect);
    const pages = [page];
    for (let tab = 1; tab < options.tabs; tab++) {
      const follower = await context.newPage();
      follower.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await follower.goto(`/albums/${options.albumId}`);
      await showAlbum(follower, options.albumId);
      pages.push(follower);
    }
    const leaders = await Promise.all(
      pages.map((tab) => tab.evaluate(() => window.__pfBench!.isLeader())),
    );
    if (options.tabs > 1 && leaders.filter(Boolean).length !== 1) {
      throw new Error(
        `${leaders.filter(Boolean).length} of ${options.tabs} tabs lead: they do not share one connection`,
      );
    }
    return { context, pages };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * What a tab's sampler saw: the counts each frame showed, and the pace of the tab itself:
 * the longest wait between two animation frames, and between two beats of a 50 ms timer,
 * until the sampler stopped. A tab whose frames stop while its timer keeps its beat had a
 * free main thread that was not given frames (the compositor, the GPU process, the
 * browser); one whose timer stops too was busy.
 */
interface TabSamples {
  shown: ShownCounts;
  longestFrameGapMs: number;
  longestBeatGapMs: number;
}

/**
 * At every animation frame, notes each tag's stored count when it rises, with Date.now();
 * and keeps the tab's pace (TabSamples).
 */
async function startSampler(page: Page, albumId: string): Promise<void> {
  await page.evaluate((id) => {
    const shown: Record<string, [number, number][]> = {};
    const started = Date.now();
    const pace = { lastFrame: started, frameGap: 0, lastBeat: started, beatGap: 0 };
    const state = { running: true };
    const frame = () => {
      if (!state.running) return;
      const now = Date.now();
      pace.frameGap = Math.max(pace.frameGap, now - pace.lastFrame);
      pace.lastFrame = now;
      for (const [tag, count] of Object.entries(window.__pfBench!.syncCounts(id))) {
        const seen = (shown[tag] ??= []);
        if (seen.length === 0 || count > seen[seen.length - 1][0]) seen.push([count, now]);
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const beat = setInterval(() => {
      const now = Date.now();
      pace.beatGap = Math.max(pace.beatGap, now - pace.lastBeat);
      pace.lastBeat = now;
    }, 50);
    (window as unknown as { __sampler: unknown }).__sampler = { shown, state, pace, beat };
  }, albumId);
}

async function stopSampler(page: Page): Promise<TabSamples> {
  return page.evaluate(() => {
    const sampler = (
      window as unknown as {
        __sampler: {
          shown: Record<string, [number, number][]>;
          state: { running: boolean };
          pace: { lastFrame: number; frameGap: number; lastBeat: number; beatGap: number };
          beat: ReturnType<typeof setInterval>;
        };
      }
    ).__sampler;
    sampler.state.running = false;
    clearInterval(sampler.beat);
    const now = Date.now();
    // A wait still running when the sampler stops counts too (frames that never came back).
    return {
      shown: sampler.shown,
      longestFrameGapMs: Math.max(sampler.pace.frameGap, now - sampler.pace.lastFrame),
      longestBeatGapMs: Math.max(sampler.pace.beatGap, now - sampler.pace.lastBeat),
    };
  });
}

async function wrongTags(
  page: Page,
  albumId: string,
  expected: Record<string, number>,
): Promise<number> {
  const stored = await page.evaluate((id) => window.__pfBench!.syncCounts(id), albumId);
  return Object.entries(expected).filter(([tagId, count]) => stored[tagId] !== count).length;
}

async function delivered(page: Page, follower: boolean): Promise<number> {
  return page.evaluate(
    (relayed) =>
      relayed
        ? window.__pfBench!.relayedProgress
        : (window.__pfBench!.eventsReceived['PhotoSyncProgress'] ?? 0),
    follower,
  );
}
