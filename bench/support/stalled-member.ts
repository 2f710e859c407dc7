/**
 * Figure 18: a group of official clients on one album (stateful reconnect on), both hubs
 * in the same run; one more member stops reading and acknowledging for 10 s. Every event carries its sequence number and send
 * time; each reading member records send → receipt, duplicates and losses. On the ASP.NET
 * Core hub every batch is published twice under its id (a forced publisher retry).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { WebSocket } from 'ws';
import {
  hubPath,
  publishBatch,
  startAspNetCoreStack,
  startLeashedServer,
  type LeashedServer,
} from '../../server/tools/aspnetcore-hub.ts';
import { nodeBinary, repoRoot } from '../../e2e/support/processes';
import { percentile } from './figures';

const album = 'ccadf59b-6a7e-5116-81d6-185c0c50aac8'; // Studio An's album in Init (seed)
/** About the size of a real event with its message: 100 a second is ~60 KB/s a member. */
const padding = 'x'.repeat(512);
const ratePerSecond = 100;
const RS = '\u001e';

export interface StalledMemberRun {
  readonly hub: 'ours' | 'aspnetcore';
  readonly members: number;
  /** Send → receipt over the reading members, without and with the stalled member. */
  readonly p99QuietMs: number;
  readonly p99StalledMs: number;
  readonly duplicates: number;
  readonly losses: number;
  /** The stalled member's connection was ended by the hub. */
  readonly stalledCut: boolean;
}

interface Side {
  readonly hub: StalledMemberRun['hub'];
  readonly apiUrl: string;
  readonly hubUrl: string;
  /** Sends one event (AlbumSyncStarted) to the album's group. */
  send(message: string): Promise<void>;
  close(): Promise<void>;
}

async function login(apiUrl: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ provider: 'Dev', email: 'an@photoflow.test', password: 'photoflow' }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function ourSide(): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'photoflow-bench-ours-'));
  const backend: LeashedServer = await startLeashedServer({
    root: repoRoot,
    node: nodeBinary(),
    command: nodeBinary(),
    args: ['server/main.ts'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PHOTOFLOW_MODE: 'dev' },
    listening: /listening on (http:\/\/[^\s]+)/,
    label: 'dev backend',
  });
  return {
    hub: 'ours',
    apiUrl: backend.url,
    hubUrl: `${backend.url}${hubPath}`,
    async send(message) {
      await fetch(`${backend.url}/api/dev/hub/emit`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          albumId: album,
          target: 'AlbumSyncStarted',
          arguments: [{ albumId: album, message }],
        }),
      });
    },
    async close() {
      await backend.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function aspNetCoreSide(): Promise<Side> {
  const stack = await startAspNetCoreStack({ root: repoRoot, node: nodeBinary() });
  return {
    hub: 'aspnetcore',
    apiUrl: stack.backend.url,
    hubUrl: stack.hubUrl,
    async send(message) {
      const events = [{ target: 'AlbumSyncStarted', payload: { albumId: album, message } }];
      const batchId = randomUUID();
      // A forced retry: the same batch, the same id, twice.
      await Promise.all([
        publishBatch(stack.hub.url, stack.secrets, events, batchId),
        publishBatch(stack.hub.url, stack.secrets, events, batchId),
      ]);
    },
    close: () => stack.close(),
  };
}

/**
 * A member over a raw WebSocket with stateful reconnect that joins, then stops reading and
 * acknowledging, as a hidden tab or a phone on a bad network may (it still pings).
 */
async function stalledMember(side: Side, token: string) {
  const negotiated = (await (
    await fetch(`${side.hubUrl}/negotiate?negotiateVersion=1&useStatefulReconnect=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json()) as { connectionToken: string };
  const socket = new WebSocket(
    `${side.hubUrl.replace(/^http/, 'ws')}?id=${negotiated.connectionToken}&access_token=${token}`,
  );
  let text = '';
  socket.on('message', (data: Buffer) => (text += data.toString('utf8')));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(`{"protocol":"json","version":2}${RS}`);
  socket.send(
    `{"type":1,"invocationId":"1","target":"JoinAlbumGroup","arguments":["${album}"]}${RS}`,
  );
  while (!text.includes('"invocationId":"1"')) await new Promise((r) => setTimeout(r, 10));
  let ended = false;
  socket.once('close', () => (ended = true));
  socket.pause();
  const pings = setInterval(
    () => socket.readyState === WebSocket.OPEN && socket.send(`{"type":6}${RS}`),
    5_000,
  );
  return {
    /** Reads again, and tells whether the hub ended the connection (within 10 s). */
    async ended(): Promise<boolean> {
      socket.resume();
      const until = Date.now() + 10_000;
      while (!ended && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return ended;
    },
    stop() {
      clearInterval(pings);
      socket.terminate();
    },
  };
}

async function measure(side: Side, members: number): Promise<StalledMemberRun> {
  const token = await login(side.apiUrl);
  const received = new Map<number, number>(); // seq → receipts over all members
  const latencies: { phase: 'quiet' | 'stalled'; ms: number }[] = [];
  let phase: 'quiet' | 'stalled' = 'quiet';
  const connections = await Promise.all(
    Array.from({ length: members }, async () => {
      const connection = new HubConnectionBuilder()
        .withUrl(side.hubUrl, {
          transport: HttpTransportType.WebSockets,
          accessTokenFactory: () => token,
        })
        .withStatefulReconnect()
        .configureLogging(LogLevel.None)
        .build();
      connection.on('AlbumSyncStarted', (payload: { message: string }) => {
        const [seq, sentAt] = payload.message.split(' ', 2).map(Number) as [number, number];
        received.set(seq, (received.get(seq) ?? 0) + 1);
        latencies.push({ phase, ms: Date.now() - sentAt });
      });
      await connection.start();
      await connection.invoke('JoinAlbumGroup', album);
      return connection;
    }),
  );
  let seq = 0;
  const sendFor = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const started = Date.now();
      await side.send(`${seq++} ${started} ${padding}`);
      const wait = 1000 / ratePerSecond - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  await sendFor(5_000);
  phase = 'stalled';
  const stalled = await stalledMember(side, token);
  await sendFor(10_000);
  await new Promise((r) => setTimeout(r, 3_000));
  const stalledCut = await stalled.ended();
  stalled.stop();
  await Promise.all(connections.map((connection) => connection.stop()));
  let duplicates = 0;
  let losses = 0;
  for (let s = 0; s < seq; s++) {
    const count = received.get(s) ?? 0;
    duplicates += Math.max(0, count - members);
    losses += Math.max(0, members - count);
  }
  const of = (p: 'quiet' | 'stalled') => latencies.filter((l) => l.phase === p).map((l) => l.ms);
  return {
    hub: side.hub,
    members,
    p99QuietMs: percentile(of('quiet'), 99),
    p99StalledMs: percentile(of('stalled'), 99),
    duplicates,
    losses,
    stalledCut,
  };
}

/** One run on each hub, one after the other (the machine has 2 cores). */
export async function stalledMemberRuns(members: number): Promise<StalledMemberRun[]> {
  const runs: StalledMemberRun[] = [];
  for (const start of [ourSide, aspNetCoreSide]) {
    const side = await start();
    try {
      runs.push(await measure(side, members));
    } finally {
      await side.close();
    }
  }
  return runs;
}
