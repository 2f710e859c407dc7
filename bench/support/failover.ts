import type { Page, Browser } from '@playwright/test';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { signIn } from '../../e2e/support/fixtures';
import { affinityCookie, servedByHeader } from '../../server/tools/scaled-stack.ts';
import { album, albums, devToken, fire, post } from './backend-api';
import { noteTabChannel, recoveryOf, watchReconnect } from './failover-page';
import { percentile } from './figures';
import type { ScaledBench } from './scaled';

export interface FailoverRun {
  pages: number;
  /** The instance the pages were on, killed: hub1 is also the one the dev backend publishes to. */
  killed: 'hub1' | 'hub2';
  /** Per page, from the kill to live again (connected) and resynced (the album re-fetched), ms. */
  recoveryMs: number[];
  /** Where that went, per page: kill → the indicator said Connected; kill → the end of the album's re-fetch (a request started after the drop). */
  connectedMs: number[];
  refetchedMs: number[];
  /**
   * Per page, how long its counted re-fetch waited in the browser before it was sent: for
   * one of the 6 connections per host, or (before REST reads went past the HTTP cache)
   * behind another tab's request for the same URL.
   */
  refetchQueuedMs: number[];
  /**
   * The hub traffic of every page from the kill until every page recovered (the tabs share
   * one connection: the leader's): ms after the kill, what, and the instance that answered.
   */
  hubTraffic: string[];
  /**
   * HAProxy's line for each hub request it finished after the kill (`balancerLogFormat`),
   * ms after the kill: its own timers, which a loaded bench process does not delay.
   */
  balancerLog: string[];
  p50: number;
  p99: number;
  /** Pages that were not connected to the survivor, or whose view differed from the server once the sync ended. */
  differing: number;
  /**
   * Pages whose indicator never showed the outage (a busy page that heard "Reconnecting" and
   * "Connected" before it rendered once): they count from their app's news and re-fetch.
   */
  outageUnshown: number;
  /** Whether another user's connection was on the survivor before the kill (see {@link failover}). */
  neighbour: boolean;
}

/**
 * `BENCH_FAILOVER_NEIGHBOUR=off`: the survivor has served no one before the kill (the runs
 * before issue 20's failover work), so the pages' first requests there pay its cold start.
 */
export function neighbourSetting(): boolean {
  const raw = process.env['BENCH_FAILOVER_NEIGHBOUR'] ?? 'on';
  if (raw !== 'on' && raw !== 'off')
    throw new Error(`BENCH_FAILOVER_NEIGHBOUR=${raw}: expected on or off (default on).`);
  return raw === 'on';
}

/**
 * Figures 13 and 19, one run: `pages` tabs of one browser pinned to `instance` on the Init
 * album while its Raw tag syncs; that instance is killed (SIGKILL). hub2: the dev backend
 * publishes to hub1, which lives on; hub1: the publisher's instance dies with the pages'
 * (it moves on to hub2, the pages too). Each page
 * has recovered once it is connected again and has its album from a request it started
 * after its tab heard of the reconnect round (see {@link recoveryOf}); measured from the
 * kill, with Date.now() on both sides (same machine). Once the sync ended, every page's
 * stage, Raw tag status and photo count are compared with the REST answer: an event lost
 * in the failover, and not healed by the resync, shows there.
 *
 * With `neighbour`, another user's browser (an official client over WebSockets) is
 * connected to the other instance, pinned by its cookie, from before the kill to the end:
 * in a deployment behind round robin every instance serves someone. Without it the
 * survivor has never checked a token before the pages arrive, and that first check is
 * slow (0.26–0.33 s at load 13–16, measured through HAProxy's log: the first authenticated
 * request to an instance, where a warm one answers in ~10 ms).
 */
