/**
 * A connection's life on the wire, timed as ASP.NET Core times it: negotiate versions,
 * the handshake timeout, pings whatever the traffic, the client's Close, a connection
 * negotiated but never used. Raw HTTP and WebSockets, where the client hides the wire.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { createHubEndpoint } from '../src/signalr/index.ts';
import type { HubEndpoint } from '../src/signalr/index.ts';

const RS = '\u001e';
const TOKEN = 'valid-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const PING = '{"type":6}';

let endpoint: HubEndpoint;
let base: string;
const disconnected: string[] = [];
let stopServer: () => Promise<void>;
const sockets: WebSocket[] = [];

before(async () => {
  endpoint = createHubEndpoint(
    {
      authenticate: (token) => (token === TOKEN ? { userId: 'user-1' } : null),
      methods: {
        Join: (caller, group) => endpoint.addToGroup(caller.connectionId, String(group)),
      },
      onDisconnected: (caller) => disconnected.push(caller.connectionId),
    },
    {
      path: '/hubs/life',
      keepAliveIntervalMs: 200,
      clientTimeoutMs: 5000,
      handshakeTimeoutMs: 300,
      disconnectTimeoutMs: 300,
      maxReceiveMessageSize: 100,
      logger: { debug: () => undefined, warn: () => undefined, error: () => undefined },
    },
  );
  const server = createServer((req, res) => {
    if (!endpoint.handleRequest(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!endpoint.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hubs/life`;
  stopServer = async () => {
    endpoint.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.terminate();
});

after(() => stopServer());

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function negotiate(query = '?negotiateVersion=1') {
  const res = await fetch(`${base}/negotiate${query}`, { method: 'POST', headers: AUTH });
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
}

/** A raw socket recording every record, pings included, and its close code. */
async function open(id: string) {
  const socket = new WebSocket(`${base.replace('http', 'ws')}?id=${id}`, { headers: AUTH });
  sockets.push(socket);
  const records: string[] = [];
  const state: { closeCode?: number } = {};
  socket.on('message', (data: Buffer) =>
    records.push(...data.toString('utf8').split(RS).slice(0, -1)),
  );
  socket.on('close', (code) => (state.closeCode = code));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, records, state };
}

describe('negotiate', () => {
  it('answers version 1 with a connection token, version 0 without one (the id is the token)', async () => {
    const v1 = await negotiate();
    assert.equal(v1['negotiateVersion'], 1);
    assert.equal(typeof v1['connectionToken'], 'string');
    assert.equal((await negotiate('?negotiateVersion=7'))['negotiateVersion'], 1);
    const v0 = await negotiate('');
    assert.equal(v0['negotiateVersion'], 0);
    assert.equal('connectionToken' in v0, false);
    const raw = await open(String(v0['connectionId']));
    raw.socket.send(`{"protocol":"json","version":1}${RS}`);
    await waitFor('the handshake answer', () => raw.records.length > 0);
    assert.equal(raw.records[0], '{}');
  });

  it("refuses a version it cannot read with ASP.NET Core's negotiate error", async () => {
    assert.deepEqual(await negotiate('?negotiateVersion=one'), {
      error: 'The client requested a non-integer protocol version.',
    });
    assert.deepEqual(await negotiate('?negotiateVersion=-1'), {
      error: "The client requested version '-1', but the server does not support this version.",
    });
  });

  it('forgets a connection never connected after the disconnect timeout', async () => {
    const { connectionToken } = await negotiate();
    await sleep(700);
    const res = await fetch(`${base}?id=${String(connectionToken)}`, { headers: AUTH });
    assert.equal(res.status, 404);
  });
});

describe('handshake', () => {
  it("times out a client that sends none: 'Handshake was canceled.', then the socket closes", async () => {
    const { connectionToken } = await negotiate();
    const raw = await open(String(connectionToken));
    await waitFor('the close', () => raw.state.closeCode !== undefined, 3000);
    assert.deepEqual(raw.records, ['{"error":"Handshake was canceled."}']);
  });

  it('cancels a handshake over the maximum message size', async () => {
    const { connectionToken } = await negotiate();
    const raw = await open(String(connectionToken));
    raw.socket.send(`{"protocol":"json","version":1,"padding":"${'x'.repeat(200)}"}${RS}`);
    await waitFor('the close', () => raw.state.closeCode !== undefined, 3000);
    assert.deepEqual(raw.records, ['{"error":"Handshake was canceled."}']);
  });
});

describe('an established connection', () => {
  async function connected() {
    const negotiated = await negotiate();
    const raw = await open(String(negotiated['connectionToken']));
    raw.socket.send(`{"protocol":"json","version":1}${RS}`);
    await waitFor('the handshake answer', () => raw.records.length > 0);
    assert.equal(raw.records.shift(), '{}');
    return { ...raw, connectionId: String(negotiated['connectionId']) };
  }

  it('is pinged every keep-alive interval even while messages flow', async () => {
    const raw = await connected();
    raw.socket.send(`{"type":1,"invocationId":"j","target":"Join","arguments":["busy"]}${RS}`);
    let sent = 0;
    const ticker = setInterval(() => endpoint.sendToGroup('busy', 'tick', [++sent]), 10);
    await sleep(1100);
    clearInterval(ticker);
    const pings = raw.records.filter((record) => record === PING).length;
    assert.ok(sent > 50, `${sent} messages sent`);
    // Without pings under traffic there would be none at all.
    assert.ok(pings >= 2, `${pings} pings`);
  });

  it("answers the client's Close message with an empty Close, then ends", async () => {
    const raw = await connected();
    raw.socket.send(`{"type":7}${RS}`);
    await waitFor('the close', () => raw.state.closeCode !== undefined);
    assert.deepEqual(
      raw.records.filter((record) => record !== PING),
      ['{"type":7}'],
    );
    assert.equal(raw.state.closeCode, 1000);
    assert.ok(disconnected.includes(raw.connectionId));
  });
});
