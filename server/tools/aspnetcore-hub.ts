/**
 * The ASP.NET Core hub (`aspnetcore-hub/`) for tests and local runs: build it once, start
 * it beside a dev backend that publishes to it, stop both. Used by the server tests, the
 * e2e suite and `npm run start:aspnetcore`; only `node:` imports (and erased type imports)
 * and no `import.meta`, so that both Node ESM and Playwright load it; callers pass the
 * repository root.
 *
 * Every process runs on e2e/support/leash.mts: if the test process dies in any way, the
 * leash's stdin closes and it takes its command down, so nothing is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishedEvent } from '../src/photoflow/hub-publisher.ts';

export const hubPath = '/hubs/notification';

/** True when the .NET SDK is on PATH. */
export function dotnetAvailable(): boolean {
  const result = spawnSync('dotnet', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0;
}

/** The built hub, `aspnetcore-hub/bin/Release/net10.0/PhotoFlow.Hub.dll` (ignored by git). */
export function hubAssembly(root: string): string {
  return join(root, 'aspnetcore-hub', 'bin', 'Release', 'net10.0', 'PhotoFlow.Hub.dll');
}

/**
 * Builds the hub (Release, warnings are errors) unless the assembly is newer than every
 * source file, so that a run with nothing changed costs no `dotnet build`.
 */
export function buildHub(root: string): string {
  const project = join(root, 'aspnetcore-hub');
  const assembly = hubAssembly(root);
  if (existsSync(assembly) && newestSource(project) < statSync(assembly).mtimeMs) return assembly;
  const result = spawnSync(
    'dotnet',
    ['build', project, '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:NoSummary'],
    { encoding: 'utf8', timeout: 8 * 60_000, env: dotnetEnvironment() },
  );
  if (result.status !== 0) {
    throw new Error(
      `dotnet build of aspnetcore-hub failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return assembly;
}

function newestSource(folder: string): number {
  let newest = 0;
  for (const name of readdirSync(folder)) {
    if (name === 'bin' || name === 'obj') continue;
    const path = join(folder, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

function dotnetEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
}

/** A port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A process started on the leash, ready once its start line and GET /health say so. */
export interface LeashedServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 5 s); resolves once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface LeashedServerOptions {
  readonly root: string;
  /** The Node binary that runs the leash (Node ≥ 22.18, which runs .mts as is). */
  readonly node?: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Matches the start line; group 1 is the URL it listens on. */
  readonly listening?: RegExp;
  /** For a server without GET /health (Redis, HAProxy): its address, and when it is ready. */
  readonly probe?: { readonly url: string; ready(): Promise<boolean> };
  readonly label: string;
  readonly timeoutMs?: number;
}

export async function startLeashedServer(options: LeashedServerOptions): Promise<LeashedServer> {
  const child = spawn(
    options.node ?? process.execPath,
    [join(options.root, 'e2e', 'support', 'leash.mts'), options.command, ...options.args],
    { cwd: options.root, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (gone()) return;
    const killGroup = (s: NodeJS.Signals): void => {
      try {
        process.kill(-(child.pid as number), s);
      } catch {
        // Already gone.
      }
    };
    killGroup(signal);
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // the leash may exit a moment before its command
  };

  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (Date.now() < deadline) {
      if (gone()) throw new Error(`${options.label} exited during start:\n${output}`);
      const url = options.probe?.url ?? options.listening?.exec(output)?.[1];
      if (url) {
        const healthy = options.probe
          ? await options.probe.ready()
          : await fetch(`${url}/health`).then(
              (response) => response.ok,
              () => false,
            );
        if (healthy) return { url, child, output: () => output, stop };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${options.label} did not answer GET /health in time:\n${output}`);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}

/** The secrets both sides share: the dev backend signs with the key, the hub checks with it. */
export interface SharedSecrets {
  readonly signingKey: string;
  readonly issuer: string;
  readonly audience: string;
  readonly publishKey: string;
}

export function newSecrets(): SharedSecrets {
  return {
    signingKey: randomBytes(32).toString('base64url'),
    issuer: 'photoflow-dev-backend',
    audience: 'photoflow',
    publishKey: randomBytes(24).toString('base64url'),
  };
}

export interface HubOptions {
  readonly root: string;
  readonly node?: string;
  readonly secrets: SharedSecrets;
  /** The dev backend's origin (its REST API answers JoinAlbumGroup's question). */
  readonly apiUrl: string;
  /** 0 (default): a free port, read from the start line. */
  readonly port?: number;
  /** Origins allowed by CORS (the app's). */
  readonly corsOrigins?: readonly string[];
  /** JwtBearer's clock skew; default 0, so that an expired token fails at once. */
  readonly clockSkewSeconds?: number;
  /** More settings (REDIS_CONNECTION, HUB_INSTANCE, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** The hub's assembly, if not this checkout's build (`hubAssembly`): an A/B measurement. */
  readonly assembly?: string;
}

/** Starts the built hub (`buildHub` first) on 127.0.0.1. */
export function startHub(options: HubOptions): Promise<LeashedServer> {
  const { secrets } = options;
  return startLeashedServer({
    root: options.root,
    node: options.node,
    command: 'dotnet',
    args: [options.assembly ?? hubAssembly(options.root), '--urls', `http://127.0.0.1:${options.port ?? 0}`],
    env: {
      ...dotnetEnvironment(),
      JWT_SIGNING_KEY: secrets.signingKey,
      JWT_ISSUER: secrets.issuer,
      JWT_AUDIENCE: secrets.audience,
      JWT_CLOCK_SKEW_SECONDS: String(options.clockSkewSeconds ?? 0),
      PHOTOFLOW_API_URL: options.apiUrl,
      HUB_PUBLISH_KEY: secrets.publishKey,
      CORS_ORIGINS: (options.corsOrigins ?? []).join(','),
      ...options.env,
    },
    label: options.env?.['HUB_INSTANCE'] ? `hub ${options.env['HUB_INSTANCE']}` : 'ASP.NET Core hub',
    listening: /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/,
  });
}

export interface BackendOptions {
  readonly root: string;
  readonly node?: string;
  readonly secrets: SharedSecrets;
  readonly hubUrl: string;
  readonly port?: number;
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `node server/main.ts` publishing its hub events to the ASP.NET Core hub. */
export function startPublishingBackend(options: BackendOptions): Promise<LeashedServer> {
  const { secrets } = options;
  return startLeashedServer({
    root: options.root,
    node: options.node,
    label: 'dev backend',
    command: options.node ?? process.execPath,
    args: ['server/main.ts'],
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      PHOTOFLOW_MODE: 'dev',
      JWT_SIGNING_KEY: secrets.signingKey,
      JWT_ISSUER: secrets.issuer,
      JWT_AUDIENCE: secrets.audience,
      HUB_PUBLISH_URL: options.hubUrl,
      HUB_PUBLISH_KEY: secrets.publishKey,
      ...options.env,
    },
    listening: /listening on (http:\/\/[^\s]+)/,
  });
}

/**
 * Posts one batch to an ASP.NET Core hub instance's publish endpoint, as the dev
 * backend's publisher does: with the shared key and the batch's id (a fresh one unless
 * given; the same id twice is a retry, delivered once). Answers the hub's response.
 */
export function publishBatch(
  hubUrl: string,
  secrets: Pick<SharedSecrets, 'publishKey'>,
  events: readonly PublishedEvent[],
  batchId: string = randomUUID(),
): Promise<Response> {
  return fetch(`${hubUrl}/internal/publish`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Hub-Publish-Key': secrets.publishKey,
      'X-Hub-Batch-Id': batchId,
    },
    body: JSON.stringify(events),
  });
}

