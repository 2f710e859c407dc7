/**
 * Authorization over a connection's life, as `[Authorize]` on an ASP.NET Core hub does
 * it: every SSE/Long Polling request checks the bearer token, with JwtBearer's clock
 * skew; a WebSocket is checked at its upgrade only. Driven by the official client
 * (what an app sees when its token expires) and by raw HTTP.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
} from '@microsoft/signalr';
import type { HubConnection } from '@microsoft/signalr';
import { createHubEndpoint } from '../src/signalr/index.ts';
import type { HubEndpoint, HubEndpointOptions } from '../src/signalr/index.ts';

const RS = '\u001e';

/** A stand-in bearer token: `{user}.{expiry in ms since the epoch}`. */
const tokenFor = (user: string, lifetimeMs: number) => `${user}.${Date.now() + lifetimeMs}`;

interface Server {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly disconnected: string[];
  readonly warnings: string[];
  stop(): Promise<void>;
}

const servers: Server[] = [];

async function startServer(options: Partial<HubEndpointOptions> = {}): Promise<Server> {
  const disconnected: string[] = [];
  const warnings: string[] = [];
  const endpoint = createHubEndpoint(
    {
      authenticate: (token, { clockSkewMs }) => {
        const [user, expiresAt] = (token ?? '').split('.');
        if (!user || !expiresAt || Date.now() > Number(expiresAt) + clockSkewMs) return null;
        return { userId: user };
      },
      methods: {
        Echo: (_caller, value) => value,
        Me: (caller) => caller.principal.userId,
      },
      onDisconnected: (caller) => disconnected.push(caller.connectionId),
    },
    {
      path: '/hubs/auth',
      clientTimeoutMs: 1500,
      disconnectTimeoutMs: 1000,
      logger: { debug: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
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
  const started: Server = {
    url: `http://127.0.0.1:${port}/hubs/auth`,
    endpoint,
    disconnected,
    warnings,
    async stop() {
      endpoint.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  servers.push(started);
  return started;
}

const connections: HubConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.stop()));
});
after(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A client whose token factory hands out tokens living `lifetimeMs`. */
function client(server: Server, transport: HttpTransportType, lifetimeMs: number) {
  const events: string[] = [];
  const connection = new HubConnectionBuilder()
    .withUrl(server.url, { transport, accessTokenFactory: () => tokenFor('user-1', lifetimeMs) })
    .withAutomaticReconnect([0, 50, 100, 200])
    .withKeepAliveInterval(200)
    .configureLogging(LogLevel.None)
    .build();
  connection.onreconnecting((error) => events.push(`reconnecting ${error?.message ?? ''}`));
  connection.onreconnected(() => events.push('reconnected'));
  connection.onclose((error) => events.push(`closed ${error?.message ?? ''}`));
  connections.push(connection);
  return { connection, events };
}

describe('an expired token, with the official client', () => {
  it('Long Polling: the next poll answers 401 and the transport closes; a reconnect brings a new connection', async () => {
    // A poll held when the token expires ends as usual; the one after it is refused.
    const server = await startServer({ clockSkewMs: 0, longPollTimeoutMs: 300 });
    const { connection, events } = client(server, HttpTransportType.LongPolling, 700);
    await connection.start();
    const first = connection.connectionId!;
    assert.equal(await connection.invoke('Echo', 'fresh'), 'fresh');
    await waitFor('the 401 to end the transport', () => events.length > 0, 5000);
    assert.match(events[0]!, /^reconnecting .*(401|Unauthorized)/);
    await waitFor('the reconnect', () => events.includes('reconnected'), 5000);
    assert.notEqual(connection.connectionId, first);
    // The server never got the poll: it drops the connection after the disconnect timeout.
    await waitFor('the reaper', () => server.disconnected.includes(first), 5000);
  });

  it('Server-Sent Events: invocations fail (401) while the stream stays open, until the client timeout', async () => {
    const server = await startServer({ clockSkewMs: 0 });
    const { connection, events } = client(server, HttpTransportType.ServerSentEvents, 600);
    await connection.start();
    const first = connection.connectionId!;
    await sleep(700);
    // A refusal the app must not take for the hub's answer: it is the expired token.
    await assert.rejects(connection.invoke('Echo', 'late'), /401|Unauthorized/);
    assert.equal(connection.state, HubConnectionState.Connected, 'the stream is still open');
    // Its pings fail too, so the server's client timeout closes it with allowReconnect.
    await waitFor('the reconnect', () => events.includes('reconnected'), 8000);
    assert.match(events[0]!, /^reconnecting .*Connection closed with an error\./);
    assert.notEqual(connection.connectionId, first);
    assert.ok(server.disconnected.includes(first));
  });

  it('WebSockets: checked at the upgrade only, the connection outlives its token', async () => {
    const server = await startServer({ clockSkewMs: 0 });
    const { connection, events } = client(server, HttpTransportType.WebSockets, 500);
    await connection.start();
    await sleep(800);
    assert.equal(await connection.invoke('Echo', 'still here'), 'still here');
    assert.deepEqual(events, []);
  });

  it("a token within JwtBearer's clock skew still counts; the skew defaults to 5 minutes", async () => {
    const skewed = await startServer({ clockSkewMs: 1000 });
    const { connection } = client(skewed, HttpTransportType.LongPolling, -300);
    await connection.start();
    assert.equal(await connection.invoke('Echo', 'within the skew'), 'within the skew');
    const byDefault = await startServer();
    const negotiate = (token: string) =>
      fetch(`${byDefault.url}/negotiate?negotiateVersion=1`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
    assert.equal((await negotiate(tokenFor('user-1', -4 * 60_000))).status, 200);
    assert.equal((await negotiate(tokenFor('user-1', -6 * 60_000))).status, 401);
  });
});

describe("another user's token on a connection's request", () => {
  it('is served, as ASP.NET Core serves it (no 403): the connection keeps its user', async () => {
    const server = await startServer();
    const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user, 60_000)}` });
    const negotiated = (await (
      await fetch(`${server.url}/negotiate?negotiateVersion=1`, {
        method: 'POST',
        headers: auth('user-1'),
      })
    ).json()) as { connectionToken: string };
    const at = `${server.url}?id=${negotiated.connectionToken}`;
    assert.equal((await fetch(at, { headers: auth('user-1') })).status, 200);
    const send = (user: string, body: string) =>
      fetch(at, { method: 'POST', body, headers: auth(user) });
    assert.equal((await send('user-2', `{"protocol":"json","version":1}${RS}`)).status, 200);
    assert.equal(await (await fetch(at, { headers: auth('user-2') })).text(), `{}${RS}`);
    await send('user-2', `{"type":1,"invocationId":"1","target":"Me","arguments":[]}${RS}`);
    assert.equal(
      await (await fetch(at, { headers: auth('user-2') })).text(),
      `{"type":3,"invocationId":"1","result":"user-1"}${RS}`,
    );
    assert.ok(server.warnings.some((line) => line.includes("another user's token")));
    assert.equal((await fetch(at, { method: 'DELETE', headers: auth('user-2') })).status, 202);
  });
});
