import type { Browser, BrowserContext, Page } from '@playwright/test';
import { signIn } from '../../e2e/support/fixtures';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const sessions = new Map<string, StorageState>();

/**
 * A fresh browser context on the benchmark build, signed in as the seed's studio admin:
 * the first time through the sign-in pages, as a person would; then with that session
 * (the app keeps it in localStorage), as a reopened tab would.
 */
export async function openSignedIn(
  browser: Browser,
  appUrl: string,
  path = '/albums',
): Promise<{ context: BrowserContext; page: Page }> {
  const session = sessions.get(appUrl);
  const context = await browser.newContext({
    baseURL: appUrl,
    viewport: { width: 1280, height: 900 },
    storageState: session,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  if (session) {
    await page.goto(path);
  } else {
    await signIn(page, 'an@photoflow.test', path);
    sessions.set(appUrl, await context.storageState());
  }
  await page.waitForFunction(() => !!window.__pfBench, undefined, { timeout: 15_000 });
  return { context, page };
}

/**
 * `openSignedIn` on the album's page, once it shows the album and its group is joined on
 * the hub. The caller closes the context; it is closed here if the page never gets there.
 * `inFollowerTab`: the page returned is a second tab on the same album, in the same
 * browser, which gets its events from the first (the leader, left open).
 */
export async function openAlbumPage(
  browser: Browser,
  appUrl: string,
  albumId: string,
  inFollowerTab = false,
  /** The first URL's query: the bench build's switches (`?statefulReconnect=off`). */
  query = '',
): Promise<{ context: BrowserContext; page: Page }> {
  const path = `/albums/${albumId}${query}`;
  const opened = await openSignedIn(browser, appUrl, path);
  const { context } = opened;
  try {
    if (query) await loadedFrom(opened.page, path);
    await showAlbum(opened.page, albumId);
    if (!inFollowerTab) return opened;
    const follower = await context.newPage();
    follower.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await follower.goto(`/albums/${albumId}`);
    await showAlbum(follower, albumId);
    if (await follower.evaluate(() => window.__pfBench!.isLeader())) {
      throw new Error('The second tab leads: tabs do not share the connection');
    }
    return { context, page: follower };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Loads `path` unless the document was loaded from it: the bench build reads its switches
 * from the first URL, and a first sign-in bootstraps the app on the sign-in page (the
 * router's return to `path` keeps its query but does not load the document again).
 */
export async function loadedFrom(page: Page, path: string): Promise<void> {
  const loaded = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).name,
  );
  const url = new URL(loaded);
  if (`${url.pathname}${url.search}` !== path) await page.goto(path);
}

/** Whether the app's connection asks for stateful reconnect (the bench build's `?statefulReconnect=off`). */
export type StatefulReconnect = 'on' | 'off';

/** The first URL's query that asks the bench build for that. */
export const statefulReconnectQuery = (statefulReconnect: StatefulReconnect): string =>
  statefulReconnect === 'off' ? '?statefulReconnect=off' : '';

/**
 * Throws unless the page's connection negotiated as asked: the official client asks with
 * `useStatefulReconnect=true`. Resource timing keeps the URLs of a page's first 250
 * requests; the hub's negotiation comes before the grid's thumbnails.
 */
export async function expectNegotiated(
  page: Page,
  statefulReconnect: StatefulReconnect,
): Promise<void> {
  const negotiated = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.includes('/negotiate')),
  );
  const asked = negotiated.some((url) => url.includes('useStatefulReconnect=true'));
  if (negotiated.length > 0 && asked !== (statefulReconnect === 'on')) {
    throw new Error(
      `The app negotiated ${negotiated.at(-1)}: stateful reconnect is not ${statefulReconnect}`,
    );
  }
}

/** On the album's page, once it shows the album and the hub has joined its group for it. */
export async function showAlbum(page: Page, albumId: string): Promise<void> {
  if (!new URL(page.url()).pathname.endsWith(`/albums/${albumId}`)) {
    await page.goto(`/albums/${albumId}`);
  }
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
  await page.waitForFunction(
    (id) => window.__pfBench?.hubStats().joinedGroups.includes(id) ?? false,
    albumId,
    { timeout: 15_000 },
  );
}

/** The naive baseline page, connected and in the album's group. */
export async function openBaseline(
  browser: Browser,
  baselineUrl: string,
  albumId: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[baseline page error] ${error.message}`));
  await page.goto(`${baselineUrl}/?album=${albumId}`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
    timeout: 15_000,
  });
  return { context, page };
}

/**
 * The ceiling of figure 2: a bare WebSocket reader of the hub in the same browser, on
 * the same origin and proxy as the app, that only counts PhotoSyncProgress records
 * (no SignalR client, no parsing of the payloads, no app). It exposes the same counters.
 */
export async function openRawReader(
  browser: Browser,
  appUrl: string,
  token: string,
  albumId: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${appUrl}/health`);
  await page.evaluate(
    async ({ token, albumId }) => {
      const counters = { received: 0, first: null as number | null, last: null as number | null };
      const negotiation = (await (
        await fetch('/hubs/notification/negotiate?negotiateVersion=1', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { connectionToken: string };
      const socket = new WebSocket(
        `ws://${location.host}/hubs/notification?id=${negotiation.connectionToken}&access_token=${token}`,
      );
      await new Promise((done) => (socket.onopen = done));
      socket.send('{"protocol":"json","version":1}\u001e');
      socket.onmessage = (message) => {
        const text = String(message.data);
        let at = text.indexOf('PhotoSyncProgress');
        while (at >= 0) {
          counters.received++;
          const now = performance.now();
          counters.first ??= now;
          counters.last = now;
          at = text.indexOf('PhotoSyncProgress', at + 17);
        }
      };
      await new Promise((done) => setTimeout(done, 100));
      socket.send(
        JSON.stringify({
          type: 1,
          invocationId: '1',
          target: 'JoinAlbumGroup',
          arguments: [albumId],
        }) + '\u001e',
      );
      await new Promise((done) => setTimeout(done, 200));
      Object.defineProperty(window, '__pfBench', {
        value: {
          changeDetections: 0,
          detectionsPerFrame: {},
          get eventsReceived() {
            return { PhotoSyncProgress: counters.received };
          },
          get firstProgressAt() {
            return counters.first;
          },
          get lastProgressAt() {
            return counters.last;
          },
          resetEventCounts() {
            counters.received = 0;
            counters.first = counters.last = null;
          },
        },
      });
    },
    { token, albumId },
  );
  return { context, page };
}

/**
 * Starts in-page probes: long tasks (PerformanceObserver 'longtask'), and progress-bar
 * DOM updates per frame (a MutationObserver; updates that see the same document
 * timeline time happened between the same two renderings). Change detections per frame
 * come from the counters (`detectionsPerFrame`), read before and after.
 */
export async function startProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    interface Probe {
      longTasks: number[];
      longFrames: { duration: number; blocking: number; renderMs: number; scripts: string[] }[];
      barUpdatesPerFrame: Record<number, number>;
      detectionsBefore: Record<number, number>;
      stop(): void;
    }
    const w = window as unknown as { __probe?: Probe };
    w.__probe?.stop();
    const probe: Probe = {
      longTasks: [],
      longFrames: [],
      barUpdatesPerFrame: {},
      detectionsBefore: { ...(window.__pfBench?.detectionsPerFrame ?? {}) },
      stop: () => undefined,
    };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    // What the long frames spent their time on (Long Animation Frames API), for the report.
    const frames = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        duration: number;
        blockingDuration: number;
        renderStart: number;
        startTime: number;
        styleAndLayoutStart: number;
        scripts: {
          invoker: string;
          sourceFunctionName: string;
          sourceURL: string;
          duration: number;
        }[];
      }[]) {
        if (entry.duration < 50 || probe.longFrames.length >= 30) continue;
        probe.longFrames.push({
          duration: Math.round(entry.duration),
          blocking: Math.round(entry.blockingDuration),
          renderMs: Math.round(
            entry.startTime +
              entry.duration -
              (entry.renderStart || entry.startTime + entry.duration),
          ),
          scripts: entry.scripts
            .filter((script) => script.duration >= 5)
            .map(
              (script) =>
                `${Math.round(script.duration)}ms ${script.invoker} ${script.sourceFunctionName}@${script.sourceURL.split('/').pop()}`,
            ),
        });
      }
    });
    frames.observe({ type: 'long-animation-frame' });
    let frameTime: number | null = null;
    let inFrame = 0;
    const mutations = new MutationObserver((records) => {
      if (
        !records.some(
          (record) => (record.target as Element).getAttribute?.('role') === 'progressbar',
        )
      )
        return;
      const now = Number(document.timeline.currentTime ?? 0);
      if (now !== frameTime) {
        frameTime = now;
        inFrame = 0;
      } else {
        probe.barUpdatesPerFrame[inFrame] = (probe.barUpdatesPerFrame[inFrame] ?? 1) - 1;
      }
      inFrame++;
      probe.barUpdatesPerFrame[inFrame] = (probe.barUpdatesPerFrame[inFrame] ?? 0) + 1;
    });
    mutations.observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-valuenow', 'aria-valuetext'],
    });
    probe.stop = () => {
      observer.disconnect();
      frames.disconnect();
      mutations.disconnect();
    };
    w.__probe = probe;
  });
}