export interface AspNetCoreStack {
  readonly secrets: SharedSecrets;
  readonly hub: LeashedServer;
  readonly backend: LeashedServer;
  /** `hub.url` + the hub path: what a client connects to. */
  readonly hubUrl: string;
  close(): Promise<void>;
}

export interface StackOptions {
  readonly root: string;
  readonly node?: string;
  /** Extra dev backend environment (SYNC_PHOTOS_PER_SECOND, ACCESS_TOKEN_TTL_SECONDS, …). */
  readonly backendEnv?: Readonly<Record<string, string>>;
  readonly corsOrigins?: readonly string[];
  readonly clockSkewSeconds?: number;
}

/**
 * Builds the hub if needed, then starts it and a dev backend (own temporary data) that
 * publishes to it, on free ports. The hub starts first on a port of its choosing; the
 * backend's port is chosen before, since the hub must know where the REST API is.
 */
export async function startAspNetCoreStack(options: StackOptions): Promise<AspNetCoreStack> {
  buildHub(options.root);
  const secrets = newSecrets();
  const backendPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'photoflow-aspnetcore-'));
  const started: LeashedServer[] = [];
  const close = async (): Promise<void> => {
    for (const server of started.reverse()) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const hub = await startHub({
      root: options.root,
      node: options.node,
      secrets,
      apiUrl: `http://127.0.0.1:${backendPort}`,
      corsOrigins: options.corsOrigins,
      clockSkewSeconds: options.clockSkewSeconds,
    });
    started.push(hub);
    const backend = await startPublishingBackend({
      root: options.root,
      node: options.node,
      secrets,
      hubUrl: hub.url,
      port: backendPort,
      dataDir,
      env: options.backendEnv,
    });
    started.push(backend);
    return { secrets, hub, backend, hubUrl: `${hub.url}${hubPath}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}
