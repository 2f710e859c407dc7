import type { Browser, Page } from '@playwright/test';
import { flood, get } from './backend-api';
import { openSignedIn, showAlbum } from './app-page';
import { percentile } from './figures';

interface HubStats {
  connections: number;
  groups: Record<string, number>;
  memory: { rssBytes: number; heapUsedBytes: number };
}

const hubStats = (backendUrl: string) => get<HubStats>(`${backendUrl}/api/dev/hub/stats`);

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

export interface TabCostRun {
  tabs: number;
  sharing: boolean;
  /** Live hub connections on the backend with every tab open and joined. */
  connections: number;
  /** Members summed over the tabs' album groups (one per joined group per connection). */
  groupMembers: number;
  /** Backend process growth from before the tabs opened (no GC forced: noisy, read as a size). */
  rssDeltaBytes: number;
  heapDeltaBytes: number;
}

/**
 * `tabs` tabs of one browser, each on its own album, with tabs sharing one connection or
 * each connecting on its own (`?tabSharing=off`, the bench build's switch): what the
 * backend holds for them.
 */
export async function tabCost(options: {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  albumIds: readonly string[];
  tabs: number;
  sharing: boolean;
}): Promise<TabCostRun> {
  await until(
    async () => (await hubStats(options.backendUrl)).connections === 0,
    30_000,
    'no connection',
  );
  const before = await hubStats(options.backendUrl);
  const query = options.sharing ? '' : '?tabSharing=off';
  const { context, page } = await openSignedIn(options.browser, options.appUrl, `/albums${query}`);
  try {
    const pages: Page[] = [page];
    for (let i = 1; i < options.tabs; i++) pages.push(await context.newPage());
    for (const [i, tab] of pages.entries()) {
      const albumId = options.albumIds[i % options.albumIds.length]!;
      await tab.goto(`/albums/${albumId}${query}`);
      await showAlbum(tab, albumId);
    }
    await new Promise((done) => setTimeout(done, 1_000));
    const after = await hubStats(options.backendUrl);
    return {
      tabs: options.tabs,
      sharing: options.sharing,
      connections: after.connections,
      groupMembers: options.albumIds
        .slice(0, options.tabs)
        .reduce((sum, albumId) => sum + (after.groups[`album_${albumId}`] ?? 0), 0),
      rssDeltaBytes: after.memory.rssBytes - before.memory.rssBytes,
      heapDeltaBytes: after.memory.heapUsedBytes - before.memory.heapUsedBytes,
    };
  } finally {
    await context.close();
  }
}

export interface FailoverRun {
  closes: number;
  /** Leader tab closed → every other tab connected again and its album re-fetched, ms. */
  gapsMs: number[];
  p50: number;
  p99: number;
}

/**
 * Three tabs on one album; `closes` times: the leader tab is closed and the time is taken
 * until every remaining tab says Connected and has its album answer from after the close
 * (the re-fetch every tab makes on a takeover); then a new tab is opened to keep three.
 */
export async function failover(options: {
  browser: Browser;
  appUrl: string;
  albumId: string;
  closes: number;
}): Promise<FailoverRun> {
  const albumPath = `/api/v1/albums/${options.albumId}`;
  const { context, page } = await openSignedIn(
    options.browser,
    options.appUrl,
    `/albums/${options.albumId}`,
  );
  const answeredAt = new Map<Page, number>();
  const watch = (tab: Page) =>
    tab.on('response', (response) => {
      if (response.request().method() === 'GET' && new URL(response.url()).pathname === albumPath)
        answeredAt.set(tab, Date.now());
    });
  const openTab = async (tab: Page) => {
    watch(tab);
    await showAlbum(tab, options.albumId);
    await tab.waitForFunction(() => window.__pfBench!.connectionStatus() === 'Connected');
  };
  try {
    const tabs: Page[] = [page];
    await openTab(page);
    for (let i = 0; i < 2; i++) {
      const tab = await context.newPage();
      tabs.push(tab);
      await openTab(tab);
    }
    const gapsMs: number[] = [];
    for (let close = 0; close < options.closes; close++) {
      let leader: Page | undefined;
      for (const tab of tabs)
        if (await tab.evaluate(() => window.__pfBench!.isLeader())) leader = tab;
      if (!leader) throw new Error('No tab leads');
      const others = tabs.filter((tab) => tab !== leader);
      const closedAt = Date.now();
      await leader.close();
      await Promise.all(
        others.map(async (tab) => {
          await until(async () => (answeredAt.get(tab) ?? 0) > closedAt, 20_000, 'the re-fetch');
          await tab.waitForFunction(
            () => window.__pfBench!.connectionStatus() === 'Connected',
            undefined,
            {
              polling: 10,
              timeout: 20_000,
            },
          );
        }),
      );
      const back = Math.max(...others.map((tab) => answeredAt.get(tab)!));
      gapsMs.push(back - closedAt);
      tabs.splice(tabs.indexOf(leader), 1);
      const tab = await context.newPage();
      tabs.push(tab);
      await openTab(tab);
    }
    return {
      closes: options.closes,
      gapsMs,
      p50: percentile(gapsMs, 50),
      p99: percentile(gapsMs, 99),
    };
  } finally {
    await context.close();
  }
}

export interface RelayFloodRun {
  sent: number;
  /** PhotoSyncProgress handled: by the leader's connection, and delivered in the follower. */
  leaderReceived: number;
  followerReceived: number;
  /** Events a second from the first to the last, in each tab. */
  leaderThroughput: number;
  followerThroughput: number;
  /** The follower's last event after the leader's (ms, both on the machine's clock). */
  lastEventLagMs: number;
}

/**
 * A flood into a leader tab and a follower tab on the same album, counted in both: what
 * the relay costs in throughput and in delay, the leader's own intake being the ceiling.
 */
export async function relayFlood(options: {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  albumId: string;
  eventsPerSecond: number;
  durationMs: number;
}): Promise<RelayFloodRun> {
  const { context, page: leader } = await openSignedIn(
    options.browser,
    options.appUrl,
    `/albums/${options.albumId}`,
  );
  try {
    await showAlbum(leader, options.albumId);
    const follower = await context.newPage();
    await follower.goto(`/albums/${options.albumId}`);
    await showAlbum(follower, options.albumId);
    await follower.waitForTimeout(500);
    for (const tab of [leader, follower])
      await tab.evaluate(() => window.__pfBench!.resetEventCounts());
    const plan = await flood(
      options.backendUrl,
      options.albumId,
      50,
      options.eventsPerSecond,
      options.durationMs,
      { path: 'direct' },
    );
    const counts = (tab: Page) =>
      tab.evaluate(() => {
        const bench = window.__pfBench!;
        return {
          received: bench.eventsReceived['PhotoSyncProgress'] ?? 0,
          first: performance.timeOrigin + (bench.firstProgressAt ?? 0),
          last: performance.timeOrigin + (bench.lastProgressAt ?? 0),
        };
      });
    await until(
      async () => (await counts(follower)).received >= plan.totalEvents,
      60_000,
      'the follower to receive the flood',
    ).catch(() => undefined);
    const [l, f] = [await counts(leader), await counts(follower)];
    const rate = (c: typeof l) => (c.last > c.first ? (c.received / (c.last - c.first)) * 1000 : 0);
    return {
      sent: plan.totalEvents,
      leaderReceived: l.received,
      followerReceived: f.received,
      leaderThroughput: rate(l),
      followerThroughput: rate(f),
      lastEventLagMs: f.last - l.last,
    };
  } finally {
    await context.close();
  }
}
