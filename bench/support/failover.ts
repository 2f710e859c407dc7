import type { Page, Browser } from '@playwright/test';
import { signIn } from '../../e2e/support/fixtures';
import { affinityCookie, servedByHeader } from '../../server/tools/scaled-stack.ts';
import { album, devToken, fire, post } from './backend-api';
import { percentile } from './figures';
import type { ScaledBench } from './scaled';

export interface FailoverRun {
  pages: number;
  /** The instance the pages were on, killed: hub1 is also the one the dev backend publishes to. */
  killed: 'hub1' | 'hub2';
  /** Per page, from the kill to live again (connected) and resynced (the album re-fetched), ms. */
  recoveryMs: number[];
  /** Where that went, per page: kill → the indicator said Connected; kill → the album's answer. */
  connectedMs: number[];
  refetchedMs: number[];
  /**
   * The hub traffic of every page from the kill until every page recovered (the tabs share
   * one connection: the leader's): ms after the kill, what, and the instance that answered.
   */
  hubTraffic: string[];
  p50: number;
  p99: number;
  /** Pages that were not connected to the survivor, or whose view differed from the server once the sync ended. */
  differing: number;
}

/**
 * Figures 13 and 19, one run: `pages` tabs of one browser pinned to `instance` on the Init
 * album while its Raw tag syncs; that instance is killed (SIGKILL). hub2: the dev backend
 * publishes to hub1, which lives on; hub1: the publisher's instance dies with the pages'
 * (it moves on to hub2, the pages too). Each page
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
  instance: 'hub1' | 'hub2' = 'hub2',
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
  await context.addCookies([{ name: affinityCookie, value: instance, url: stack.balancerUrl }]);
  try {
    const tabs: Page[] = [];
    const refetchedAt = new Map<Page, number>();
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
      page.on('response', (response) => {
        if (response.url().includes('/hubs/'))
          note(
            `tab ${i} ${new URL(response.url()).pathname} ${response.status()} from ${response.headers()[servedByHeader] ?? '?'}`,
          );
      });
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
    for (const page of tabs) await watchReconnect(page);
    killedAt = Date.now();
    await stack.kill(instance);
    const connectedAt: number[] = [];
    for (const page of tabs) connectedAt.push(await reconnectedAt(page, killedAt));
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
      killed: instance,
      recoveryMs,
      connectedMs: connectedAt.map((at) => at - killedAt),
      refetchedMs: tabs.map((page) => (refetchedAt.get(page) ?? Number.NaN) - killedAt),
      hubTraffic: hubTraffic.slice(0, 60),
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

/**
 * Notes (Date.now()) every change of the connection indicator, from now on, in the page.
 * A blip before the kill (tabs settling who leads) must not count as the recovery.
 */
async function watchReconnect(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: [string, number][] };
    w.__statuses = [];
    const check = () => {
      const status =
        document.querySelector('app-connection-indicator')?.getAttribute('data-status') ?? '';
      if (w.__statuses.at(-1)?.[0] !== status) w.__statuses.push([status, Date.now()]);
      setTimeout(check, 5);
    };
    check();
  });
}

/** When the indicator said Connected again after having said anything else since `since`. */
async function reconnectedAt(page: Page, since: number): Promise<number> {
  const handle = await page.waitForFunction(
    (since) => {
      const statuses = (window as unknown as { __statuses: [string, number][] }).__statuses;
      const down = statuses.findIndex(([status, at]) => at >= since && status !== 'Connected');
      const back = statuses.find(
        ([status], index) => down >= 0 && index > down && status === 'Connected',
      );
      return back ? back[1] : null;
    },
    since,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}
