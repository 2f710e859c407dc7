/**
 * The endpoint driven by the official @microsoft/signalr client, over each transport.
 * What is asserted is what that client sees.
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
import { HubError, createHubEndpoint } from '../src/signalr/index.ts';
import type {
  HubDefinition,
  HubEndpoint,
  HubEndpointOptions,
  HubPrincipal,
} from '../src/signalr/index.ts';

const VALID_TOKEN = 'valid-token';
const HUB_PATH = '/hubs/test';

interface TestServer {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly logs: string[];
  readonly connected: string[];
  readonly disconnected: string[];
  /** Requests that reached the hub, as "METHOD transport". */
  readonly requests: string[];
  acceptTokens: boolean;
  stop(): Promise<void>;
}

async function startServer(options: Partial<HubEndpointOptions> = {}): Promise<TestServer> {
  const state: Omit<TestServer, 'url' | 'endpoint' | 'stop'> = {
    logs: [],
    connected: [],
    disconnected: [],
    requests: [],
    acceptTokens: true,
  };
  const hub: HubDefinition<HubPrincipal> = {
    authenticate: (token) =>
      token === VALID_TOKEN && state.acceptTokens ? { userId: 'user-1' } : null,
    methods: {
      Echo: (_caller, value) => value,
      EchoLater: async (_caller, value) => {
        await sleep(10);
        return value;
      },
      WhoAmI: (caller) => ({ connectionId: caller.connectionId, userId: caller.principal.userId }),
      Join: (caller, group) => endpoint.addToGroup(caller.connectionId, String(group)),
      Leave: (caller, group) => endpoint.removeFromGroup(caller.connectionId, String(group)),
      Refuse: () => {
        throw new HubError('You may not see this album.');
      },
      Crash: () => {
        throw new Error('database exploded');
      },
    },
    onConnected: (caller) => state.connected.push(caller.connectionId),
    onDisconnected: (caller) => state.disconnected.push(caller.connectionId),
  };
  const endpoint = createHubEndpoint(hub, {
    path: HUB_PATH,
    logger: {
      debug: (message) => state.logs.push(message),
      warn: (message) => state.logs.push(message),
      error: (message, error) => state.logs.push(`${message} ${String(error)}`),
    },
    ...options,
  });
  const server = createServer((req, res) => {
    const kind = (req.headers.accept ?? '').includes('text/event-stream') ? 'sse' : 'http';
    state.requests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname} ${kind}`);
    if (!endpoint.handleRequest(req, res)) {
      res.writeHead(404).end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    state.requests.push(`UPGRADE ${new URL(req.url ?? '/', 'http://x').pathname}`);
    if (!endpoint.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}${HUB_PATH}`,
    endpoint,
    async stop() {
      endpoint.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

interface ClientRecord {
  readonly connection: HubConnection;
  readonly events: string[];
  readonly notifications: unknown[];
}

const clients: ClientRecord[] = [];

function client(
  server: TestServer,
  transport: HttpTransportType,
  options: { token?: string | null; reconnect?: boolean } = {},
): ClientRecord {
  const token = options.token === undefined ? VALID_TOKEN : options.token;
  let builder = new HubConnectionBuilder()
    .withUrl(server.url, {
      transport,
      skipNegotiation: false,
      ...(token === null ? {} : { accessTokenFactory: () => token }),
    })
    .withServerTimeout(3000)
    .withKeepAliveInterval(100)
    .configureLogging(process.env['SIGNALR_TEST_LOG'] ? LogLevel.Trace : LogLevel.None);
  if (options.reconnect) builder = builder.withAutomaticReconnect([0, 50, 100, 200, 400]);
  const connection = builder.build();
  const record: ClientRecord = { connection, events: [], notifications: [] };
  connection.on('notify', (...args: unknown[]) => record.notifications.push(args));
  connection.onreconnecting(() => record.events.push('reconnecting'));
  connection.onreconnected((id) => record.events.push(`reconnected ${id}`));
  connection.onclose((error) => record.events.push(error ? `closed ${error.message}` : 'closed'));
  clients.push(record);
  return record;
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

const transports = [
  ['WebSockets', HttpTransportType.WebSockets, 'UPGRADE /hubs/test'],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents, 'GET /hubs/test sse'],
  ['LongPolling', HttpTransportType.LongPolling, 'GET /hubs/test http'],
] as const;

for (const [name, transport, transportRequest] of transports) {
  describe(`the official client over ${name}`, () => {
    let server: TestServer;

    before(async () => {
      server = await startServer({
        keepAliveIntervalMs: 100,
        clientTimeoutMs: 3000,
        longPollTimeoutMs: 250,
        disconnectTimeoutMs: 3000,
      });
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map(({ connection }) => connection.stop()));
      server.acceptTokens = true;
    });

    after(async () => {
      await server.stop();
      assert.ok(
        server.logs.every((line) => !line.includes(VALID_TOKEN)),
        'a token reached the log',
      );
    });

    it('connects with a token, over that transport', async () => {
      const { connection } = client(server, transport);
      server.requests.length = 0;
      await connection.start();
      assert.equal(connection.state, HubConnectionState.Connected);
      assert.ok(server.requests.includes('POST /hubs/test/negotiate http'));
      assert.ok(server.requests.includes(transportRequest), server.requests.join(', '));
      const me = (await connection.invoke('WhoAmI')) as { connectionId: string; userId: string };
      assert.deepEqual(me, { connectionId: connection.connectionId, userId: 'user-1' });
      assert.equal(server.endpoint.connectionCount(), 1);
      assert.ok(server.connected.includes(me.connectionId));
    });

    it('refuses to start without a valid token (401)', async () => {
      await assert.rejects(client(server, transport, { token: null }).connection.start(), /401/);
      await assert.rejects(
        client(server, transport, { token: 'forged' }).connection.start(),
        /401/,
      );
      assert.equal(server.endpoint.connectionCount(), 0);
    });

    it('invokes hub methods and returns their results', async () => {
      const { connection } = client(server, transport);
      await connection.start();
      const payload = {
        album: 'Wedding',
        tags: ['raw', 'stock'],
        count: 2000,
        nested: { ok: true },
      };
      assert.deepEqual(await connection.invoke('Echo', payload), payload);
      assert.equal(await connection.invoke('echo', 'any case'), 'any case');
      assert.equal(
        await connection.invoke('Echo', 'line\nbreak \u001e and é'),
        'line\nbreak \u001e and é',
      );
      // A method returning nothing completes with "result":null, as a void method does in ASP.NET Core.
      assert.equal(await connection.invoke('Join', 'nothing-returned'), null);
      const many = await Promise.all(
        Array.from({ length: 20 }, (_, i) => connection.invoke('EchoLater', i)),
      );
      assert.deepEqual(
        many,
        Array.from({ length: 20 }, (_, i) => i),
      );
    });

    it("rejects with ASP.NET Core's texts: HubException, other exceptions, binding failures", async () => {
      const { connection } = client(server, transport);
      await connection.start();
      await assert.rejects(connection.invoke('Refuse'), {
        message:
          "An unexpected error occurred invoking 'Refuse' on the server. HubException: You may not see this album.",
      });
      await assert.rejects(connection.invoke('Crash'), {
        message: "An unexpected error occurred invoking 'Crash' on the server.",
      });
      assert.ok(server.logs.some((line) => line.includes('database exploded')));
      await assert.rejects(connection.invoke('NoSuchMethod'), {
        message:
          "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist.",
      });
      await assert.rejects(connection.invoke('Echo'), {
        message: "Failed to invoke 'Echo' due to an error on the server.",
      });
      await assert.rejects(connection.invoke('Echo', 1, 2), {
        message: "Failed to invoke 'Echo' due to an error on the server.",
      });
      assert.equal(await connection.invoke('Echo', 'still connected'), 'still connected');
    });

    it('delivers group messages to members only, until they leave', async () => {
      const member = client(server, transport);
      const outsider = client(server, transport);
      await Promise.all([member.connection.start(), outsider.connection.start()]);
      await member.connection.invoke('Join', 'album_1');
      await member.connection.invoke('Join', 'marker');
      await outsider.connection.invoke('Join', 'marker');
      assert.equal(server.endpoint.groupSize('album_1'), 1);
      assert.equal(server.endpoint.groupSize('marker'), 2);

      server.endpoint.sendToGroup('album_1', 'Notify', [{ albumId: 1, step: 1 }]);
      server.endpoint.sendToGroup('marker', 'Notify', ['marker 1']);
      await waitFor(
        'the marker',
        () => member.notifications.length === 2 && outsider.notifications.length === 1,
      );
      assert.deepEqual(member.notifications, [[{ albumId: 1, step: 1 }], ['marker 1']]);
      assert.deepEqual(outsider.notifications, [['marker 1']]);

      await member.connection.invoke('Leave', 'album_1');
      assert.equal(server.endpoint.groupSize('album_1'), 0);
      server.endpoint.sendToGroup('album_1', 'Notify', [{ albumId: 1, step: 2 }]);
      server.endpoint.sendToGroup('marker', 'Notify', ['marker 2']);
      await waitFor('the second marker', () => member.notifications.length === 3);
      assert.deepEqual(member.notifications.at(-1), ['marker 2']);

      await outsider.connection.stop();
      await waitFor('the group to shrink', () => server.endpoint.groupSize('marker') === 1);
    });

    it('keeps an idle connection up past the timeouts, with keep-alive', async () => {
      const record = client(server, transport, { reconnect: true });
      await record.connection.start();
      const id = record.connection.connectionId;
      const disconnectedBefore = server.disconnected.length;
      await sleep(4000);
      assert.equal(record.connection.state, HubConnectionState.Connected);
      assert.deepEqual(record.events, []);
      assert.equal(record.connection.connectionId, id);
      assert.equal(server.disconnected.length, disconnectedBefore);
      assert.equal(await record.connection.invoke('Echo', 'awake'), 'awake');
    });

    // Only a WebSocket: SSE and Long Polling requests are checked one by one (signalr-auth.test.ts).
    if (transport === HttpTransportType.WebSockets) {
      it('survives the token expiring after connect', async () => {
        const record = client(server, transport, { reconnect: true });
        await record.connection.start();
        const id = record.connection.connectionId;
        server.acceptTokens = false;
        await sleep(700);
        assert.equal(await record.connection.invoke('Echo', 'after expiry'), 'after expiry');
        server.endpoint.sendToGroup('none', 'Notify', []);
        assert.equal(record.connection.state, HubConnectionState.Connected);
        assert.equal(record.connection.connectionId, id);
        assert.deepEqual(record.events, []);
      });
    }

    it('closeAll(true): the client reconnects with a new connection id', async () => {
      const record = client(server, transport, { reconnect: true });
      await record.connection.start();
      const id = record.connection.connectionId;
      await record.connection.invoke('Join', 'album_2');
      server.endpoint.closeAll(true);
      await waitFor('reconnection', () => record.events.some((e) => e.startsWith('reconnected')));
      assert.equal(record.events[0], 'reconnecting');
      const newId = record.connection.connectionId;
      assert.notEqual(newId, id);
      assert.deepEqual(record.events, ['reconnecting', `reconnected ${newId}`]);
      assert.equal(server.endpoint.groupSize('album_2'), 0, 'groups do not survive a reconnect');
      assert.equal(await record.connection.invoke('Echo', 'back'), 'back');
      assert.equal(server.connected.filter((c) => c === id).length, 1);
      assert.equal(server.disconnected.filter((c) => c === id).length, 1);
    });

    it('disconnectAll(): a network cut, the client reconnects', async () => {
      const record = client(server, transport, { reconnect: true });
      await record.connection.start();
      const id = record.connection.connectionId;
      await sleep(50);
      server.endpoint.disconnectAll();
      await waitFor('reconnection', () => record.events.some((e) => e.startsWith('reconnected')));
      const newId = record.connection.connectionId;
      assert.notEqual(newId, id);
      assert.deepEqual(record.events, ['reconnecting', `reconnected ${newId}`]);
      assert.equal(await record.connection.invoke('Echo', 'back'), 'back');
      assert.equal(server.disconnected.filter((c) => c === id).length, 1);
      assert.equal(server.endpoint.connectionCount(), 1);
    });

    it('closeAll(false): the connection ends for good', async () => {
      const record = client(server, transport, { reconnect: true });
      await record.connection.start();
      const id = record.connection.connectionId!;
      server.endpoint.closeAll(false);
      await waitFor('close', () => record.events.length > 0);
      await sleep(100);
      assert.deepEqual(record.events, ['closed']);
      assert.equal(record.connection.state, HubConnectionState.Disconnected);
      assert.ok(server.disconnected.includes(id));
      assert.equal(server.endpoint.connectionCount(), 0);
    });

    it('passes a close error on to the client', async () => {
      const record = client(server, transport);
      await record.connection.start();
      server.endpoint.closeAll(false, 'Server is shutting down.');
      await waitFor('close', () => record.events.length > 0);
      assert.deepEqual(record.events, [
        'closed Server returned an error on close: Server is shutting down.',
      ]);
    });

    it('calls onConnected and onDisconnected once per connection', async () => {
      const record = client(server, transport);
      await record.connection.start();
      const id = record.connection.connectionId!;
      await record.connection.stop();
      await waitFor('onDisconnected', () => server.disconnected.includes(id));
      await sleep(50);
      assert.equal(server.connected.filter((c) => c === id).length, 1);
      assert.equal(server.disconnected.filter((c) => c === id).length, 1);
      assert.equal(server.endpoint.connectionCount(), 0);
    });
  });
}
