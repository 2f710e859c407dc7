/**
 * The two hubs of the differential suites (aspnetcore-differential*.test.ts), started side by
 * side: our `/hubs/notification` (a dev backend without HUB_PUBLISH_URL) and the ASP.NET Core
 * hub with its publishing dev backend, both with short tokens and the same JwtBearer clock
 * skew; and the ways a suite runs one script against both and compares what came of it.
 */
import assert from 'node:assert/strict';
import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import {
  call,
  login,
  repoRoot,
  seedAlbumIds,
  startBackendProcess,
  users,
  type BackendProcess,
} from './helpers.ts';
import { hubPath, startAspNetCoreStack, type AspNetCoreStack } from '../tools/aspnetcore-hub.ts';
import type { Side } from './differential-wire.ts';

export const ttlSeconds = 6;
/** ASP.NET Core's JWT_CLOCK_SKEW_SECONDS and ours, equal. */
export const clockSkewSeconds = 2;
export const ownAlbum = seedAlbumIds['lan-minh'] as string; // Studio An, in Init
export const otherStudiosAlbum = seedAlbumIds['dalat'] as string; // Binh Photo
export const transports = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
] as const;

export interface Pair<T> {
  readonly ours: T;
  readonly aspnetcore: T;
}

export interface Differential {
  readonly sides: Pair<Side>;
  /** Runs a script against both hubs at once. */
  both<T>(script: (side: Side) => Promise<T>): Promise<Pair<T>>;
  /** The script's outcome is the same on both hubs; returns it. */
  same<T>(script: (side: Side) => Promise<T>): Promise<T>;
  /** A fresh access token of Studio An's admin, from that side's dev backend. */
  token(side: Side): Promise<string>;
  /** The dev tool emit: an invocation to Studio An's album's group. */
  emit(side: Side, target: string, args: unknown[]): Promise<unknown>;
  /**
   * The official client, signing in afresh for every connection (so every reconnect);
   * `statefulReconnect` adds withStatefulReconnect() and quick automatic reconnects.
   */
  client(
    side: Side,
    transport: HttpTransportType,
    options?: { statefulReconnect?: boolean },
  ): HubConnection;
  close(): Promise<void>;
}

/**
 * A difference kept on purpose, named as in server/README.md ("Differences from ASP.NET Core
 * SignalR"): each side's outcome is asserted, so that a change on either side is noticed.
 */
export function difference<T>(name: string, outcome: Pair<T>, expected: Pair<T>): void {
  assert.deepEqual(outcome, expected, `difference "${name}"`);
}

/** What an invoke() or start() came to: its result or its error's message. */
export const settle = (promise: Promise<unknown>): Promise<{ result?: unknown; error?: string }> =>
  promise.then(
    (result: unknown) => ({ result }),
    (error: Error) => ({ error: error.message }),
  );

export async function startDifferential(): Promise<Differential> {
  const env = {
    ACCESS_TOKEN_TTL_SECONDS: String(ttlSeconds),
    JWT_CLOCK_SKEW_SECONDS: String(clockSkewSeconds),
  };
  const started = await Promise.allSettled([
    startBackendProcess({ env }),
    startAspNetCoreStack({ root: repoRoot, backendEnv: env, clockSkewSeconds }),
  ]);
  const [ourStart, stackStart] = started;
  if (ourStart.status === 'rejected' || stackStart.status === 'rejected') {
    if (ourStart.status === 'fulfilled') await ourStart.value.close();
    if (stackStart.status === 'fulfilled') await stackStart.value.close();
    throw ourStart.status === 'rejected'
      ? ourStart.reason
      : (stackStart as PromiseRejectedResult).reason;
  }
  const ourBackend: BackendProcess = ourStart.value;
  const stack: AspNetCoreStack = stackStart.value;
  const sides: Pair<Side> = {
    ours: { name: 'ours', hubUrl: `${ourBackend.url}${hubPath}`, apiUrl: ourBackend.url },
    aspnetcore: { name: 'aspnetcore', hubUrl: stack.hubUrl, apiUrl: stack.backend.url },
  };
  const connections: HubConnection[] = [];
  const token = async (side: Side) => (await login(side.apiUrl, users.an)).accessToken;
  const both = async <T>(script: (side: Side) => Promise<T>): Promise<Pair<T>> => {
    const [ours, aspnetcore] = await Promise.all([script(sides.ours), script(sides.aspnetcore)]);
    return { ours, aspnetcore };
  };
  return {
    sides,
    both,
    async same(script) {
      const outcome = await both(script);
      assert.deepEqual(outcome.ours, outcome.aspnetcore);
      return outcome.aspnetcore;
    },
    token,
    emit: (side, target, args) =>
      call(side.apiUrl, 'POST', '/api/dev/hub/emit', {
        body: { albumId: ownAlbum, target, arguments: args },
      }),
    client(side, transport, options = {}) {
      let builder = new HubConnectionBuilder()
        .withUrl(side.hubUrl, { transport, accessTokenFactory: () => token(side) })
        .configureLogging(LogLevel.None);
      if (options.statefulReconnect) {
        builder = builder.withStatefulReconnect().withAutomaticReconnect([0, 100, 250, 500, 1000]);
      }
      const connection = builder.build();
      connections.push(connection);
      return connection;
    },
    async close() {
      await Promise.all(connections.map((connection) => connection.stop().catch(() => undefined)));
      await ourBackend.close();
      await stack.close();
    },
  };
}
