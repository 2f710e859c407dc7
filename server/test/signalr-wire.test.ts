/**
 * The endpoint on the wire: raw HTTP requests and WebSocket frames, checked byte by
 * byte against the ASP.NET Core SignalR transport and hub protocols.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { createHubEndpoint } from '../src/signalr/index.ts';
import type { HubDefinition, HubEndpoint, HubPrincipal } from '../src/signalr/index.ts';

const RS = '\u001e';
const TOKEN = 'valid-token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const HANDSHAKE = `{"protocol":"json","version":1}${RS}`;
const PING = `{"type":6}`;

let endpoint: HubEndpoint;
let base: string;
let acceptTokens = true;
const disconnected: string[] = [];
const logs: string[] = [];
let stopServer: () => Promise<void>;

before(async () => {
  const hub: HubDefinition<HubPrincipal> = {
    authenticate: (token) => {
      if (token === 'explode') throw new Error('token store unavailable');
      if (token === 'other-user-token') return { userId: 'user-2' };
      return token === TOKEN && acceptTokens ? { userId: 'user-1' } : null;
    },
    methods: {
      Echo: (_caller, value) => value,
      Repeat: (_caller, length) => 'é'.repeat(Number(length)),
      Join: (caller, group) => endpoint.addToGroup(caller.connectionId, String(group)),
      Me: (caller) => caller.principal.userId,
      Slow: async (_caller, ms) => {
        await sleep(Number(ms));
        return 'slow';
      },
    },
    onDisconnected: (caller) => disconnected.push(caller.connectionId),
  };
  endpoint = createHubEndpoint(hub, {
    path: '/hubs/wire',
    keepAliveIntervalMs: 100,
    clientTimeoutMs: 400,
    longPollTimeoutMs: 600,
    disconnectTimeoutMs: 300,
    logger: {
      debug: (m) => logs.push(m),
      warn: (m) => logs.push(m),
      error: (m, e) => logs.push(`${m} ${String(e)}`),
    },
  });
  const server = createServer((req, res) => {
    if (!endpoint.handleRequest(req, res)) res.writeHead(404).end('not the hub');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!endpoint.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hubs/wire`;
  stopServer = async () => {
    endpoint.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
});

afterEach(() => {
  acceptTokens = true;
  endpoint.disconnectAll();
});

after(async () => {
  await stopServer();
  assert.ok(
    logs.every((line) => !line.includes(TOKEN)),
    'a token reached the log',
  );
});

interface Negotiated {
  connectionId: string;
  connectionToken: string;
}

async function negotiate(headers: Record<string, string> = AUTH): Promise<Negotiated> {
  const res = await fetch(`${base}/negotiate?negotiateVersion=1`, { method: 'POST', headers });
  assert.equal(res.status, 200);
  return (await res.json()) as Negotiated;
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A raw WebSocket that collects records (pings kept apart) and its close. */
class RawSocket {
  readonly records: string[] = [];
  readonly frames: string[] = [];
  pings = 0;
  closeCode: number | undefined;
  readonly socket: WebSocket;

  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      this.frames.push(text);
      assert.ok(text.endsWith(RS), `frame does not end with 0x1E: ${text}`);
      for (const record of text.split(RS).slice(0, -1)) {
        if (record === PING) this.pings++;
        else this.records.push(record);
      }
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  static open(
    token: string,
    headers: Record<string, string> = AUTH,
    query = '',
  ): Promise<RawSocket | number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}?id=${token}${query}`, {
        headers,
      });
      socket.on('open', () => resolve(new RawSocket(socket)));
      socket.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('error', reject);
    });
  }

  static async connect(): Promise<{ raw: RawSocket; negotiated: Negotiated }> {
    const negotiated = await negotiate();
    const raw = await RawSocket.open(negotiated.connectionToken);
    assert.ok(raw instanceof RawSocket);
    raw.socket.send(HANDSHAKE);
    await raw.next();
    return { raw, negotiated };
  }

  async next(): Promise<string> {
    await waitFor('a record', () => this.records.length > 0);
    return this.records.shift()!;
  }

  closed(): Promise<void> {
    return waitFor('the socket to close', () => this.closeCode !== undefined);
  }
}

describe('negotiate', () => {
  it('answers the connection ids and the three transports', async () => {
    const res = await fetch(`${base}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { ...AUTH, Origin: 'http://localhost:4200' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:4200');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    const body = (await res.json()) as Negotiated & Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'availableTransports',
      'connectionId',
      'connectionToken',
      'negotiateVersion',
    ]);
    assert.equal(body['negotiateVersion'], 1);
    assert.deepEqual(body['availableTransports'], [
      { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
      { transport: 'ServerSentEvents', transferFormats: ['Text'] },
      { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
    ]);
    assert.match(body.connectionToken, /^[A-Za-z0-9_-]{22}$/);
    assert.match(body.connectionId, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(body.connectionId, body.connectionToken);
    assert.notEqual((await negotiate()).connectionToken, body.connectionToken);
  });

  it('takes the token from ?access_token= too', async () => {
    const res = await fetch(`${base}/negotiate?negotiateVersion=1&access_token=${TOKEN}`, {
      method: 'POST',
    });
    assert.equal(res.status, 200);
  });

  it('answers 401 without a valid token', async () => {
    const refused: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: TOKEN },
    ];
    for (const headers of refused) {
      const res = await fetch(`${base}/negotiate?negotiateVersion=1`, { method: 'POST', headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('answers CORS preflights for the negotiate and the hub', async () => {
    for (const url of [`${base}/negotiate?negotiateVersion=1`, `${base}?id=x`]) {
      const res = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:4200',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,x-requested-with,x-signalr-user-agent',
        },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:4200');
      assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const header of [
        'authorization',
        'x-requested-with',
        'x-signalr-user-agent',
        'content-type',
      ]) {
        assert.ok(allowed.includes(header), header);
      }
    }
  });

  it('leaves other paths to the rest of the server', async () => {
    assert.equal((await fetch(`${base}/other`)).status, 404);
    assert.equal(await (await fetch(`${base}x`)).text(), 'not the hub');
  });
});

