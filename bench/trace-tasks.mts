/**
 * Names what each long task of a page load did, from a Lighthouse trace that BENCH_TRACE=1
 * kept (bench/README.md, "Tracing a screen's load"):
 *
 *   ./node_modules/.bin/node bench/trace-tasks.mts bench/.output/lighthouse/26-list-6-1.trace.json [min ms]
 *
 * For each main-thread task of at least `min` ms (default 10, observed: Lighthouse's
 * simulated throttling counts it 4 times longer), it prints its start from the navigation,
 * what the trace says ran in it (script evaluation, function calls, style, layout, garbage
 * collection, with the time of each) and the functions the CPU profile sampled most in it.
 * An unminified build names those functions: NG_BUILD_MANGLE=0 on `ng build`.
 *
 * Last, a reading less sensitive to a busy machine than Lighthouse's TBT: each task after
 * the first contentful paint counted by its thread time (CPU time, not wall time) times 4,
 * as Lighthouse's simulation scales it, Σ (4 × CPU − 50 ms) over the tasks above 50 ms,
 * and the longest such task.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's own time in the event (CPU time, µs): what other processes do not lengthen. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    elementCount?: number;
    beginData?: { dirtyObjects?: number; totalObjects?: number };
    data?: {
      url?: string;
      documentLoaderURL?: string;
      isOutermostMainFrame?: boolean;
      navigationId?: string;
      functionName?: string;
      lineNumber?: number;
      type?: string;
      frame?: string;
      startTime?: number;
      styleSheetUrl?: string;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const [file, minArg] = process.argv.slice(2);
if (!file) throw new Error('usage: trace-tasks.mts <trace.json> [min ms]');
const minMs = Number(minArg ?? 10);
const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;

// The page's main thread: the renderer that started the audited navigation (Lighthouse's
// own tab may have other renderers, from about:blank or pages opened before).
const navigation = events.find(
  (e) =>
    e.name === 'navigationStart' &&
    e.args?.data?.documentLoaderURL?.startsWith('http') &&
    e.args.data.isOutermostMainFrame,
);
if (!navigation) throw new Error(`${file}: no navigation to an http(s) page`);
const main = { pid: navigation.pid, tid: navigation.tid };
const onMain = events
  .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
  .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
const navigationStart = navigation.ts;
const navigationId = navigation.args?.data?.navigationId;

const ms = (us: number) => (us / 1000).toFixed(1);
const short = (url = '') => url.replace(/^https?:\/\/[^/]+/, '') || '(inline)';

/** What one trace event is, in a few words. */
function label(e: TraceEvent): string | null {
  const data = e.args?.data;
  switch (e.name) {
    case 'EvaluateScript':
      return `evaluate ${short(data?.url)}`;
    case 'v8.compile':
    case 'v8.compileModule':
      return `compile ${short(data?.url)}`;
    case 'FunctionCall':
      return `call ${data?.functionName || '(anonymous)'} ${short(data?.url)}:${data?.lineNumber ?? ''}`;
    case 'TimerFire':
      return 'timer';
    case 'FireAnimationFrame':
      return 'animation frame';
    case 'EventDispatch':
      return `event ${data?.type}`;
    case 'RunMicrotasks':
    case 'V8.RunMicrotasks':
      return 'microtasks';
    case 'ParseHTML':
      return 'parse HTML';
    case 'ParseAuthorStyleSheet':
      return `parse CSS ${short(data?.styleSheetUrl)}`;
    case 'UpdateLayoutTree':
      return `style (${e.args?.elementCount ?? '?'} elements)`;
    case 'Layout':
      return `layout (${e.args?.beginData?.dirtyObjects ?? '?'}/${e.args?.beginData?.totalObjects ?? '?'} objects)`;
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
      return e.name.toLowerCase();
    case 'MinorGC':
    case 'MajorGC':
    case 'V8.GC_SCAVENGER':
    case 'V8.GC_MC_BACKGROUND_MARKING':
    case 'BlinkGC.AtomicPhase':
      return `GC ${e.name}`;
    case 'ResourceReceivedData':
    case 'ResourceFinish':
      return 'network callback';
    default:
      return null;
  }
}