export async function failover(
  browser: Browser,
  bench: ScaledBench,
  pages: number,
  instance: 'hub1' | 'hub2' = 'hub2',
  neighbour = true,
): Promise<FailoverRun> {
  const { stack } = bench;
  const token = await devToken(stack.backend.url);
  const survivor = instance === 'hub1' ? 'hub2' : 'hub1';
  await post(`${stack.backend.url}/api/dev/reset`);
  const albums = (await (
    await fetch(`${stack.backend.url}/api/v1/albums?pageSize=100`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { items: { id: string; state: string }[] };
  const albumId = albums.items.find((item) => item.state === 'Init')!.id;
  const context = await browser.newContext({ baseURL: bench.appUrl });
  await context.addCookies([{ name: affinityCookie, value: instance, url: stack.balancerUrl }]);
  await noteTabChannel(context);
  const other = neighbour ? await connectNeighbour(stack, survivor) : null;
  try {
    const tabs: Page[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    const hubTraffic: string[] = [];
    const note = (what: string) => {
      if (Date.now() >= killedAt) hubTraffic.push(`${Date.now() - killedAt} ms ${what}`);
    };
    for (let i = 0; i < pages; i++) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      page.on('websocket', (socket) => {
        note(`tab ${i} WebSocket opened`);
        socket.on('close', () => note(`tab ${i} WebSocket closed`));
      });
      page.on('requestfailed', (request) => {
        if (request.url().includes('/hubs/'))
          note(
            `tab ${i} ${new URL(request.url()).pathname} failed: ${request.failure()?.errorText}`,
          );
      });
      // When each hub request left, beside when its answer came: a wait in the balancer shows.
      page.on('request', (request) => {
        if (request.url().includes('/hubs/'))
          note(`tab ${i} ${new URL(request.url()).pathname} sent`);
      });
      page.on('response', (response) => {
        if (response.url().includes('/hubs/'))
          note(
            `tab ${i} ${new URL(response.url()).pathname} ${response.status()} from ${response.headers()[servedByHeader] ?? '?'}`,
          );
      });
      if (i === 0) await signIn(page, 'an@photoflow.test', `/albums/${albumId}`);
      else await page.goto(`/albums/${albumId}`);
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
      tabs.push(page);
    }
    for (const page of tabs) await waitForStatus(page, 'Connected');
    const served = await fetch(`${stack.hubUrl}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie: `${affinityCookie}=${instance}` },
    });
    if (served.headers.get(servedByHeader) !== instance)
      throw new Error(`pages not on ${instance}`);

    if ((await fire(stack.backend.url, token, albumId, 'SyncRawTag', 100)) !== 202)
      throw new Error('SyncRawTag refused');
    await tabs[0]!.waitForFunction(
      () =>
        Number(
          document
            .querySelector('[role="listitem"][aria-label="Raw tag"] [role="progressbar"]')
            ?.getAttribute('aria-valuenow'),
        ) > 5,
      undefined,
      { timeout: 30_000 },
    );
    for (const page of tabs) await watchReconnect(page, `/api/v1/albums/${albumId}`);
    killedAt = Date.now();
    await stack.kill(instance);
    const recoveries = [];
    for (const [index, page] of tabs.entries())
      recoveries.push(await recoveryOf(page, killedAt, `tab ${index}`, hubTraffic));
    const balancerLog = stack.balancerLog().flatMap((line) => {
      const at = Number(/^at=(\d+\.\d+) /.exec(line)?.[1]) * 1000;
      return at >= killedAt && line.includes(' /hubs/')
        ? [`${Math.round(at - killedAt)} ms ${line.replace(/^at=\S+ /, '')}`]
        : [];
    });
    const connectedAt = recoveries.map((page) => page.connectedAt);
    const refetchedAt = recoveries.map((page) => page.refetchedAt);
    const recoveryMs = tabs.map((_page, index) =>
      Math.round(Math.max(connectedAt[index]!, refetchedAt[index]!) - killedAt),
    );

    // The sync ends; every view must say what the server says.
    const end = Date.now() + 120_000;
    let truth = await album(stack.backend.url, token, albumId);
    while ((truth.state !== 'Raw' || truth.sync) && Date.now() < end) {
      await new Promise((done) => setTimeout(done, 250));
      truth = await album(stack.backend.url, token, albumId);
    }
    await new Promise((done) => setTimeout(done, 2000));
    const rawTag = truth.tags.find((tag) => tag.type === 'Raw')!;
    let differing = 0;
    for (const page of tabs) {
      const shown = await page.evaluate(() => ({
        stage: document.querySelector('[data-testid="album-stage"]')?.textContent?.trim(),
        status: document
          .querySelector('[role="listitem"][aria-label="Raw tag"] .status')
          ?.textContent?.trim(),
        count: document
          .querySelector('[role="listitem"][aria-label="Raw tag"] .count')
          ?.textContent?.trim(),
      }));
      const same =
        shown.stage === `Stage: ${truth.state}` &&
        shown.status === rawTag.status &&
        shown.count === `${rawTag.photoCount.toLocaleString('en-US')} photos`;
      if (!same) differing++;
    }
    return {
      pages,
      killed: instance,
      recoveryMs,
      connectedMs: connectedAt.map((at) => at - killedAt),
      refetchedMs: refetchedAt.map((at) => Math.round(at - killedAt)),
      refetchQueuedMs: recoveries.map((page) => page.refetchQueuedMs),
      hubTraffic: hubTraffic.slice(0, 60),
      balancerLog: balancerLog.slice(0, 60),
      p50: percentile(recoveryMs, 50),
      p99: percentile(recoveryMs, 99),
      differing,
      outageUnshown: recoveries.filter((page) => !page.outageShown).length,
      neighbour,
    };
  } finally {
    await context.close();
    await other?.stop();
  }
}

/**
 * Another user's browser on `instance` (its affinity cookie), on one of that user's albums
 * (its group joined), connected until stopped.
 */
async function connectNeighbour(stack: ScaledBench['stack'], instance: string) {
  const token = await devToken(stack.backend.url, 'chi@photoflow.test');
  const [first] = await albums(stack.backend.url, token);
  if (!first) throw new Error('chi@photoflow.test sees no album');
  const connection = new HubConnectionBuilder()
    .withUrl(stack.hubUrl, {
      transport: HttpTransportType.WebSockets,
      accessTokenFactory: () => token,
      headers: { Cookie: `${affinityCookie}=${instance}` },
    })
    .withStatefulReconnect()
    .configureLogging(LogLevel.None)
    .build();
  await connection.start();
  await connection.invoke('JoinAlbumGroup', first.id);
  return connection;
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.waitForFunction(
    (status) =>
      document.querySelector('app-connection-indicator')?.getAttribute('data-status') === status,
    status,
    { timeout: 30_000 },
  );
}
