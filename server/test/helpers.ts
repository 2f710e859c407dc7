/**
 * Test helpers: start the dev backend in-process or as a child process, sign in, call
 * the API. Shared by every server test (and the end-to-end set-up).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Backend } from '../src/app.ts';
import type { BackendConfig } from '../src/config.ts';
import type { AlbumEvent } from '../src/photoflow/events.ts';

export { seedAlbumIds, seedDriveFolderIds, seedUsers } from '../src/photoflow/seed.ts';

/** The repository root (where `node server/main.ts` runs). */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export const devPassword = 'photoflow';
export const users = {
  /** Studio An, org_admin */
  an: 'an@photoflow.test',
  /** Studio An, photographer */
  chi: 'chi@photoflow.test',
  /** Binh Photo, org_admin */
  binh: 'binh@photoflow.test',
} as const;

export interface StartOptions {
  /** Defaults to a fresh temporary folder, removed on close. */
  readonly dataDir?: string;
  /** Default 2000 (fast; a sync of 50 photos takes 25 ms). */
  readonly syncPhotosPerSecond?: number;
  readonly accessTokenTtlSeconds?: number;
  /** Dev mode (default true): dev tools, the Dev provider, the emulated Google. */
  readonly devTools?: boolean;
  /** Other settings of BackendConfig (origins, limits). */
  readonly config?: Partial<BackendConfig>;
  /** Request log lines (default: none). */
  readonly log?: ((line: string) => void) | null;
  readonly hub?: BackendConfig['hub'];
}

const ignore = (): void => undefined;
/** The hub's own warnings are noise in tests that provoke them on purpose. */
const quietHubLogger = { debug: ignore, warn: ignore, error: ignore };

export interface TestBackend extends Backend {
  readonly dataDir: string;
}

/** Starts the backend in this process on 127.0.0.1, a free port and its own data folder. */
export async function startBackend(options: StartOptions = {}): Promise<TestBackend> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'photoflow-test-')));
  const backend = await createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    syncPhotosPerSecond: options.syncPhotosPerSecond ?? 2000,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    mode: options.devTools === false ? 'production' : 'dev',
    log: options.log ?? null,
    hub: options.hub ?? { logger: quietHubLogger },
    ...options.config,
  });
  return {
    ...backend,
    dataDir,
    async close() {
      await backend.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BackendProcessOptions {
  /** Defaults to a fresh temporary folder, removed on close (pass your own to restart on it). */
  readonly dataDir?: string;
  /** Extra environment (PORT defaults to 0, a free port). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for /health (default 20 s). */
  readonly startTimeoutMs?: number;
}

export interface BackendProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after 5 s. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  close(): Promise<void>;
}

/** Starts `node server/main.ts` as a child process and waits for GET /health. */
export async function startBackendProcess(
  options: BackendProcessOptions = {},
): Promise<BackendProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'photoflow-process-')));
  const removeOwnDir = async (): Promise<void> => {
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };
  const child = spawn(process.execPath, ['server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PHOTOFLOW_MODE: 'dev',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
    let url: string | undefined;
    while (Date.now() < deadline) {
      url ??= /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
      if (child.exitCode !== null) throw new Error(`The backend exited:\n${output}`);
      if (url) {
        const healthy = await fetch(`${url}/health`).then(
          (response) => response.ok,
          () => false,
        );
        if (healthy) {
          const close = async (): Promise<void> => {
            await stop();
            await removeOwnDir();
          };
          return { url, dataDir, child, output: () => output, stop, close };
        }
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    throw new Error(`The backend did not answer /health in time:\n${output}`);
  } catch (error) {
    await stop('SIGKILL');
    await removeOwnDir();
    throw error;
  }
}

// Response bodies are JSON the tests check field by field, hence `any` by default.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Calls the backend; JSON in, JSON (or text) out. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text)
    parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Signs in with the Dev provider. */
export async function login(
  baseUrl: string,
  email: string,
  password = devPassword,
): Promise<Tokens> {
  const response = await call<Tokens>(baseUrl, 'POST', '/api/v1/auth/login', {
    body: { provider: 'Dev', email, password },
  });
  if (response.status !== 200) throw new Error(`Login of ${email} failed: ${response.status}`);
  return response.body;
}

/** Collects an album's events from an in-process backend. */
export function recordEvents(
  backend: Backend,
  albumId?: string,
): { events: AlbumEvent[]; stop(): void } {
  const events: AlbumEvent[] = [];
  const stop = backend.events.subscribe((eventAlbumId, event) => {
    if (!albumId || eventAlbumId === albumId) events.push(event);
  });
  return { events, stop };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/** Waits until the album has no running sync; returns the album. */
export async function waitForSyncEnd(
  baseUrl: string,
  token: string,
  albumId: string,
  timeoutMs = 20_000,
): Promise<any> {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  return eventually(
    async () => {
      const album = await call(baseUrl, 'GET', `/api/v1/albums/${albumId}`, { token });
      return album.status === 200 && album.body.sync === null ? album.body : undefined;
    },
    timeoutMs,
    `the sync of album ${albumId} to end`,
  );
}