describe('WebSockets on the wire', () => {
  it('refuses an unknown id (404), a second socket (409) and a missing token (401)', async () => {
    assert.equal(await RawSocket.open('unknown'), 404);
    const first = await negotiate();
    assert.equal(await RawSocket.open(first.connectionToken, {}), 401);
    const open = await RawSocket.open(first.connectionToken);
    assert.ok(open instanceof RawSocket);
    assert.equal(await RawSocket.open(first.connectionToken), 409);
    // The browser puts the token in the query string.
    const second = await negotiate();
    assert.ok(
      (await RawSocket.open(second.connectionToken, {}, `&access_token=${TOKEN}`)) instanceof
        RawSocket,
    );
  });

  it('authenticates again when the transport connects', async () => {
    const { connectionToken } = await negotiate();
    acceptTokens = false;
    assert.equal(await RawSocket.open(connectionToken), 401);
  });

  it('takes the user of the request that connects the transport, as ASP.NET Core does (no 403)', async () => {
    const { connectionToken } = await negotiate();
    const raw = await RawSocket.open(connectionToken, { Authorization: 'Bearer other-user-token' });
    assert.ok(raw instanceof RawSocket);
    raw.socket.send(HANDSHAKE);
    assert.equal(await raw.next(), '{}');
    raw.socket.send(`{"type":1,"invocationId":"1","target":"Me","arguments":[]}${RS}`);
    assert.equal(await raw.next(), '{"type":3,"invocationId":"1","result":"user-2"}');
  });

  it('survives a failing authenticate (500)', async () => {
    const { connectionToken } = await negotiate();
    assert.equal(await RawSocket.open(connectionToken, { Authorization: 'Bearer explode' }), 500);
    assert.ok(logs.some((line) => line.includes('token store unavailable')));
    assert.ok((await RawSocket.open(connectionToken)) instanceof RawSocket);
    const res = await fetch(`${base}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer explode' },
    });
    assert.equal(res.status, 500);
  });

  it('answers the handshake with {} and reads records however they are framed', async () => {
    const { connectionToken } = await negotiate();
    const raw = await RawSocket.open(connectionToken);
    assert.ok(raw instanceof RawSocket);
    raw.socket.send(`${HANDSHAKE}${PING}${RS}`);
    assert.equal(await raw.next(), '{}');
    assert.equal(raw.frames[0], `{}${RS}`);

    raw.socket.send('{"type":1,"invocationId":"1","tar');
    raw.socket.send(`get":"Echo","arguments":["split"]}${RS}`);
    assert.equal(await raw.next(), '{"type":3,"invocationId":"1","result":"split"}');

    raw.socket.send(
      `{"type":1,"target":"Echo","arguments":["no reply"]}${RS}` +
        `{"type":1,"invocationId":"2","target":"Echo","arguments":[2]}${RS}` +
        `{"type":1,"invocationId":"3","target":"Echo","arguments":[3]}${RS}`,
    );
    assert.equal(await raw.next(), '{"type":3,"invocationId":"2","result":2}');
    assert.equal(await raw.next(), '{"type":3,"invocationId":"3","result":3}');
  });

  it('frames messages of every length the way the ws client reads them', async () => {
    const { raw } = await RawSocket.connect();
    for (const length of [0, 40, 63, 64, 32_767, 32_768, 100_000]) {
      raw.socket.send(
        `{"type":1,"invocationId":"${length}","target":"Repeat","arguments":[${length}]}${RS}`,
      );
      const completion = JSON.parse(await raw.next()) as { invocationId: string; result: string };
      assert.equal(completion.invocationId, String(length));
      assert.equal(completion.result, 'é'.repeat(length));
    }
  });

  it('closes a connection that sends a record over the size limit', async () => {
    const { raw } = await RawSocket.connect();
    raw.socket.send(`{"type":1,"target":"Echo","arguments":["${'x'.repeat(40_000)}"]}${RS}`);
    // ASP.NET Core gives no detail with detailed errors off, and allows reconnecting.
    assert.equal(
      await raw.next(),
      '{"type":7,"error":"Connection closed with an error.","allowReconnect":true}',
    );
    await raw.closed();
  });

  it("refuses streaming with ASP.NET Core's Completion errors, ignores stray messages, stays up", async () => {
    const { raw } = await RawSocket.connect();
    raw.socket.send(`{"type":4,"invocationId":"s1","target":"echo","arguments":[]}${RS}`);
    assert.equal(
      await raw.next(),
      `{"type":3,"invocationId":"s1","error":"The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation."}`,
    );
    // A cancel, stream item or completion nothing waits for: dropped without a reply.
    raw.socket.send(
      `{"type":5,"invocationId":"s1"}${RS}{"type":2,"invocationId":"x","item":1}${RS}` +
        `{"type":3,"invocationId":"y","result":1}${RS}`,
    );
    raw.socket.send(
      `{"type":1,"invocationId":"u","target":"Echo","arguments":["a"],"streamIds":["1"]}${RS}`,
    );
    assert.equal(
      await raw.next(),
      `{"type":3,"invocationId":"u","error":"An unexpected error occurred invoking 'Echo' on the server. HubException: Client sent 1 stream(s), Hub method expects 0."}`,
    );
    raw.socket.send(`{"type":1,"invocationId":"4","target":"Echo","arguments":["alive"]}${RS}`);
    assert.equal(await raw.next(), '{"type":3,"invocationId":"4","result":"alive"}');
  });

  it('answers a streaming invocation in turn, after the invocations before it', async () => {
    const { raw } = await RawSocket.connect();
    raw.socket.send(
      `{"type":1,"invocationId":"a","target":"Slow","arguments":[50]}${RS}` +
        `{"type":4,"invocationId":"s","target":"Echo","arguments":[]}${RS}`,
    );
    assert.equal(await raw.next(), '{"type":3,"invocationId":"a","result":"slow"}');
    assert.match(await raw.next(), /^\{"type":3,"invocationId":"s","error":/);
  });

  it('closes with an error on a malformed message, and keeps serving others', async () => {
    for (const bad of [
      '{"type":1,"invocationId":"1"',
      '{"type":1,"invocationId":"1","arguments":[]}',
      '42',
    ]) {
      const { raw } = await RawSocket.connect();
      raw.socket.send(`${bad}${RS}`);
      assert.equal(
        await raw.next(),
        '{"type":7,"error":"Connection closed with an error.","allowReconnect":true}',
      );
      await raw.closed();
    }
    const { raw } = await RawSocket.connect();
    raw.socket.send(`{"type":1,"invocationId":"1","target":"Echo","arguments":["fine"]}${RS}`);
    assert.equal(await raw.next(), '{"type":3,"invocationId":"1","result":"fine"}');
  });

  it('refuses another protocol or version in the handshake', async () => {
    for (const handshake of [
      '{"protocol":"messagepack","version":1}',
      '{"protocol":"json","version":3}',
      'nonsense',
    ]) {
      const { connectionToken } = await negotiate();
      const raw = await RawSocket.open(connectionToken);
      assert.ok(raw instanceof RawSocket);
      raw.socket.send(`${handshake}${RS}`);
      const answer = JSON.parse(await raw.next()) as Record<string, unknown>;
      assert.equal(typeof answer['error'], 'string');
      await raw.closed();
    }
  });

  it('pings an idle client; closes one silent since its ping with allowReconnect', async () => {
    const { raw, negotiated } = await RawSocket.connect();
    await sleep(250);
    assert.ok(raw.pings >= 1, `pings: ${raw.pings}`);
    // The client timeout starts with the client's first ping, as in ASP.NET Core.
    await sleep(400);
    assert.equal(raw.closeCode, undefined, 'a client that never pinged is not timed out');
    raw.socket.send(`${PING}${RS}`);
    await raw.closed();
    assert.ok(disconnected.includes(negotiated.connectionId));
    assert.deepEqual(raw.records, [
      '{"type":7,"error":"Connection closed with an error.","allowReconnect":true}',
    ]);
    assert.equal(raw.closeCode, 1000);
  });

  it('closeAll(true) sends Close with allowReconnect, then a clean close', async () => {
    const { raw } = await RawSocket.connect();
    endpoint.closeAll(true);
    assert.equal(await raw.next(), '{"type":7,"allowReconnect":true}');
    await raw.closed();
    assert.equal(raw.closeCode, 1000);
  });

  it('disconnectAll() cuts the socket without a Close message', async () => {
    const { raw } = await RawSocket.connect();
    endpoint.disconnectAll();
    await raw.closed();
    assert.equal(raw.closeCode, 1006);
    assert.deepEqual(raw.records, []);
  });

  it('sends a group message to every member, serialized once', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => RawSocket.connect()));
    for (const [i, { raw }] of members.entries()) {
      raw.socket.send(`{"type":1,"invocationId":"${i}","target":"Join","arguments":["fan"]}${RS}`);
      await raw.next();
    }
    assert.equal(endpoint.groupSize('fan'), 5);
    const stringify = JSON.stringify;
    let calls = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      calls++;
      return stringify(...args);
    }) as typeof JSON.stringify;
    try {
      endpoint.sendToGroup('fan', 'PhotoArrived', [{ n: 1 }]);
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(calls, 1);
    for (const { raw } of members) {
      assert.equal(await raw.next(), '{"type":1,"target":"PhotoArrived","arguments":[{"n":1}]}');
    }
    endpoint.disconnectAll();
    await waitFor('the group to empty', () => endpoint.groupSize('fan') === 0);
  });

  it('sends the messages of one turn as one frame, records in order, and later ones later', async () => {
    const members = await Promise.all(Array.from({ length: 3 }, () => RawSocket.connect()));
    for (const [i, { raw }] of members.entries()) {
      raw.socket.send(
        `{"type":1,"invocationId":"${i}","target":"Join","arguments":["batch"]}${RS}`,
      );
      await raw.next();
    }
    const before = members.map(({ raw }) => raw.frames.length);
    const stringify = JSON.stringify;
    let calls = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      calls++;
      return stringify(...args);
    }) as typeof JSON.stringify;
    try {
      for (let n = 1; n <= 5; n++) endpoint.sendToGroup('batch', 'Tick', [n]);
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(calls, 5, 'each message is serialized once, not once per member');
    const record = (n: number) => `{"type":1,"target":"Tick","arguments":[${n}]}${RS}`;
    for (const [i, { raw }] of members.entries()) {
      await waitFor('the batch', () => raw.records.length >= 5);
      assert.deepEqual(raw.frames.slice(before[i]), [[1, 2, 3, 4, 5].map(record).join('')]);
      raw.records.length = 0;
    }
    // Sent in a later turn: a later frame of its own.
    await new Promise((resolve) => setImmediate(resolve));
    endpoint.sendToGroup('batch', 'Tick', [6]);
    for (const [i, { raw }] of members.entries()) {
      assert.equal(await raw.next(), record(6).slice(0, -1));
      assert.deepEqual(raw.frames.slice(before[i]! + 1), [record(6)]);
    }
    endpoint.disconnectAll();
    await waitFor('the group to empty', () => endpoint.groupSize('batch') === 0);
  });

  it('gives each member the frame of its own batch when the batches differ', async () => {
    const join = async (raw: RawSocket, group: string) => {
      raw.socket.send(
        `{"type":1,"invocationId":"j","target":"Join","arguments":["${group}"]}${RS}`,
      );
      await raw.next();
    };
    const [{ raw: a }, { raw: b }] = await Promise.all([RawSocket.connect(), RawSocket.connect()]);
    await join(a, 'both');
    await join(a, 'only-a');
    await join(b, 'both');
    await join(b, 'only-b');
    const [aBefore, bBefore] = [a.frames.length, b.frames.length];
    endpoint.sendToGroup('both', 'M', ['x']);
    endpoint.sendToGroup('only-a', 'M', ['a']);
    endpoint.sendToGroup('only-b', 'M', ['b']);
    await waitFor('both batches', () => a.records.length >= 2 && b.records.length >= 2);
    const record = (value: string) => `{"type":1,"target":"M","arguments":["${value}"]}${RS}`;
    assert.deepEqual(a.frames.slice(aBefore), [record('x') + record('a')]);
    assert.deepEqual(b.frames.slice(bBefore), [record('x') + record('b')]);
  });

  it('flushes the messages of the turn before the Close frame', async () => {
    const { raw } = await RawSocket.connect();
    raw.socket.send(`{"type":1,"invocationId":"j","target":"Join","arguments":["bye"]}${RS}`);
    await raw.next();
    endpoint.sendToGroup('bye', 'Last', [1]);
    endpoint.closeAll(false);
    await raw.closed();
    assert.equal(raw.closeCode, 1000);
    assert.deepEqual(
      raw.frames.at(-1),
      `{"type":1,"target":"Last","arguments":[1]}${RS}{"type":7}${RS}`,
    );
  });
});