// The CPU profile's samples: (time, leaf node), with each node's parent chain.
const nodes = new Map<number, ProfileNode>();
const samples: { ts: number; node: number }[] = [];
const profileStart = events.find((e) => e.name === 'Profile' && e.pid === main.pid)?.args?.data
  ?.startTime;
let clock = profileStart ?? 0;
for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.pid === main.pid)) {
  const data = chunk.args?.data;
  for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
  const ids = data?.cpuProfile?.samples ?? [];
  const deltas = data?.timeDeltas ?? [];
  ids.forEach((id, i) => {
    clock += deltas[i] ?? 0;
    samples.push({ ts: clock, node: id });
  });
}
const frameName = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${short(node.callFrame.url)}`;
const boring = /^\((program|idle|root|garbage collector)\)|^\(anonymous\) $/;

function top(counts: Map<string, number>, n: number): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `${name} ${count}`)
    .join(' | ');
}

const tasks = onMain.filter(
  (e) =>
    (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur! >= minMs * 1000,
);
// Nested RunTasks (a task inside a task) are counted with their outer one.
const outer = tasks.filter(
  (task) =>
    !tasks.some(
      (other) =>
        other !== task && other.ts <= task.ts && other.ts + other.dur! >= task.ts + task.dur!,
    ),
);
for (const task of outer) {
  const end = task.ts + task.dur!;
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
  const parts = new Map<string, number>();
  for (const e of inside) {
    const name = label(e);
    if (name) parts.set(name, (parts.get(name) ?? 0) + e.dur!);
  }
  console.log(
    `\n${ms(task.ts - navigationStart)} ms: task of ${ms(task.dur!)} ms (×4 ≈ ${ms(task.dur! * 4)})`,
  );
  const listed = [...parts].sort((a, b) => b[1] - a[1]).filter(([, dur]) => dur >= 500);
  for (const [name, dur] of listed.slice(0, 10)) console.log(`  ${ms(dur).padStart(6)}  ${name}`);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  for (const sample of samples) {
    if (sample.ts < task.ts || sample.ts > end) continue;
    sampled++;
    const leaf = nodes.get(sample.node);
    if (!leaf) continue;
    const leafName = frameName(leaf);
    self.set(leafName, (self.get(leafName) ?? 0) + 1);
    const seen = new Set<string>();
    for (
      let node: ProfileNode | undefined = leaf;
      node;
      node = node.parent ? nodes.get(node.parent) : undefined
    ) {
      const name = frameName(node);
      if (boring.test(name) || seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + 1);
    }
  }
  if (sampled) {
    console.log(`  samples ${sampled}; self: ${top(self, 8)}`);
    console.log(`  within: ${top(total, 14)}`);
  }
}

// The blocking reading: tasks from the first contentful paint on, by their thread time.
const fcp = events.find(
  (e) => e.name === 'firstContentfulPaint' && e.args?.data?.navigationId === navigationId,
)?.ts;
const cpuTimes = outer
  .concat(
    onMain.filter(
      (e) =>
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && !outer.includes(e),
    ),
  )
  .filter((task) => fcp === undefined || task.ts >= fcp)
  .filter(
    (task, i, all) =>
      !all.some(
        (other, j) => j !== i && other.ts < task.ts && other.ts + other.dur! >= task.ts + task.dur!,
      ),
  )
  .map((task) => (4 * (task.tdur ?? task.dur!)) / 1000);
const blocking = cpuTimes.reduce((sum, ms4) => sum + Math.max(0, ms4 - 50), 0);
console.log(
  `\nfrom FCP (${fcp === undefined ? 'not found' : `${ms(fcp - navigationStart)} ms`}): blocking, 4 × CPU − 50: ${blocking.toFixed(0)} ms; longest task, 4 × CPU: ${Math.max(0, ...cpuTimes).toFixed(0)} ms`,
);