export interface ProbeResult {
  longTasks: number[];
  /** Frames over 50 ms: how long, and the scripts (5 ms or more) that ran in them. */
  longFrames: { duration: number; blocking: number; renderMs: number; scripts: string[] }[];
  /** Frames by number of progress-bar DOM updates in them. */
  barUpdatesPerFrame: Record<number, number>;
  /** Frames (with any change detection) by number of change-detection passes in them. */
  detectionsPerFrame: Record<number, number>;
}

export async function stopProbes(page: Page): Promise<ProbeResult> {
  return page.evaluate(() => {
    const probe = (
      window as unknown as {
        __probe: {
          longTasks: number[];
          longFrames: ProbeResult['longFrames'];
          barUpdatesPerFrame: Record<number, number>;
          detectionsBefore: Record<number, number>;
          stop(): void;
        };
      }
    ).__probe;
    probe.stop();
    const after = window.__pfBench?.detectionsPerFrame ?? {};
    const detectionsPerFrame: Record<number, number> = {};
    for (const key of Object.keys(after)) {
      const frames = after[Number(key)] - (probe.detectionsBefore[Number(key)] ?? 0);
      if (frames > 0) detectionsPerFrame[Number(key)] = frames;
    }
    return {
      longTasks: probe.longTasks,
      longFrames: probe.longFrames,
      barUpdatesPerFrame: probe.barUpdatesPerFrame,
      detectionsPerFrame,
    };
  });
}

