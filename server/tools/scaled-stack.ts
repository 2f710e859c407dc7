/**
 * The hub scaled out, on one machine: Redis (the backplane), N instances of the ASP.NET Core
 * hub joined by it, HAProxy in front of them with cookie affinity, and a dev backend that
 * publishes its events to any healthy instance (the first, until it fails; the backplane
 * carries them to the others). Used by `npm run start:scaled`, the scaled Node
 * tests, the scaled e2e specs and the benchmark. As aspnetcore-hub.ts: only `node:` imports
 * and no `import.meta`, callers pass the repository root.
 *
 * Everything listens on 127.0.0.1 on free ports, with its configuration in a temporary
 * folder removed on close; Redis keeps nothing on disk. Every process runs on the leash
 * (e2e/support/leash.mts), so it dies with the process that started it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildHub,
  dotnetAvailable,
  freePort,
  hubPath,
  newSecrets,
  startHub,
  startLeashedServer,
  startPublishingBackend,
  type LeashedServer,
  type SharedSecrets,
} from './aspnetcore-hub.ts';
import { haproxyCommand, haproxyConfig, instancesUp, waitUntil } from './balancer.ts';

export { affinityCookie, servedByHeader } from './balancer.ts';

/** What is missing for the scaled topology (empty when everything is there). */
export function missingTools(): string[] {
  const has = (command: string, args: string[]) =>
    spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 }).status === 0;
  const missing: string[] = [];
  if (!dotnetAvailable()) missing.push('dotnet (the .NET 10 SDK)');
  if (!has('redis-server', ['--version']))
    missing.push('redis-server (apt-get install redis-server)');
  if (!has(haproxyCommand(), ['-v'])) missing.push('haproxy (apt-get install haproxy)');
  return missing;
}

export interface ScaledStackOptions {
  readonly root: string;
  readonly node?: string;
  /** Hub instances behind the load balancer; default 2. */
  readonly instances?: number;
  /** Origins the hubs allow by CORS (the app's). */
  readonly corsOrigins?: readonly string[];
  /** Extra dev backend environment (SYNC_PHOTOS_PER_SECOND, …). */
  readonly backendEnv?: Readonly<Record<string, string>>;
  /** Fixed ports (start:scaled); 0 or absent: free ones. */
  readonly ports?: { readonly balancer?: number; readonly backend?: number };
  /** Echo every process's output (start:scaled). */
  readonly echo?: boolean;
  /** HAProxy logs every request (`balancerLogFormat`), read by {@link ScaledStack.balancerLog}. */
  readonly balancerLog?: boolean;
}

export interface HubInstance {
  /** `hub1`, `hub2`, …: HAProxy's server name and the affinity cookie's value. */
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Null once killed. */
  server: LeashedServer | null;
}

export interface ScaledStack {
  readonly secrets: SharedSecrets;
  readonly backend: LeashedServer;
  readonly instances: readonly HubInstance[];
  /** The load balancer's origin. */
  readonly balancerUrl: string;
  /** The hub through the load balancer: what the app and clients connect to. */
  readonly hubUrl: string;
  /** HAProxy's request lines so far (with `balancerLog`; else none). */
  balancerLog(): string[];
  readonly redisPort: number;
  /** The instance the dev backend publishes to while it is up (then the next one). */
  readonly publishedTo: HubInstance;
  /** Kills an instance abruptly (SIGKILL), as a crash would. */
  kill(name: string): Promise<void>;
  /** Cuts every connection of every live instance (`/internal/disconnect-all`), as a network blip would. */
  cutAll(): Promise<void>;
  /** Stops Redis abruptly (its data is gone: it kept none), then starts it again on its port. */
  restartRedis(downMs?: number): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the whole topology; on any failure stops what it had started. */
export async function startScaledStack(options: ScaledStackOptions): Promise<ScaledStack> {
  buildHub(options.root);
  const count = options.instances ?? 2;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`instances must be ≥ 1 (got ${count})`);
  const secrets = newSecrets();
  const dir = mkdtempSync(join(tmpdir(), 'photoflow-scaled-'));
  const started: LeashedServer[] = [];
  let redis: LeashedServer | null = null;
  const redisPort = await freePort();
  const backendPort = options.ports?.backend || (await freePort());
  const balancerPort = options.ports?.balancer || (await freePort());
  const instances: HubInstance[] = [];
  for (let i = 1; i <= count; i++) {
    const port = await freePort();
    instances.push({ name: `hub${i}`, port, url: `http://127.0.0.1:${port}`, server: null });
  }
  const echo = (label: string, server: LeashedServer): LeashedServer => {
    if (options.echo) {
      const print = (chunk: string) =>
        process.stdout.write(
          chunk
            .split('\n')
            .filter(Boolean)
            .map((line) => `[${label}] ${line}\n`)
            .join(''),
        );
      print(server.output());
      server.child.stdout?.on('data', print);
      server.child.stderr?.on('data', print);
    }
    return server;
  };

