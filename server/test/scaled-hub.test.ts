/**
 * The ASP.NET Core hub scaled out: two instances joined by the Redis backplane behind
 * HAProxy with cookie affinity (server/tools/scaled-stack.ts), driven through the load
 * balancer by the official @microsoft/signalr client. Run by `npm run test:scaled`.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  HttpTransportType,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import { call, eventually, login, repoRoot, seedAlbumIds, users } from './helpers.ts';
import {
  affinityCookie,
  servedByHeader,
  startScaledStack,
  type ScaledStack,
} from '../tools/scaled-stack.ts';

const album = seedAlbumIds['lan-minh'] as string; // Studio An, in Init
const recordSeparator = '\u001e';
const transports = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
] as const;

/** One client through the load balancer, and what happened to it. */
interface Client {
  readonly name: string;
  readonly connection: HubConnection;
  readonly targets: string[];
  readonly ids: (string | null)[];
  reconnecting: number;
  /** Album joins that succeeded after a reconnect. */
  rejoined: number;
  closed: boolean;
}

describe('the hub scaled out: two instances, the Redis backplane, HAProxy with affinity', () => {
  let stack: ScaledStack;
  let token: string;
  let clients: Client[] = [];

  /**
   * A client of the official library through the load balancer; `pinnedTo` sends the
   * affinity cookie of that instance (else the client's own cookie jar keeps the one the
   * load balancer sets). Rejoins the album after every reconnect, as the app does.
   */
  const connect = async (
    name: string,
    transport: HttpTransportType,
    pinnedTo?: string,
  ): Promise<Client> => {
    const connection = new HubConnectionBuilder()
      .withUrl(stack.hubUrl, {
        transport,
        accessTokenFactory: () => token,
        headers: pinnedTo ? { Cookie: `${affinityCookie}=${pinnedTo}` } : {},
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: () => 250 })
      .withStatefulReconnect()
      .configureLogging(LogLevel.None)
      .build();
    const client: Client = {
      name,
      connection,
      targets: [],
      ids: [],
      reconnecting: 0,
      rejoined: 0,
      closed: false,
    };
    for (const target of ['AlbumSyncStarted', 'PhotoSyncProgress', 'AlbumStateChanged']) {
      connection.on(target, () => client.targets.push(target));
    }
    connection.onreconnecting(() => client.reconnecting++);
    connection.onreconnected((id) => {
      client.ids.push(id ?? null);
      // Retried like the app's joins, while connected: a join can fail while Redis settles.
      const rejoin = (): void =>
        void connection.invoke('JoinAlbumGroup', album).then(
          () => client.rejoined++,
          () => {
            if (connection.state === HubConnectionState.Connected) setTimeout(rejoin, 250);
          },
        );
      rejoin();
    });
    connection.onclose(() => (client.closed = true));
    clients.push(client);
    await connection.start();
    client.ids.push(connection.connectionId);
    await connection.invoke('JoinAlbumGroup', album);
    return client;
  };

  const fireSync = async (photosPerSecond: number): Promise<void> => {
    const fired = await call(stack.backend.url, 'PUT', `/api/v1/albums/${album}/state`, {
      token,
      body: { trigger: 'SyncRawTag', photosPerSecond },
    });
    assert.equal(fired.status, 202);
  };

  before(async () => {
    stack = await startScaledStack({ root: repoRoot });
    token = (await login(stack.backend.url, users.an)).accessToken;
  });

  beforeEach(async () => {
    assert.equal((await call(stack.backend.url, 'POST', '/api/dev/reset')).status, 204);
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.connection.stop()));
    await stack?.close();
  });

  const stopAll = async () => {
    await Promise.all(clients.map((client) => client.connection.stop()));
    clients = [];
  };

  it('keeps negotiate, polls and sends on the instance that issued the connection, by its cookie', async () => {
    const negotiate = await fetch(`${stack.hubUrl}/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(negotiate.status, 200);
    const issuer = negotiate.headers.get(servedByHeader);
    assert.ok(issuer === 'hub1' || issuer === 'hub2', `served by ${issuer}`);
    const cookie = negotiate.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] as string)
      .find((pair) => pair.startsWith(`${affinityCookie}=`));
    assert.equal(cookie, `${affinityCookie}=${issuer}`);
    const { connectionToken } = (await negotiate.json()) as { connectionToken: string };
    const url = `${stack.hubUrl}?id=${connectionToken}`;
    const withCookie = { Authorization: `Bearer ${token}`, Cookie: cookie as string };

    // Long Polling by hand, cookie on: every request reaches the issuer.
    const first = await fetch(url, { headers: withCookie });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get(servedByHeader), issuer);
    const handshake = await fetch(url, {
      method: 'POST',
      headers: withCookie,
      body: `{"protocol":"json","version":1}${recordSeparator}`,
    });
    assert.equal(handshake.status, 200);
    assert.equal(handshake.headers.get(servedByHeader), issuer);
    const answer = await fetch(url, { headers: withCookie });
    assert.equal(answer.headers.get(servedByHeader), issuer);
    assert.equal(await answer.text(), `{}${recordSeparator}`);

    // Without the cookie, round robin sends some of them to the other instance, which does
    // not know the connection: exactly what affinity is for.
    const strays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const ping = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: `{"type":6}${recordSeparator}`,
      });
      if (ping.headers.get(servedByHeader) !== issuer) strays.push(ping.status);
      await ping.arrayBuffer();
    }
    assert.ok(strays.length > 0, 'round robin never left the issuer');
    assert.ok(
      strays.every((status) => status === 404),
      `strays answered ${strays.join(', ')}`,
    );
    await fetch(url, { method: 'DELETE', headers: withCookie });
  });

  it('delivers an event published to one instance to clients on every instance, over each transport', async () => {
    for (const instance of stack.instances) {
      const pinned = await fetch(`${stack.hubUrl}/negotiate?negotiateVersion=1`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, Cookie: `${affinityCookie}=${instance.name}` },
      });
      assert.equal(pinned.headers.get(servedByHeader), instance.name);
      await pinned.arrayBuffer();
    }
    const all: Client[] = [];
    for (const [name, transport] of transports) {
      for (const instance of stack.instances) {
        all.push(await connect(`${name}@${instance.name}`, transport, instance.name));
      }
    }
    await fireSync(20_000);
    await eventually(
      () => all.every((client) => client.targets.includes('AlbumStateChanged')),
      20_000,
      'every client to see the state change',
    );
    const reference = all[0]?.targets;
    for (const client of all) {
      assert.deepEqual(client.targets, reference, `${client.name} saw another sequence`);
      assert.equal(client.targets[0], 'AlbumSyncStarted');
    }
    await stopAll();
  });

  it('Redis lost: each instance closes its connections with allowReconnect and refuses new ones; back, clients reconnect in full and get events again', async () => {
    const all = [
      await connect('WebSockets@hub1', HttpTransportType.WebSockets, 'hub1'),
      await connect('WebSockets@hub2', HttpTransportType.WebSockets, 'hub2'),
      await connect('ServerSentEvents@hub2', HttpTransportType.ServerSentEvents, 'hub2'),
      await connect('LongPolling@hub1', HttpTransportType.LongPolling, 'hub1'),
    ];
    await stack.stopRedis();
    // Not silently stale: every client is told at once that it is no longer live.
    await eventually(
      () => all.every((client) => client.reconnecting === 1),
      10_000,
      'every client to start reconnecting',
    );
    for (const instance of stack.instances) {
      const health = await fetch(`${instance.url}/health`);
      assert.equal(health.status, 503);
      assert.deepEqual(await health.json(), { status: 'unavailable', backplane: 'disconnected' });
      const negotiate = await fetch(
        `${instance.url}/hubs/notification/negotiate?negotiateVersion=1`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      assert.equal(negotiate.status, 503);
      // A publish is refused at once rather than held in Redis's backlog.
      const publish = await fetch(`${instance.url}/internal/publish`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-Hub-Publish-Key': stack.secrets.publishKey,
        },
        body: '[]',
      });
      assert.equal(publish.status, 503);
    }
    await new Promise((done) => setTimeout(done, 1000));
    assert.ok(
      all.every((client) => client.connection.state === HubConnectionState.Reconnecting),
      'a client got connected while the backplane was down',
    );

    await stack.startRedis();
    await eventually(
      () => all.every((client) => client.connection.state === HubConnectionState.Connected),
      20_000,
      'every client to be connected again',
    );
    for (const client of all) {
      // A full reconnect: a new connection (onreconnected), never a stateful resume of the old
      // one. On a busy machine a client may flap once more while Redis settles (seen on a
      // Long Polling client): each time a new connection too.
      assert.ok(client.ids.length >= 2, `${client.name}: ${client.ids.join(', ')}`);
      assert.equal(new Set(client.ids).size, client.ids.length, `${client.name}: an id came back`);
      assert.equal(client.closed, false);
    }
    // Rejoined (onreconnected) and live again across instances: a sync's events (seconds of
    // progress) reach every client (one that flapped rejoins, and its events resume).
    await eventually(
      () => all.every((client) => client.rejoined >= 1),
      30_000,
      'every client to rejoin its album',
    ).catch((error: Error) => {
      const states = all.map((c) => `${c.name}: ${c.connection.state}, rejoined ${c.rejoined}`);
      throw new Error(`${error.message} (${states.join('; ')})`);
    });
    for (const client of all) client.targets.length = 0;
    await eventually(async () => {
      const fired = await call(stack.backend.url, 'PUT', `/api/v1/albums/${album}/state`, {
        token,
        body: { trigger: 'SyncRawTag', photosPerSecond: 300 },
      });
      return fired.status === 202;
    }, 10_000);
    await eventually(
      () => all.every((client) => client.targets.includes('PhotoSyncProgress')),
      20_000,
      'every client to follow the sync after the outage',
    );
    await stopAll();
  });

  it('Redis restarted mid-sync: every client reconnects in full, then follows the sync to its end', async () => {
    const all = [
      await connect('WebSockets@hub1', HttpTransportType.WebSockets, 'hub1'),
      await connect('WebSockets@hub2', HttpTransportType.WebSockets, 'hub2'),
      await connect('LongPolling@hub2', HttpTransportType.LongPolling, 'hub2'),
    ];
    // Slow enough that the clients are back in their group well before the sync ends, even on a busy machine.
    await fireSync(150);
    await eventually(
      () => all.every((client) => client.targets.includes('PhotoSyncProgress')),
      10_000,
      'progress on every client',
    );
    await stack.restartRedis();
    await eventually(
      () => all.every((client) => client.targets.includes('AlbumStateChanged')),
      30_000,
      'every client to see the sync end',
    );
    for (const client of all) {
      // Each reconnect a full one, a new connection (once, or again if it landed on an
      // instance while Redis was still coming back).
      assert.ok(client.reconnecting >= 1, `${client.name} never reconnected`);
      assert.equal(client.ids.length, client.reconnecting + 1, `${client.name}: ${client.ids}`);
      assert.equal(new Set(client.ids).size, client.ids.length, `${client.name}: ${client.ids}`);
    }
    await stopAll();
  });

  // Last: it kills an instance of the shared stack.
  it("the publisher survives its instance: killed mid-sync, the other instance's clients follow the sync to its end", async () => {
    const survivor = stack.instances.find((instance) => instance !== stack.publishedTo)!;
    const client = await connect(
      `WebSockets@${survivor.name}`,
      HttpTransportType.WebSockets,
      survivor.name,
    );
    await fireSync(400); // 2,000+ photos: about 5 s
    await eventually(() => client.targets.includes('PhotoSyncProgress'), 10_000, 'progress');
    await stack.kill(stack.publishedTo.name);
    await eventually(
      () => client.targets.includes('AlbumStateChanged'),
      20_000,
      "the sync's end, published through the surviving instance",
    );
    assert.equal(client.reconnecting, 0, 'its own instance never went away');
    await stopAll();
  });
});
