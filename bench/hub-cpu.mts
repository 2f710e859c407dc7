// The hub side of figures 15 and 16 without a browser: CPU seconds per 100,000 published
// progress events, and a bare reader's send → arrival p99, for our hub and the ASP.NET Core
// hub, in the same run. Optionally beside busy loops (`--burn N`) that take the cores as
// rendering tabs do (`--burn-nice 19`: the busy loops yield to everything else, which tells
// a shortage of CPU from a wait for a core). With `--readers N` and `--stateful on|off`, the
// hub's resident memory before and at its peak during the flood: what the replay buffers of N
// connections watching a busy album cost (on minus off, per connection). Usage:
//   node bench/hub-cpu.mts [--hub ours|aspnetcore|both] [--runs N] [--burn N] [--burn-nice N]
//                          [--rate N] [--ms N] [--readers N] [--stateful on|off]
// Extra hub environment for an experiment: HUB_ENV='DOTNET_gcServer=0,DOTNET_TieredPGO=0'.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildHub,
  freePort,
  newSecrets,
  startHub,
  startPublishingBackend,
  type LeashedServer,
} from '../server/tools/aspnetcore-hub.ts';
import { startBackendProcess } from '../server/test/helpers.ts';
import { devToken, post, type FloodPlan } from './support/backend-api.ts';
import { BareReader } from './support/bare-reader.ts';
import { percentile } from './support/percentile.ts';
import { cpuSeconds } from './support/process-cpu.ts';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    hub: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    burn: { type: 'string', default: '0' },
    'burn-nice': { type: 'string', default: '0' },
    rate: { type: 'string', default: '20000' },
    ms: { type: 'string', default: '5000' },
    readers: { type: 'string', default: '1' },
    stateful: { type: 'string', default: 'on' },
  },
});
if (!['on', 'off'].includes(values.stateful!)) throw new Error('--stateful: on or off');
const rate = Number(values.rate);
const durationMs = Number(values.ms);
const tags = 50;
const hubEnv = Object.fromEntries(
  (process.env['HUB_ENV'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);

/** The command a leash runs (its only child). */
function leashed(server: LeashedServer): number {
  const children = readFileSync(
    `/proc/${server.child.pid}/task/${server.child.pid}/children`,
    'utf8',
  ).trim();
  return Number(children.split(' ')[0]);
}

interface Stack {
  backendUrl: string;
  hubUrl: string;
  /** The processes whose CPU is counted: the hub's (and, on ours, the backend is the hub). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

async function startStack(hub: 'ours' | 'aspnetcore'): Promise<Stack> {
  if (hub === 'ours') {
    const backend = await startBackendProcess();
    return {
      backendUrl: backend.url,
      hubUrl: `${backend.url}/hubs/notification`,
      pids: { backend: backend.child.pid as number },
      stop: () => backend.close(),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'photoflow-hub-cpu-'));
  const started: LeashedServer[] = [];
  const stop = async () => {
    for (const server of started.reverse()) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  buildHub(root);
  const secrets = newSecrets();
  const backendPort = await freePort();
  const hubServer = await startHub({
    root,
    secrets,
    apiUrl: `http://127.0.0.1:${backendPort}`,
    env: hubEnv,
    assembly: process.env['HUB_DLL'] || undefined,
  });
  started.push(hubServer);
  const backend = await startPublishingBackend({
    root,
    secrets,
    hubUrl: hubServer.url,
    port: backendPort,
    dataDir,
  });
  started.push(backend);
  return {
    backendUrl: backend.url,
    hubUrl: `${hubServer.url}/hubs/notification`,
    pids: { hub: leashed(hubServer), backend: leashed(backend) },
    stop,
  };
}

/** Resident memory of a process, in MB. */
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function floodOnce(stack: Stack, accessToken: string, albumId: string, trace?: string) {
  const join = () => BareReader.join(stack.hubUrl, accessToken, albumId, values.stateful === 'on');
  const bare = await join();
  // The others read like the first and are only there to hold their connections' buffers;
  // they connect a few at a time, as the dev backend limits connections waiting for a transport.
  const others: BareReader[] = [];
  while (others.length < Number(values.readers) - 1) {
    const batch = Math.min(20, Number(values.readers) - 1 - others.length);
    others.push(...(await Promise.all(Array.from({ length: batch }, join))));
  }
  const rssBefore = Object.fromEntries(
    Object.entries(stack.pids).map(([name, pid]) => [name, rssMb(pid)]),
  );
  const rssPeak = { ...rssBefore };
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(stack.pids))
      rssPeak[name] = Math.max(rssPeak[name], rssMb(pid));
  }, 100);
  const tracer =
    trace && stack.pids['hub']
      ? spawn(
          process.env['DOTNET_TRACE'] ?? 'dotnet-trace',
          [
            'collect',
            '-p',
            String(stack.pids['hub']),
            '--profile',
            'dotnet-sampled-thread-time',
            '--duration',
            '00:00:00:07',
            '--format',
            'Speedscope',
            '-o',
            trace,
          ],
          { stdio: 'inherit' },
        )
      : undefined;
  if (tracer) await new Promise((resolve) => setTimeout(resolve, 1500));
  const before = Object.fromEntries(
    Object.entries(stack.pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
  );
  /** Each process's CPU share of a core per 500 ms of the flood and after it. */
  const usage: Record<string, number[]> = Object.fromEntries(
    Object.keys(stack.pids).map((name) => [name, []]),
  );
  let previous = { ...before };
  const cpuSampler = setInterval(() => {
    for (const [name, pid] of Object.entries(stack.pids)) {
      const now = cpuSeconds(pid);
      usage[name].push(Math.round((now - previous[name]) * 200));
      previous[name] = now;
    }
  }, 500);
  const flood = await post<FloodPlan>(`${stack.backendUrl}/api/dev/hub/flood`, {
    albumId,
    tags,
    eventsPerSecond: rate,
    durationMs,
    path: 'published',
  });
  if (flood.status !== 202) throw new Error(`POST /api/dev/hub/flood: ${flood.status}`);
  const plan = flood.body;
  const last = (index: number) =>
    Math.floor(plan.totalEvents / tags) + (index < plan.totalEvents % tags ? 1 : 0);
  const deadline = Date.now() + durationMs + 10_000;
  while (
    Date.now() < deadline &&
    !plan.albumTagIds.every((id, index) => bare.shown[id]?.at(-1)?.[0] === last(index))
  )
    await new Promise((resolve) => setTimeout(resolve, 50));
  const after = Object.fromEntries(
    Object.entries(stack.pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
  );
  clearInterval(sampler);
  clearInterval(cpuSampler);
  await Promise.all([bare, ...others].map((each) => each.stop()));
  if (tracer) await new Promise((resolve) => tracer.once('exit', resolve));
  const latencies: number[] = [];
  /** Per second of the flood (by send time), the latencies of the events sent in it. */
  const perSecond: number[][] = [];
  plan.albumTagIds.forEach((id, tag) => {
    const shown = bare.shown[id] ?? [];
    let cursor = 0;
    for (let k = 1; k <= last(tag); k++) {
      while (cursor < shown.length && shown[cursor][0] < k) cursor++;
      if (cursor === shown.length) break;
      const sentAt = plan.startedAt + (((k - 1) * tags + tag + 1) * 1000) / rate;
      latencies.push(shown[cursor][1] - sentAt);
      (perSecond[Math.floor((sentAt - plan.startedAt) / 1000)] ??= []).push(
        shown[cursor][1] - sentAt,
      );
    }
  });
  const per100k = (name: string) =>
    (((after[name] - before[name]) * 100_000) / plan.totalEvents).toFixed(2);
  const rounded = (mb: Record<string, number>) =>
    Object.fromEntries(Object.entries(mb).map(([name, value]) => [name, Math.round(value)]));
  return {
    rssBeforeMb: rounded(rssBefore),
    rssPeakMb: rounded(rssPeak),
    cpuPer100k: Object.fromEntries(Object.keys(stack.pids).map((name) => [name, per100k(name)])),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p99PerSecond: perSecond.map((of) => percentile(of, 99)),
    framesPerSecond: Math.round((bare.wire.frames * 1000) / durationMs),
    messagesPerFrame: (bare.wire.messages / Math.max(1, bare.wire.frames)).toFixed(1),
    percentOfCorePer500ms: usage,
    cpuSeconds: Object.fromEntries(
      Object.keys(stack.pids).map((name) => [name, (after[name] - before[name]).toFixed(2)]),
    ),
    exact: plan.albumTagIds.every((id, index) => bare.shown[id]?.at(-1)?.[0] === last(index)),
  };
}

const burners: ChildProcess[] = [];
for (let i = 0; i < Number(values.burn); i++)
  burners.push(
    spawn('nice', ['-n', values['burn-nice'], process.execPath, '-e', 'for(;;){}'], {
      stdio: 'ignore',
    }),
  );
try {
  const hubs = values.hub === 'both' ? (['ours', 'aspnetcore'] as const) : [values.hub as 'ours'];
  for (const hub of hubs) {
    const stack = await startStack(hub);
    try {
      const accessToken = await devToken(stack.backendUrl);
      const albums = await (
        await fetch(`${stack.backendUrl}/api/v1/albums?pageSize=100`, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).json();
      const albumId = (albums as { items: { id: string; state: string }[] }).items.find(
        (item) => item.state === 'Raw',
      )!.id;
      for (let run = 0; run < Number(values.runs); run++) {
        const result = await floodOnce(
          stack,
          accessToken,
          albumId,
          run === Number(process.env['TRACE_RUN'] ?? -1)
            ? `/tmp/hub-trace-${run}.nettrace`
            : undefined,
        );
        console.log(
          JSON.stringify({
            hub,
            run,
            env: hub === 'aspnetcore' ? hubEnv : {},
            burn: Number(values.burn),
            readers: Number(values.readers),
            stateful: values.stateful,
            ...result,
          }),
        );
      }
    } finally {
      await stack.stop();
    }
  }
} finally {
  for (const burner of burners) burner.kill('SIGKILL');
}