  const startRedis = async (): Promise<void> => {
    redis = echo(
      'redis',
      await startLeashedServer({
        root: options.root,
        node: options.node,
        label: 'redis-server',
        command: 'redis-server',
        // Nothing on disk: no RDB snapshots, no append-only file; a restart starts empty.
        args: [
          '--port',
          String(redisPort),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--loglevel',
          'warning',
        ],
        env: process.env,
        probe: { url: `redis://127.0.0.1:${redisPort}`, ready: () => redisPing(redisPort) },
      }),
    );
  };
  const stopRedis = async (): Promise<void> => {
    await redis?.stop('SIGKILL');
    redis = null;
  };

  const close = async (): Promise<void> => {
    for (const server of started.reverse()) await server.stop();
    for (const instance of instances) await instance.server?.stop();
    await stopRedis();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await startRedis();
    const corsOrigins = options.corsOrigins ?? [];
    await Promise.all(
      instances.map(async (instance) => {
        instance.server = echo(
          instance.name,
          await startHub({
            root: options.root,
            node: options.node,
            secrets,
            apiUrl: `http://127.0.0.1:${backendPort}`,
            port: instance.port,
            corsOrigins,
            env: {
              REDIS_CONNECTION: `127.0.0.1:${redisPort}`,
              HUB_INSTANCE: instance.name,
            },
          }),
        );
      }),
    );

    const balancer = echo(
      'haproxy',
      await startBalancer({
        root: options.root,
        node: options.node,
        dir,
        port: balancerPort,
        instances,
        log: options.balancerLog,
      }),
    );
    started.push(balancer);
    // HAProxy starts with every server up; wait for its first checks to agree.
    await waitUntil(
      async () => (await instancesUp(balancer.url, instances.length)) === instances.length,
      15_000,
    );

    const publishedTo = instances[0] as HubInstance;
    const backend = echo(
      'server',
      await startPublishingBackend({
        root: options.root,
        node: options.node,
        secrets,
        // Every instance, the first in use: losing it costs a retry, not the events.
        hubUrl: instances.map((instance) => instance.url).join(','),
        port: backendPort,
        dataDir: join(dir, 'data'),
        env: options.backendEnv,
      }),
    );
    started.push(backend);

    return {
      secrets,
      backend,
      instances,
      balancerUrl: balancer.url,
      hubUrl: `${balancer.url}${hubPath}`,
      balancerLog: () =>
        balancer
          .output()
          .split('\n')
          .filter((line) => line.startsWith('at=')),
      redisPort,
      publishedTo,
      async kill(name) {
        const instance = instances.find((candidate) => candidate.name === name);
        if (!instance) throw new Error(`No instance ${name}`);
        await instance.server?.stop('SIGKILL');
        instance.server = null;
      },
      async cutAll() {
        for (const instance of instances) {
          if (!instance.server) continue;
          const response = await fetch(`${instance.url}/internal/disconnect-all`, {
            method: 'POST',
            headers: { 'X-Hub-Publish-Key': secrets.publishKey },
          });
          if (!response.ok)
            throw new Error(`disconnect-all on ${instance.name}: ${response.status}`);
        }
      },
      async restartRedis(downMs = 0) {
        await stopRedis();
        if (downMs > 0) await new Promise((done) => setTimeout(done, downMs));
        await startRedis();
      },
      stopRedis,
      startRedis,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * HAProxy with `haproxyConfig()` in front of `instances`, its configuration written in
 * `dir`; ready once it answers its monitor URI (its checks may not have run yet).
 */
export async function startBalancer(options: {
  readonly root: string;
  readonly node?: string;
  readonly dir: string;
  readonly port: number;
  readonly instances: readonly { readonly name: string; readonly port: number }[];
  readonly log?: boolean;
}): Promise<LeashedServer> {
  const config = join(options.dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig(options.port, options.instances, { log: options.log }));
  const url = `http://127.0.0.1:${options.port}`;
  return startLeashedServer({
    root: options.root,
    node: options.node,
    label: 'haproxy',
    command: haproxyCommand(),
    args: ['-db', '-f', config],
    env: process.env,
    probe: {
      url,
      ready: () =>
        fetch(`${url}/lb-health`).then(
          (response) => response.ok,
          () => false,
        ),
    },
  });
}

/** True when Redis on that port answers PING. */
export function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