/** The largest key with frames in it (0 when none). */
export const maxPerFrame = (histogram: Record<number, number>): number =>
  Math.max(
    0,
    ...Object.entries(histogram)
      .filter(([, frames]) => frames > 0)
      .map(([count]) => Number(count)),
  );

export interface Ingest {
  received: number;
  /** ms between the first and the last PhotoSyncProgress handled. */
  spanMs: number;
}

/** Resets the page's event counts (counters only; nothing in the app changes). */
export async function resetCounts(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window.__pfBench as unknown as { resetEventCounts(): void }).resetEventCounts(),
  );
}

/** Waits until `expected` progress events were handled, or nothing came for `idleMs`, or `capMs` passed. */
export async function waitForIngest(
  page: Page,
  expected: number,
  idleMs: number,
  capMs: number,
): Promise<Ingest> {
  const deadline = Date.now() + capMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const now = await page.evaluate(() => {
      const bench = window.__pfBench!;
      return {
        received: bench.eventsReceived['PhotoSyncProgress'] ?? 0,
        spanMs: bench.firstProgressAt === null ? 0 : bench.lastProgressAt! - bench.firstProgressAt,
      };
    });
    if (now.received >= expected || Date.now() > deadline) return now;
    if (now.received !== last) {
      last = now.received;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > idleMs) return now;
    await new Promise((done) => setTimeout(done, 100));
  }
}