/** Reads a Server-Sent Events response as text. */
async function* eventStream(res: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of res.body as AsyncIterable<Uint8Array>)
    yield decoder.decode(chunk, { stream: true });
}

describe('Server-Sent Events on the wire', () => {
  it('streams events, and takes POSTs while their token is valid', async () => {
    const { connectionToken, connectionId } = await negotiate();
    const controller = new AbortController();
    const res = await fetch(`${base}?id=${connectionToken}&access_token=${TOKEN}`, {
      headers: { Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('x-accel-buffering'), 'no');
    const stream = eventStream(res);
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) received += (await stream.next()).value ?? '';
    };
    await readUntil(':\n');
    assert.ok(received.startsWith(':'), 'a comment line first');

    const second = await fetch(`${base}?id=${connectionToken}&access_token=${TOKEN}`, {
      headers: { Accept: 'text/event-stream' },
    });
    assert.equal(second.status, 409);
    await second.body?.cancel();

    const post = (body: string) =>
      fetch(`${base}?id=${connectionToken}`, { method: 'POST', body, headers: AUTH });
    assert.equal((await post(HANDSHAKE)).status, 200);
    await readUntil(`data: {}${RS}\n\n`);
    assert.equal(
      (await post(`{"type":1,"invocationId":"1","target":"Echo","arguments":["a\\nb"]}${RS}`))
        .status,
      200,
    );
    await readUntil(`data: {"type":3,"invocationId":"1","result":"a\\nb"}${RS}\n\n`);
    assert.equal(
      (await post(`{"type":1,"invocationId":"2","target":"Join","arguments":["sse"]}${RS}`)).status,
      200,
    );
    await readUntil(`"invocationId":"2"`);
    // The messages of one turn: one event holding their records back to back.
    for (let n = 1; n <= 3; n++) endpoint.sendToGroup('sse', 'Tick', [n]);
    const ticks = [1, 2, 3].map((n) => `{"type":1,"target":"Tick","arguments":[${n}]}${RS}`);
    await readUntil(`data: ${ticks.join('')}\n\n`);
    await readUntil(`data: ${PING}${RS}\n\n`);
    assert.equal(
      (await fetch(`${base}?id=unknown`, { method: 'POST', body: 'x', headers: AUTH })).status,
      404,
    );
    // Every POST is authenticated, as [Authorize] does it: an expired token fails the
    // POST (401, before the id is even looked up) while the stream stays open.
    acceptTokens = false;
    const refused = await post(
      `{"type":1,"invocationId":"3","target":"Echo","arguments":[3]}${RS}`,
    );
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await fetch(`${base}?id=unknown`, { method: 'POST', body: 'x' })).status, 401);
    endpoint.sendToGroup('sse', 'StillOpen', []);
    await readUntil('StillOpen');
    assert.ok(!received.includes('"invocationId":"3"'), 'the refused POST was not processed');

    controller.abort();
    await waitFor('the disconnect', () => disconnected.includes(connectionId));
  });

  it('refuses the event stream without a valid token', async () => {
    const { connectionToken } = await negotiate();
    const res = await fetch(`${base}?id=${connectionToken}`, {
      headers: { Accept: 'text/event-stream' },
    });
    assert.equal(res.status, 401);
  });
});

