import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinary, repoRoot, startLeashed } from '../../e2e/support/processes';
import { flood, floodStats, type FloodStats } from './backend-api';

/**
 * What figure 9 floods: the hubs coalesce PhotoSyncProgress since issue 20 (a client gets a
 * few a second per tag, however many are published), so the fan-out is measured with an
 * event of the same shape that they send as it comes, published as a sync publishes it
 * (through the coalescer, which sends what it holds for the album first).
 */
const fanoutTarget = 'PhotoSyncCompleted';

export interface FanoutRun {
  reason: string;
  clients: number;
  processes: number;
  connected: number;
  expectedPerClient: number;
  deliveries: number;
  minReceived: number;
  clientsComplete: number;
  duplicates: number;
  latencyMs: { count: number; p50: number; p99: number; max: number };
  /** CPU the clients' process used in all (ms), and the backend during the flood (ms of CPU, ms of wall). */
  clientCpuMs: number;
  /** CPU the clients' processes used from all joined to done (ms): the flood only. */
  clientFloodCpuMs: number;
  serverCpuMs: number;
  floodWallMs: number;
  /** CPU cores the machine has (backend and clients share them). */
  cores: number;
  /** The backend's own share, from GET /api/dev/hub/flood/stats after the flood. */
  backendFanout: FloodStats;
}

/** CPU time (ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The backend's node process: the leash's child. */
function serverPid(leashPid: number | undefined): number | undefined {
  try {
    return (
      Number(execSync(`ps -o pid= --ppid ${leashPid}`).toString().trim().split(/\s+/)[0]) ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * One run of figure 9: `clients` official SignalR clients, spread over `processes` child
 * processes (the clients' parsing must not starve the backend's event loop), join the
 * album's group; the backend floods it at `eventsPerSecond` for `durationMs`; each child
 * reports what its clients received and the send-to-receive latencies, merged here.
 */
export async function runFanout(options: {
  backendUrl: string;
  /** The backend's process (the leash), to read the server's CPU time. */
  backendPid?: number;
  token: string;
  albumId: string;
  clients: number;
  processes: number;
  eventsPerSecond: number;
  durationMs: number;
}): Promise<FanoutRun> {
  const dir = mkdtempSync(join(tmpdir(), 'photoflow-fanout-'));
  const timeoutMs = 60_000 + options.durationMs;
  const expectedFile = join(dir, 'expected.json');
  const children = Array.from({ length: options.processes }, (_, index) => {
    const clients =
      Math.floor(options.clients / options.processes) +
      (index < options.clients % options.processes ? 1 : 0);
    const files = {
      readyFile: join(dir, `ready-${index}`),
      resultFile: join(dir, `result-${index}.json`),
    };
    writeFileSync(
      join(dir, `config-${index}.json`),
      JSON.stringify({
        backendUrl: options.backendUrl,
        token: options.token,
        albumId: options.albumId,
        clients,
        expectedFile,
        timeoutMs,
        target: fanoutTarget,
        ...files,
      }),
    );
    const child = startLeashed(
      nodeBinary(),
      [join(repoRoot, 'bench', 'fanout', 'clients.mts'), join(dir, `config-${index}.json`)],
      {
        label: `fanout-clients-${index}`,
      },
    );
    return { child, ...files };
  });
  try {
    const until = async (check: () => boolean, ms: number, what: string) => {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`fan-out: timed out waiting for ${what}`);
        const dead = children.find(
          ({ child, resultFile }) => child.child.exitCode !== null && !existsSync(resultFile),
        );
        if (dead)
          throw new Error(
            `fan-out clients exited (code ${dead.child.child.exitCode}) before ${what}`,
          );
        await new Promise((done) => setTimeout(done, 25));
      }
    };
    await until(
      () => children.every(({ readyFile }) => existsSync(readyFile)),
      60_000,
      `${options.clients} clients to join`,
    );
    const server = serverPid(options.backendPid);
    const cpuBefore = cpuMsOf(server);
    const floodStarted = Date.now();
    const plan = await flood(
      options.backendUrl,
      options.albumId,
      10,
      options.eventsPerSecond,
      options.durationMs,
      { path: 'published', target: fanoutTarget },
    );
    writeFileSync(expectedFile, JSON.stringify({ totalEvents: plan.totalEvents }));
    await until(
      () => children.every(({ resultFile }) => existsSync(resultFile)),
      timeoutMs + 5_000,
      'the clients to report',
    );
    const serverCpuMs = cpuMsOf(server) - cpuBefore;
    const floodWallMs = Date.now() - floodStarted;
    const parts = children.map(
      ({ resultFile }) => JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult,
    );
    // They close their connections and exit by themselves; stop() below is only the backstop.
    const exitBy = Date.now() + 5_000;
    while (children.some(({ child }) => child.child.exitCode === null) && Date.now() < exitBy) {
      await new Promise((done) => setTimeout(done, 50));
    }
    const histogram = new Map<number, number>();
    for (const part of parts) {
      for (const [ms, count] of Object.entries(part.histogram))
        histogram.set(Number(ms), (histogram.get(Number(ms)) ?? 0) + count);
    }
    const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((sum, [, count]) => sum + count, 0);
    const at = (p: number) => {
      const rank = Math.max(1, Math.ceil((p / 100) * total));
      let seen = 0;
      for (const [ms, count] of sorted) if ((seen += count) >= rank) return ms;
      return Number.NaN;
    };
    return {
      reason: parts.map((part) => part.reason).join(','),
      clients: options.clients,
      processes: options.processes,
      connected: parts.reduce((sum, part) => sum + part.connected, 0),
      expectedPerClient: plan.totalEvents,
      deliveries: parts.reduce((sum, part) => sum + part.deliveries, 0),
      minReceived: Math.min(...parts.map((part) => part.minReceived)),
      clientsComplete: parts.reduce((sum, part) => sum + part.clientsComplete, 0),
      duplicates: parts.reduce((sum, part) => sum + part.duplicates, 0),
      latencyMs: { count: total, p50: at(50), p99: at(99), max: at(100) },
      clientCpuMs: parts.reduce((sum, part) => sum + part.clientCpuMs, 0),
      clientFloodCpuMs: parts.reduce((sum, part) => sum + part.floodCpuMs, 0),
      serverCpuMs,
      floodWallMs,
      cores: availableParallelism(),
      backendFanout: await floodStats(options.backendUrl),
    };
  } finally {
    await Promise.all(children.map(({ child }) => child.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChildResult {
  reason: string;
  connected: number;
  deliveries: number;
  minReceived: number;
  clientsComplete: number;
  duplicates: number;
  clientCpuMs: number;
  floodCpuMs: number;
  histogram: Record<string, number>;
}
