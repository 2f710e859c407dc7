/**
 * Stateful reconnect (ASP.NET Core's AllowStatefulReconnects + the client's
 * withStatefulReconnect()): a WebSocket cut is healed on a new socket of the same
 * connection, with the unacknowledged messages replayed, none lost or repeated.
 * Driven by the official client, and by raw WebSockets for the wire (Ack, Sequence,
 * the replay buffer's limit).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from '@microsoft/signalr';
import type { HubConnection } from '@microsoft/signalr';
import { WebSocket } from 'ws';
import { createHubEndpoint } from '../src/signalr/index.ts';
import type { HubEndpoint, HubEndpointOptions } from '../src/signalr/index.ts';

const RS = '\u001e';
const TOKEN = 'valid-token';

interface Server {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly connected: string[];
  readonly disconnected: string[];
  /** Echo invocations the hub ran, in order (to see none ran twice). */
  readonly echoed: unknown[];
  stop(): Promise<void>;
}

async function startServer(options: Partial<HubEndpointOptions> = {}): Promise<Server> {
  const connected: string[] = [];
  const disconnected: string[] = [];
  const echoed: unknown[] = [];
  const endpoint: HubEndpoint = createHubEndpoint(
    {
      authenticate: (token) => (token === TOKEN ? { userId: 'user-1' } : null),
      methods: {
        Echo: (_caller, value) => {
          echoed.push(value);
          return value;
        },
        Join: (caller, group) => endpoint.addToGroup(caller.connectionId, String(group)),
      },
      onConnected: (caller) => connected.push(caller.connectionId),
      onDisconnected: (caller) => disconnected.push(caller.connectionId),
    },
    {
      path: '/hubs/stateful',
      allowStatefulReconnects: true,
      keepAliveIntervalMs: 200,
      disconnectTimeoutMs: 1500,
      logger: { debug: () => undefined, warn: () => undefined, error: () => undefined },
      ...options,
    },
  );
  const server = createServer((req, res) => {
    if (!endpoint.handleRequest(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!endpoint.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hubs/stateful`,
    endpoint,
    connected,
    disconnected,
    echoed,
    async stop() {
      endpoint.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('stateful reconnect with the official client', () => {
  let server: Server;
  const connections: HubConnection[] = [];

  before(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.stop()));
  });
  after(() => server.stop());

  function connect(stateful = true) {
    let builder = new HubConnectionBuilder()
      .withUrl(server.url, {
        transport: HttpTransportType.WebSockets,
        accessTokenFactory: () => TOKEN,
      })
      .withAutomaticReconnect([0, 50, 100])
      .configureLogging(LogLevel.None);
    if (stateful) builder = builder.withStatefulReconnect();
    const connection = builder.build();
    const received: number[] = [];
    const events: string[] = [];
    connection.on('tick', (n: number) => received.push(n));
    connection.onreconnecting(() => events.push('reconnecting'));
    connection.onreconnected(() => events.push('reconnected'));
    connection.onclose(() => events.push('closed'));
    connections.push(connection);
    return { connection, received, events };
  }

  it('heals a WebSocket cut mid-stream: nothing lost or repeated, same connection, no onreconnecting', async () => {
    const { connection, received, events } = connect();
    await connection.start();
    const id = connection.connectionId!;
    await connection.invoke('Join', 'stream');
    let sent = 0;
    const ticker = setInterval(() => server.endpoint.sendToGroup('stream', 'tick', [++sent]), 2);
    try {
      await waitFor('the stream to flow', () => received.length >= 50);
      server.endpoint.disconnectAll(); // the server cuts the socket: no Close frame
      // Sent while the client has no socket: kept for it.
      const during = connection.invoke('Echo', 'sent during the cut');
      await waitFor('more after the cut', () => received.length >= sent && sent > 300, 15_000);
      assert.equal(await during, 'sent during the cut');
    } finally {
      clearInterval(ticker);
    }
    await waitFor('the last ticks', () => received.length === sent);
    assert.deepEqual(
      received,
      Array.from({ length: sent }, (_, i) => i + 1),
      'every tick once, in order',
    );
    assert.deepEqual(events, [], 'no reconnecting, no close');
    assert.equal(connection.state, HubConnectionState.Connected);
    assert.equal(connection.connectionId, id);
    assert.equal(
      server.echoed.filter((value) => value === 'sent during the cut').length,
      1,
      'the invocation ran once',
    );
    assert.ok(!server.disconnected.includes(id), 'the hub never saw it leave');
    assert.equal(server.endpoint.groupSize('stream'), 1, 'groups survive');
  });

  it('without withStatefulReconnect() a cut is a new connection, as before', async () => {
    const { connection, events } = connect(false);
    await connection.start();
    const id = connection.connectionId;
    server.endpoint.disconnectAll();
    await waitFor('the reconnect', () => events.includes('reconnected'));
    assert.deepEqual(events, ['reconnecting', 'reconnected']);
    assert.notEqual(connection.connectionId, id);
    assert.ok(server.disconnected.includes(id!));
  });
});

describe('stateful reconnect on the wire', () => {
  let server: Server;
  const sockets: WebSocket[] = [];

  before(async () => {
    server = await startServer({ statefulReconnectBufferSize: 200 });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) {
      socket.on('error', () => undefined); // refused upgrades end in an error; expected
      socket.terminate();
    }
    server.endpoint.disconnectAll();
  });
  after(() => server.stop());

  async function negotiate(query = '&useStatefulReconnect=true') {
    const res = await fetch(`${server.url}/negotiate?negotiateVersion=1${query}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    return (await res.json()) as Record<string, unknown> & {
      connectionId: string;
      connectionToken: string;
    };
  }

  /** A raw socket collecting records (pings left out). */
  async function open(connectionToken: string) {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}?id=${connectionToken}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    sockets.push(socket);
    const records: string[] = [];
    let closed = false;
    socket.on('message', (data: Buffer) => {
      for (const record of data.toString('utf8').split(RS).slice(0, -1)) {
        if (record !== '{"type":6}') records.push(record);
      }
    });
    socket.on('close', () => (closed = true));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const next = async () => {
      await waitFor('a record', () => records.length > 0);
      return records.shift()!;
    };
    return { socket, records, next, closed: () => closed };
  }

  const tick = (n: number) => `{"type":1,"target":"tick","arguments":[${n}]}`;
  const join = (group: string) =>
    `{"type":1,"invocationId":"j","target":"Join","arguments":["${group}"]}${RS}`;

  it('says useStatefulReconnect:true in negotiate only to a client that asks', async () => {
    const asked = await negotiate();
    assert.equal(asked['useStatefulReconnect'], true);
    const notAsked = await negotiate('');
    assert.equal('useStatefulReconnect' in notAsked, false);
    const refusing = await startServer({ allowStatefulReconnects: false });
    try {
      const res = await fetch(
        `${refusing.url}/negotiate?negotiateVersion=1&useStatefulReconnect=true`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}` },
        },
      );
      assert.equal('useStatefulReconnect' in ((await res.json()) as object), false);
    } finally {
      await refusing.stop();
    }
  });

  it('numbers, acks and replays: Sequence first, then what the client did not ack', async () => {
    const { connectionToken } = await negotiate();
    const first = await open(connectionToken);
    first.socket.send(`{"protocol":"json","version":2}${RS}`);
    assert.equal(await first.next(), '{}');
    first.socket.send(join('wire'));
    assert.equal(await first.next(), '{"type":3,"invocationId":"j","result":null}'); // id 1
    // The server acknowledges the client's invocation within about a second.
    assert.equal(await first.next(), '{"type":8,"sequenceId":1}');
    for (const n of [1, 2, 3]) server.endpoint.sendToGroup('wire', 'tick', [n]); // ids 2, 3, 4
    for (const n of [1, 2, 3]) assert.equal(await first.next(), tick(n));
    first.socket.send(`{"type":8,"sequenceId":2}${RS}`); // the completion and tick 1
    await sleep(50);
    first.socket.terminate(); // a cut
    await sleep(50);
    server.endpoint.sendToGroup('wire', 'tick', [4]); // sent while no socket is there
    const second = await open(connectionToken);
    assert.equal(await second.next(), '{"type":9,"sequenceId":3}');
    for (const n of [2, 3, 4]) assert.equal(await second.next(), tick(n));
    // The client replays its own unacked message: the server drops the duplicate.
    second.socket.send(
      `{"type":9,"sequenceId":1}${RS}` +
        join('wire') +
        `{"type":1,"invocationId":"e","target":"Echo","arguments":["new"]}${RS}`,
    );
    assert.equal(await second.next(), '{"type":3,"invocationId":"e","result":"new"}');
    assert.deepEqual(server.echoed.slice(-1), ['new']);
    assert.equal(await second.next(), '{"type":8,"sequenceId":2}');
  });

  it('closes, allowing reconnect, a client whose Sequence claims more than it sent', async () => {
    const { connectionToken } = await negotiate();
    const raw = await open(connectionToken);
    raw.socket.send(`{"protocol":"json","version":2}${RS}`);
    assert.equal(await raw.next(), '{}');
    raw.socket.send(`{"type":9,"sequenceId":5}${RS}`);
    // As ASP.NET Core: a protocol error, closed with allowReconnect (see the differential suite).
    assert.equal(
      await raw.next(),
      '{"type":7,"error":"Connection closed with an error.","allowReconnect":true}',
    );
    await waitFor('the socket to close', raw.closed);
  });

  it('holds messages back over the buffer size until the client acks', async () => {
    const { connectionToken } = await negotiate();
    const raw = await open(connectionToken);
    raw.socket.send(`{"protocol":"json","version":2}${RS}`);
    assert.equal(await raw.next(), '{}');
    raw.socket.send(join('limit'));
    assert.equal(await raw.next(), '{"type":3,"invocationId":"j","result":null}');
    const big = 'x'.repeat(150);
    for (const n of [1, 2, 3]) server.endpoint.sendToGroup('limit', 'big', [n, big]);
    await sleep(200);
    const delivered = raw.records.filter((record) => record.includes('"big"'));
    // 200 bytes: after the completion and the first 190-byte message, the rest waits.
    assert.equal(delivered.length, 1, 'held back over the limit');
    raw.socket.send(`{"type":8,"sequenceId":2}${RS}`);
    await waitFor(
      'the held message',
      () => raw.records.filter((r) => r.includes('"big"')).length === 3,
    );
  });

  it('a version 1 handshake, or a client that does not come back in time, ends it as before', async () => {
    const v1 = await negotiate();
    const plain = await open(v1.connectionToken);
    plain.socket.send(`{"protocol":"json","version":1}${RS}`);
    assert.equal(await plain.next(), '{}');
    const second = new WebSocket(`${server.url.replace('http', 'ws')}?id=${v1.connectionToken}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    sockets.push(second);
    const status = await new Promise((resolve) =>
      second.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    assert.equal(status, 409, 'no stateful reconnect after a version 1 handshake');

    const v2 = await negotiate();
    const gone = await open(v2.connectionToken);
    gone.socket.send(`{"protocol":"json","version":2}${RS}`);
    assert.equal(await gone.next(), '{}');
    gone.socket.terminate();
    await waitFor(
      'the disconnect timeout',
      () => server.disconnected.includes(v2.connectionId),
      5000,
    );
    const late = new WebSocket(`${server.url.replace('http', 'ws')}?id=${v2.connectionToken}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    sockets.push(late);
    const lateStatus = await new Promise((resolve) =>
      late.on('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    assert.equal(lateStatus, 404);
  });
});
