import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { AppServer } from '../../e2e/support/app-server';
import { signIn } from '../../e2e/support/fixtures';
import { freePort } from '../../e2e/support/ports';
import { nodeBinary, repoRoot, startLeashed } from '../../e2e/support/processes';
import {
  affinityCookie,
  servedByHeader,
  startScaledStack,
  type ScaledStack,
} from '../../server/tools/scaled-stack.ts';
import { album, devToken, fire, post } from './backend-api';
import { percentile } from './figures';
import { scaledAppDist } from './paths';

/** The hub scaled out (two instances, Redis, HAProxy) with the `scaled` build of the app on it. */
export interface ScaledBench {
  readonly stack: ScaledStack;
  readonly appUrl: string;
  stop(): Promise<void>;
}

export async function startScaledBench(): Promise<ScaledBench> {
  const appPort = await freePort();
  const stack = await startScaledStack({
    root: repoRoot,
    node: nodeBinary(),
    corsOrigins: [`http://127.0.0.1:${appPort}`],
  });
  try {
    const backendPort = Number(new URL(stack.backend.url).port);
    const app = await AppServer.start(scaledAppDist, () => backendPort, {
      port: appPort,
      hubUrl: () => stack.hubUrl,
    });
    return {
      stack,
      appUrl: app.url,
      async stop() {
        await app.stop();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

export interface FailoverRun {
  pages: number;
  /** Per page, from the kill to live again (connected) and resynced (the album re-fetched), ms. */
  recoveryMs: number[];
  p50: number;
  p99: number;
  /** Pages that were not connected to the survivor, or whose view differed from the server once the sync ended. */
  differing: number;
}

/**
 * Figure 10, one run: `pages` tabs of one browser pinned to hub2 (the dev backend publishes
 * to hub1) on the Init album while its Raw tag syncs; hub2 is killed (SIGKILL). Each page
 * has recovered once its connection indicator says Connected again and its album has been
 * fetched again after the kill (the app re-fetches after every rejoin); measured from the
 * kill, with Date.now() on both sides (same machine). Once the sync ended, every page's
 * stage, Raw tag status and photo count are compared with the REST answer: an event lost
 * in the failover, and not healed by the resync, shows there.
 */
export async function failover(
  browser: Browser,
  bench: ScaledBench,
  pages: number,
): Promise<FailoverRun> {
  const { stack } = bench;
  const token = await devToken(stack.backend.url);
  await post(`${stack.backend.url}/api/dev/reset`);
  const albums = (await (
    await fetch(`${stack.backend.url}/api/v1/albums?pageSize=100`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { items: { id: string; state: string }[] };
  const albumId = albums.items.find((item) => item.state === 'Init')!.id;
  const context = await browser.newContext({ baseURL: bench.appUrl });
  await context.addCookies([{ name: affinityCookie, value: 'hub2', url: stack.balancerUrl }]);
  try {
    const tabs: Page[] = [];
    const refetchedAt = new Map<Page, number>();
    let killedAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < pages; i++) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      page.on('response', (response) => {
        if (
          Date.now() >= killedAt &&
          !refetchedAt.has(page) &&
          new URL(response.url()).pathname === `/api/v1/albums/${albumId}`
        )
          refetchedAt.set(page, Date.now());
      });
      if (i === 0) await signIn(page, 'an@photoflow.test', `/albums/${albumId}`);
      else await page.goto(`/albums/${albumId}`);
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
      tabs.push(page);
    }
    for (const page of tabs) await waitForStatus(page, 'Connected');
    const served = await fetch(`${stack.hubUrl}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie: `${affinityCookie}=hub2` },
    });
    if (served.headers.get(servedByHeader) !== 'hub2') throw new Error('pages not on hub2');

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
    for (const page of tabs) await watchReconnect(page);
    killedAt = Date.now();
    await stack.kill('hub2');
    const connectedAt: number[] = [];
    for (const page of tabs) {
      await page.waitForFunction(
        () => (window as unknown as { __reconnectedAt: number | null }).__reconnectedAt !== null,
        undefined,
        { timeout: 60_000 },
      );
      connectedAt.push(
        await page.evaluate(
          () => (window as unknown as { __reconnectedAt: number }).__reconnectedAt,
        ),
      );
    }
    const deadline = Date.now() + 30_000;
    while (refetchedAt.size < tabs.length && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 50));
    const recoveryMs = tabs.map(
      (page, index) =>
        Math.max(connectedAt[index]!, refetchedAt.get(page) ?? Number.NaN) - killedAt,
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
      recoveryMs,
      p50: percentile(recoveryMs, 50),
      p99: percentile(recoveryMs, 99),
      differing,
    };
  } finally {
    await context.close();
  }
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.waitForFunction(
    (status) =>
      document.querySelector('app-connection-indicator')?.getAttribute('data-status') === status,
    status,
    { timeout: 30_000 },
  );
}

/** Notes (Date.now()) when the indicator says Connected again after having said anything else. */
async function watchReconnect(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __reconnectedAt: number | null };
    w.__reconnectedAt = null;
    let sawDown = false;
    const check = () => {
      const status = document
        .querySelector('app-connection-indicator')
        ?.getAttribute('data-status');
      if (status !== 'Connected') sawDown = true;
      if (sawDown && status === 'Connected') w.__reconnectedAt = Date.now();
      else setTimeout(check, 5);
    };
    check();
  });
}

export interface ScaledFanoutRun {
  /** `one instance` (every client on hub1) or `two instances` (through the load balancer). */
  topology: string;
  clients: number;
  expectedPerClient: number;
  clientsComplete: number;
  duplicates: number;
  latencyMs: { p50: number; p99: number; max: number };
  floodWallMs: number;
}

/**
 * Figure 11, one run: `clients` official Node clients (bench/fanout/clients.mts, WebSockets)
 * in the album group, all on hub1 or spread by the load balancer over both instances; the
 * same flood of PhotoSyncProgress published to hub1's /internal/publish every 10 ms (so it
 * crosses Redis either way). Latency = receipt − the event's timestamp (set by the hub's
 * NotificationService when it sends).
 */
export async function scaledFanout(
  bench: ScaledBench,
  options: {
    through: 'hub1' | 'balancer';
    clients: number;
    eventsPerSecond: number;
    durationMs: number;
  },
): Promise<ScaledFanoutRun> {
  const { stack } = bench;
  const token = await devToken(stack.backend.url);
  const albumId = (
    (await (
      await fetch(`${stack.backend.url}/api/v1/albums?pageSize=1`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { id: string }[] }
  ).items[0]!.id;
  const dir = mkdtempSync(join(tmpdir(), 'photoflow-scaled-fanout-'));
  const files = {
    readyFile: join(dir, 'ready'),
    resultFile: join(dir, 'result.json'),
    expectedFile: join(dir, 'expected.json'),
  };
  const timeoutMs = 60_000 + options.durationMs;
  const hub = options.through === 'hub1' ? stack.publishedTo.url : stack.balancerUrl;
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      backendUrl: hub,
      token,
      albumId,
      clients: options.clients,
      timeoutMs,
      ...files,
    }),
  );
  const child = startLeashed(
    nodeBinary(),
    [join(repoRoot, 'bench', 'fanout', 'clients.mts'), join(dir, 'config.json')],
    { label: 'scaled-fanout-clients' },
  );
  try {
    const until = async (check: () => boolean, ms: number, what: string) => {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`scaled fan-out: timed out waiting for ${what}`);
        if (child.child.exitCode !== null && !existsSync(files.resultFile))
          throw new Error(`scaled fan-out clients exited before ${what}`);
        await new Promise((done) => setTimeout(done, 25));
      }
    };
    await until(() => existsSync(files.readyFile), 60_000, `${options.clients} clients to join`);
    const started = Date.now();
    const totalEvents = await publishFlood(
      stack,
      albumId,
      options.eventsPerSecond,
      options.durationMs,
    );
    writeFileSync(files.expectedFile, JSON.stringify({ totalEvents }));
    await until(() => existsSync(files.resultFile), timeoutMs + 5_000, 'the clients to report');
    // The clients close their connections and exit by themselves; stop() below is the backstop.
    const exitBy = Date.now() + 5_000;
    while (child.child.exitCode === null && Date.now() < exitBy)
      await new Promise((done) => setTimeout(done, 50));
    const result = JSON.parse(readFileSync(files.resultFile, 'utf8')) as {
      clientsComplete: number;
      duplicates: number;
      latencyMs: { p50: number; p99: number; max: number };
    };
    return {
      topology: options.through === 'hub1' ? 'one instance' : 'two instances',
      clients: options.clients,
      expectedPerClient: totalEvents,
      clientsComplete: result.clientsComplete,
      duplicates: result.duplicates,
      latencyMs: result.latencyMs,
      floodWallMs: Date.now() - started,
    };
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Publishes PhotoSyncProgress at `eventsPerSecond` to hub1, one batch every 10 ms, 10 tags; answers how many. */
async function publishFlood(
  stack: ScaledStack,
  albumId: string,
  eventsPerSecond: number,
  durationMs: number,
): Promise<number> {
  const tags = Array.from({ length: 10 }, () => ({ id: randomUUID(), count: 0 }));
  const ticks = Math.round(durationMs / 10);
  const perTick = Math.max(1, Math.round(eventsPerSecond / 100));
  const total = ticks * perTick;
  const started = Date.now();
  let sent = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const batch = Array.from({ length: perTick }, (_, index) => {
      const tag = tags[(sent + index) % tags.length]!;
      tag.count++;
      return {
        target: 'PhotoSyncProgress',
        payload: {
          albumId,
          albumTagId: tag.id,
          processedCount: tag.count,
          totalCount: total,
          albumTagType: 'Raw',
        },
      };
    });
    sent += perTick;
    const response = await fetch(`${stack.publishedTo.url}/internal/publish`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Hub-Publish-Key': stack.secrets.publishKey,
      },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`publish answered ${response.status}`);
    const wait = started + (tick + 1) * 10 - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }
  return total;
}