describe('Long Polling on the wire', () => {
  async function poll(token: string, headers: Record<string, string> = AUTH) {
    const started = Date.now();
    const res = await fetch(`${base}?id=${token}&_=${started}`, { headers });
    return { status: res.status, body: await res.text(), ms: Date.now() - started };
  }

  async function connect(): Promise<Negotiated> {
    const negotiated = await negotiate();
    const first = await poll(negotiated.connectionToken, AUTH);
    assert.deepEqual([first.status, first.body], [200, '']);
    const handshake = await fetch(`${base}?id=${negotiated.connectionToken}`, {
      method: 'POST',
      body: HANDSHAKE,
      headers: AUTH,
    });
    assert.equal(handshake.status, 200);
    assert.deepEqual(await poll(negotiated.connectionToken).then((p) => [p.status, p.body]), [
      200,
      `{}${RS}`,
    ]);
    return negotiated;
  }

  it('answers the first poll at once, holds the next ones, and never pings', async () => {
    const { connectionToken } = await negotiate();
    const first = await poll(connectionToken, AUTH);
    assert.deepEqual([first.status, first.body], [200, '']);
    assert.ok(first.ms < 400, `first poll took ${first.ms} ms`);
    await fetch(`${base}?id=${connectionToken}`, {
      method: 'POST',
      body: HANDSHAKE,
      headers: AUTH,
    });
    assert.equal((await poll(connectionToken)).body, `{}${RS}`);
    // Held until the poll timeout (600 ms), then empty: no pings on Long Polling.
    const idle = await poll(connectionToken);
    assert.deepEqual([idle.status, idle.body], [200, '']);
    assert.ok(idle.ms >= 550, `held ${idle.ms} ms`);
  });

  it('answers a held poll as soon as there is data, several records at once', async () => {
    const { connectionToken } = await connect();
    const pending = poll(connectionToken);
    await sleep(50);
    await fetch(`${base}?id=${connectionToken}`, {
      method: 'POST',
      body: `{"type":1,"invocationId":"1","target":"Join","arguments":["lp"]}${RS}`,
      headers: AUTH,
    });
    const completion = await pending;
    assert.equal(completion.body, `{"type":3,"invocationId":"1","result":null}${RS}`);
    assert.ok(completion.ms < 500, `answered after ${completion.ms} ms`);
    endpoint.sendToGroup('lp', 'A', [1]);
    endpoint.sendToGroup('lp', 'B', [2]);
    assert.equal(
      (await poll(connectionToken)).body,
      `{"type":1,"target":"A","arguments":[1]}${RS}{"type":1,"target":"B","arguments":[2]}${RS}`,
    );
  });

  it('authenticates every poll, POST and DELETE (401 before the id is looked up)', async () => {
    const { connectionToken } = await connect();
    assert.equal((await poll(connectionToken, {})).status, 401);
    acceptTokens = false;
    for (const method of ['POST', 'DELETE']) {
      const res = await fetch(`${base}?id=${connectionToken}`, {
        method,
        body: method === 'POST' ? PING : undefined,
        headers: AUTH,
      });
      assert.equal(res.status, 401, method);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
    assert.equal((await poll(connectionToken)).status, 401);
    assert.equal((await poll('unknown')).status, 401);
    acceptTokens = true;
    // Nothing of that reached the connection: it is still there, and serves again.
    await fetch(`${base}?id=${connectionToken}`, {
      method: 'POST',
      body: `{"type":1,"invocationId":"1","target":"Echo","arguments":["back"]}${RS}`,
      headers: AUTH,
    });
    assert.equal(
      (await poll(connectionToken)).body,
      `{"type":3,"invocationId":"1","result":"back"}${RS}`,
    );
  });

  it('answers an older held poll 204 when a newer poll arrives, and serves the newer one', async () => {
    const { connectionToken } = await connect();
    const older = poll(connectionToken);
    await sleep(30);
    const newer = poll(connectionToken);
    assert.deepEqual(await older.then((p) => [p.status, p.body]), [204, '']);
    endpoint.sendToGroup('none', 'x', []);
    await fetch(`${base}?id=${connectionToken}`, {
      method: 'POST',
      body: `{"type":1,"invocationId":"1","target":"Echo","arguments":["newer"]}${RS}`,
      headers: AUTH,
    });
    assert.deepEqual(await newer.then((p) => [p.status, p.body]), [
      200,
      `{"type":3,"invocationId":"1","result":"newer"}${RS}`,
    ]);
  });

  it('answers 404 for an unknown id, 202 to DELETE and then 204', async () => {
    assert.equal((await poll('unknown')).status, 404);
    const { connectionToken, connectionId } = await connect();
    const held = poll(connectionToken);
    await sleep(30);
    const deleted = await fetch(`${base}?id=${connectionToken}`, {
      method: 'DELETE',
      headers: AUTH,
    });
    assert.equal(deleted.status, 202);
    assert.equal((await held).status, 204);
    assert.ok(disconnected.includes(connectionId));
  });

  it('closeAll(false): the held poll gets the Close message, the next one 204', async () => {
    const { connectionToken } = await connect();
    const held = poll(connectionToken);
    await sleep(30);
    endpoint.closeAll(false);
    assert.deepEqual(await held.then((p) => [p.status, p.body]), [200, `{"type":7}${RS}`]);
    assert.equal((await poll(connectionToken)).status, 204);
    assert.equal((await poll(connectionToken)).status, 404);
  });

  it('disconnectAll(): the held poll fails like a network error, not with 204', async () => {
    const { connectionToken } = await connect();
    const held = poll(connectionToken);
    await sleep(30);
    endpoint.disconnectAll();
    await assert.rejects(held, TypeError);
    assert.equal((await poll(connectionToken)).status, 404);
  });

  it('disconnectAll() between polls: the next poll fails like a network error', async () => {
    const { connectionToken } = await connect();
    endpoint.disconnectAll();
    await assert.rejects(poll(connectionToken), TypeError);
  });

  it('reaps a connection whose client stopped polling', async () => {
    const { connectionId } = await connect();
    assert.equal(endpoint.connectionCount(), 1);
    await waitFor('the reaper', () => disconnected.includes(connectionId), 2000);
    assert.equal(endpoint.connectionCount(), 0);
  });
});
