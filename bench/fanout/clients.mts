// Figure 9's clients, in their own process so the dev backend's event loop is measured
// alone: N official @microsoft/signalr clients over WebSockets, all in one album group.
// Usage: node clients.mts <config.json>; writes <config.resultFile> and exits by itself.
//   config: { backendUrl, token, albumId, clients, readyFile, resultFile, expectedFile, timeoutMs }
// Ready once every client joined (readyFile appears); then it waits for expectedFile
// ({ totalEvents }) and for every client to receive that many events (or the timeout).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type IHttpConnectionOptions,
  type HubConnection,
} from '@microsoft/signalr';
import WebSocket from 'ws';

interface Config {
  backendUrl: string;
  token: string;
  albumId: string;
  clients: number;
  readyFile: string;
  expectedFile: string;
  resultFile: string;
  timeoutMs: number;
  /** The event the flood sends (default PhotoSyncProgress; figure 14 sends one hubs do not coalesce). */
  target?: string;
}
const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Config;
const hardStop = setTimeout(() => finish('timeout'), config.timeoutMs);

// Latency histogram in whole milliseconds (send timestamp has ms precision).
const histogram = new Uint32Array(120_001);
const received = new Uint32Array(config.clients);
const duplicates = new Uint32Array(config.clients);
const lastSeen: Map<string, number>[] = [];
let expected = Number.POSITIVE_INFINITY;
let deliveries = 0;
const connections: HubConnection[] = [];

// The events of one flood tick share a timestamp: parse each distinct one once, so the
// harness spends its CPU on receiving, not on measuring.
let lastTimestamp = '';
let lastSentAt = 0;
function sentAt(timestamp: string): number {
  if (timestamp !== lastTimestamp) {
    lastTimestamp = timestamp;
    lastSentAt = Date.parse(timestamp);
  }
  return lastSentAt;
}

function record(
  client: number,
  event: { albumTagId: string; processedCount: number; timestamp: string },
): void {
  const latency = Date.now() - sentAt(event.timestamp);
  histogram[Math.min(histogram.length - 1, Math.max(0, latency))]++;
  const seen = lastSeen[client];
  if ((seen.get(event.albumTagId) ?? 0) >= event.processedCount) duplicates[client]++;
  seen.set(event.albumTagId, event.processedCount);
  received[client]++;
  deliveries++;
  if (received[client] === expected) maybeDone();
}

function maybeDone(): void {
  if (received.every((count) => count >= expected)) finish('complete');
}

const connectionOptions = {
  transport: HttpTransportType.WebSockets,
  accessTokenFactory: () => config.token,
  // On Node the client otherwise loads the ws 7 it bundles, which checks UTF-8 in
  // JavaScript (a third of the clients' receive time here); ws 8 uses Node's native
  // check. `WebSocket` is an option HttpConnection reads, left out of its typings.
  WebSocket,
} as IHttpConnectionOptions;

async function connectOne(index: number): Promise<void> {
  lastSeen[index] = new Map();
  const connection = new HubConnectionBuilder()
    .withUrl(`${config.backendUrl}/hubs/notification`, connectionOptions)
    .configureLogging(LogLevel.None)
    .build();
  connection.on(config.target ?? 'PhotoSyncProgress', (event) => record(index, event));
  await connection.start();
  await connection.invoke('JoinAlbumGroup', config.albumId);
  connections[index] = connection;
}

/** CPU time (user + system, ms) this process has used so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
let readyCpuMs = Number.NaN;

let finished = false;
function finish(reason: string): void {
  if (finished) return;
  finished = true;
  clearTimeout(hardStop);
  clearInterval(expectedPoll);
  const latencies: { count: number; p50: number; p99: number; max: number } = {
    count: 0,
    p50: NaN,
    p99: NaN,
    max: NaN,
  };
  let total = 0;
  for (const count of histogram) total += count;
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (let ms = 0; ms < histogram.length; ms++) {
      seen += histogram[ms];
      if (seen >= rank) return ms;
    }
    return NaN;
  };
  latencies.count = total;
  latencies.p50 = at(50);
  latencies.p99 = at(99);
  latencies.max = at(100);
  writeFileSync(
    `${config.resultFile}.part`,
    JSON.stringify({
      reason,
      clients: config.clients,
      connected: connections.filter(Boolean).length,
      expectedPerClient: expected,
      deliveries,
      minReceived: Math.min(...received),
      maxReceived: Math.max(...received),
      clientsComplete: received.filter((count) => count === expected).length,
      duplicates: duplicates.reduce((a, b) => a + b, 0),
      latencyMs: latencies,
      // Sparse histogram (ms → count), so the parent can merge processes exactly.
      histogram: Object.fromEntries([...histogram.entries()].filter(([, count]) => count > 0)),
      clientCpuMs: cpuMs(),
      // From 'ready' (every client joined) to now: the flood's share, connecting left out.
      floodCpuMs: cpuMs() - readyCpuMs,
      clientWallMs: performance.now(),
    }),
  );
  renameSync(`${config.resultFile}.part`, config.resultFile);
  void Promise.allSettled(connections.filter(Boolean).map((connection) => connection.stop())).then(
    () => process.exit(0),
  );
  setTimeout(() => process.exit(0), 3000).unref();
}

const expectedPoll = setInterval(() => {
  if (expected === Number.POSITIVE_INFINITY && existsSync(config.expectedFile)) {
    expected = (JSON.parse(readFileSync(config.expectedFile, 'utf8')) as { totalEvents: number })
      .totalEvents;
    maybeDone();
  }
}, 20);

// Connect in waves, as a studio's morning would: 25 at a time.
for (let first = 0; first < config.clients; first += 25) {
  const wave = [];
  for (let index = first; index < Math.min(config.clients, first + 25); index++)
    wave.push(connectOne(index));
  await Promise.all(wave);
}
readyCpuMs = cpuMs();
writeFileSync(config.readyFile, String(Date.now()));
