import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot, startLeashed } from '../../e2e/support/processes';
import type { ScaledStack } from '../../server/tools/scaled-stack.ts';
import { publishBatch } from '../../server/tools/aspnetcore-hub.ts';
import { devToken } from './backend-api';
import type { ScaledBench } from './scaled';

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
 * The hubs coalesce PhotoSyncProgress at the send (issue 20), so a flood of it no longer
 * reaches every client whole: the fan-out is measured with an event of the same shape they
 * send as it comes.
 */
const floodTarget = 'PhotoSyncCompleted';

/**
 * Figure 14, one run: `clients` official Node clients (bench/fanout/clients.mts, WebSockets)
 * in the album group, all on hub1 or spread by the load balancer over both instances; the
 * same flood of `floodTarget` published to hub1's /internal/publish every 10 ms (so it
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
      target: floodTarget,
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

/** Publishes `floodTarget` at `eventsPerSecond` to hub1, one batch every 10 ms, 10 tags; answers how many. */
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
        target: floodTarget,
        payload: {
          albumId,
          albumTagId: tag.id,
          processedCount: tag.count,
          totalCount: total,
          albumTagType: 'Raw',
          message: 'fan-out',
        },
      };
    });
    sent += perTick;
    const response = await publishBatch(stack.publishedTo.url, stack.secrets, batch);
    if (!response.ok) throw new Error(`publish answered ${response.status}`);
    const wait = started + (tick + 1) * 10 - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }
  return total;
}
