import { test as base, expect } from '@playwright/test';
import { album, albumInState, devToken, get, post } from './support/backend-api';
import { formatNumber, median, recordFigure, repetitions } from './support/figures';
import { measureLatency } from './support/latency';
import { startBenchStack, type BenchStack } from './support/stack';
import { failover, relayFlood, tabCost, type RelayFloodRun, type TabCostRun } from './support/tabs';

// Issue 12's figures: one hub connection shared by the tabs of a browser. Printed, never
// asserted: a test fails only when it could not measure.

const test = base.extend<object, { stack: BenchStack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const stack = await startBenchStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

const runs = repetitions();
const MB = (bytes: number) => `${formatNumber(bytes / 1e6, 1)} MB`;

test('figure 10: hub connections and backend memory for 1 and 8 tabs, with and without sharing', async ({
  stack,
  browser,
}) => {
  test.setTimeout(600_000);
  const token = await devToken(stack.backend.url);
  // Eight albums of their own, one per tab (the seed has fewer).
  const folders = await get<{ name: string; url: string }[]>(
    `${stack.backend.url}/api/dev/drive/folders`,
  );
  const folder = folders.find((item) => item.name.startsWith('Small Set'))!;
  const albumIds: string[] = [];
  for (let i = 0; i < 8; i++) {
    const created = await post<{ id: string }>(
      `${stack.backend.url}/api/v1/albums`,
      { name: `Bench tab ${i + 1}`, rawFolderUrl: folder.url },
      token,
    );
    albumIds.push(created.body.id);
  }
  const cases: TabCostRun[][] = [];
  for (const tabs of [1, 8]) {
    for (const sharing of [true, false]) {
      const results: TabCostRun[] = [];
      for (let run = 0; run < runs; run++) {
        results.push(
          await tabCost({
            browser,
            appUrl: stack.appUrl,
            backendUrl: stack.backend.url,
            albumIds,
            tabs,
            sharing,
          }),
        );
      }
      cases.push(results);
    }
  }
  recordFigure({
    figure: 10,
    rows: cases.map((results) => ({
      name: `${results[0]!.tabs} tab${results[0]!.tabs > 1 ? 's' : ''}, ${results[0]!.sharing ? 'sharing one connection' : 'each on its own'} (each on its own album)`,
      target: '—',
      value: `${formatNumber(median(results.map((run) => run.connections)))} connection(s), ${formatNumber(median(results.map((run) => run.groupMembers)))} group members; backend +${MB(median(results.map((run) => run.rssDeltaBytes)))} RSS, +${MB(median(results.map((run) => run.heapDeltaBytes)))} heap`,
      pass: null,
      info: true,
    })),
    runs: cases,
    notes: [
      'Backend memory: growth of the whole process from before the tabs opened, no GC forced (noisy).',
    ],
  });
  await post(`${stack.backend.url}/api/dev/reset`);
  expect(cases).toHaveLength(4);
});

test('figure 11: leader tab closed → the other tabs connected and resynced, 20 closes', async ({
  stack,
  browser,
}) => {
  test.setTimeout(600_000);
  const token = await devToken(stack.backend.url);
  const target = await albumInState(stack.backend.url, token, 'Stock');
  const results = [];
  for (let run = 0; run < runs; run++) {
    results.push(await failover({ browser, appUrl: stack.appUrl, albumId: target.id, closes: 20 }));
  }
  recordFigure({
    figure: 11,
    rows: [
      {
        name: 'leader closed → every other tab connected with its album re-fetched, p50 / p99 (3 tabs, 20 closes a run)',
        target: '—',
        value: `${formatNumber(median(results.map((run) => run.p50)))} / ${formatNumber(median(results.map((run) => run.p99)))} ms`,
        pass: null,
        info: true,
      },
    ],
    runs: results,
  });
  expect(results).toHaveLength(runs);
});

test('figure 12: a follower tab: flood throughput and send → bar latency, beside a lone tab', async ({
  stack,
  browser,
}) => {
  test.setTimeout(600_000);
  const token = await devToken(stack.backend.url);
  const raw = await albumInState(stack.backend.url, token, 'Raw');
  const tag = (await album(stack.backend.url, token, raw.id)).tags.find(
    (item) => item.type === 'Raw',
  )!;
  const floods: RelayFloodRun[] = [];
  const alone = [];
  const following = [];
  const latency = (inFollowerTab: boolean) =>
    measureLatency({
      browser,
      appUrl: stack.appUrl,
      backendUrl: stack.backend.url,
      albumId: raw.id,
      tagId: tag.id,
      tagType: tag.type,
      eventsPerSecond: 100,
      durationMs: 5_000,
      inFollowerTab,
    });
  for (let run = 0; run < runs; run++) {
    floods.push(
      await relayFlood({
        browser,
        appUrl: stack.appUrl,
        backendUrl: stack.backend.url,
        albumId: raw.id,
        eventsPerSecond: 10_000,
        durationMs: 300,
      }),
    );
    alone.push(await latency(false));
    following.push(await latency(true));
  }
  await post(`${stack.backend.url}/api/dev/reset`);
  const m = (values: number[]) => formatNumber(median(values));
  recordFigure({
    figure: 12,
    rows: [
      {
        name: "flood (10,000/s × 0.3 s, 50 tags) into a leader and a follower tab on one album: events/s in each; follower's last event after the leader's",
        target: '—',
        value: `leader ${m(floods.map((run) => run.leaderThroughput))}, follower ${m(floods.map((run) => run.followerThroughput))} events/s; +${m(floods.map((run) => run.lastEventLagMs))} ms; every event relayed: ${floods.every((run) => run.followerReceived === run.leaderReceived) ? 'yes' : 'no'}`,
        pass: null,
        info: true,
      },
      {
        name: 'send → bar shows the value, p50 / p99 (100 events/s, WebSockets): a lone tab; a follower tab',
        target: '—',
        value: `${m(alone.map((run) => run.p50))} / ${m(alone.map((run) => run.p99))} ms; ${m(following.map((run) => run.p50))} / ${m(following.map((run) => run.p99))} ms`,
        pass: null,
        info: true,
      },
    ],
    runs: [{ floods, alone, following }],
  });
  expect(floods).toHaveLength(runs);
});
