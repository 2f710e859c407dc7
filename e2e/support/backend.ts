import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AspNetCoreHub, onAspNetCoreHub } from './aspnetcore';
import { freePort } from './ports';
import { nodeBinary, startLeashed, type Leashed } from './processes';

export interface BackendOptions {
  /** Photos per second of a sync: fast enough for tests, slow enough to watch a bar rise. */
  readonly syncPhotosPerSecond?: number;
  readonly accessTokenTtlSeconds?: number;
  /** The app's origin, allowed by the ASP.NET Core hub's CORS policy (E2E_HUB=aspnetcore). */
  readonly appOrigin?: string;
  /** Which hub serves the app: the backend's own, or the ASP.NET Core hub (default: E2E_HUB). */
  readonly hub?: 'own' | 'aspnetcore';
  /**
   * The origin its absolute URLs (thumbnails) name (`PUBLIC_ORIGIN`; default: its own). A
   * deployment that serves the API on the app's origin sets the app's, as the README's does.
   */
  readonly publicOrigin?: string;
}

/**
 * The dev backend (`node server/main.ts`) on a free 127.0.0.1 port with its own data; it
 * can be stopped and started again on the same port and data (the e2e suite's restart
 * mid-sync, the benchmark's figure 8).
 */
export class Backend {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'photoflow-e2e-'));
  private process?: Leashed;
  private constructor(
    readonly port: number,
    private readonly options: BackendOptions,
    /** E2E_HUB=aspnetcore: the hub it publishes to, restarted with it. */
    readonly hub?: AspNetCoreHub,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The leash process's id (the backend runs as its child). */
  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  /** Where the app's hub is: the dev backend's own (proxied), or the ASP.NET Core hub. */
  get hubUrl(): string | undefined {
    return this.hub && `${this.hub.url}/hubs/notification`;
  }

  static async start(options: BackendOptions = {}): Promise<Backend> {
    const port = await freePort();
    const onAspNetCore =
      (options.hub ?? (onAspNetCoreHub() ? 'aspnetcore' : 'own')) === 'aspnetcore';
    const hub = onAspNetCore ? new AspNetCoreHub(await freePort(), port) : undefined;
    const backend = new Backend(port, options, hub);
    await backend.startAgain();
    return backend;
  }

  /** Starts it (again) and resolves once GET /health answers 200, with that moment (Date.now()). */
  async startAgain(): Promise<number> {
    await this.hub?.start(this.options.appOrigin ? [this.options.appOrigin] : []);
    this.process = startLeashed(nodeBinary(), ['server/main.ts'], {
      label: `backend:${this.port}`,
      env: {
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SYNC_PHOTOS_PER_SECOND: String(this.options.syncPhotosPerSecond ?? 400),
        ACCESS_TOKEN_TTL_SECONDS: String(this.options.accessTokenTtlSeconds ?? 3600),
        PHOTOFLOW_MODE: 'dev',
        ...(this.options.publicOrigin && { PUBLIC_ORIGIN: this.options.publicOrigin }),
        ...this.hub?.backendEnvironment(),
      },
    });
    return this.waitUntilReady();
  }

  /** Kills the backend abruptly (as a crash would) and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.process?.stop('SIGKILL');
    // PhotoFlow's hub is part of its backend: a restart takes both down.
    await this.hub?.stop('SIGKILL');
    await this.startAgain();
  }

  /** Stops it (SIGTERM, as `docker stop` would), keeping its data for `startAgain()`. */
  async stopKeepingData(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
    await this.hub?.stop();
  }

  async stop(): Promise<void> {
    await this.stopKeepingData();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Polls GET /health every 20 ms: the moment it answers is a measured figure's start (bench figure 8). */
  private async waitUntilReady(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const exitCode = this.process?.child.exitCode;
      if (exitCode !== null && exitCode !== undefined)
        throw new Error(`The dev backend exited during start (code ${exitCode}).`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return Date.now();
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`The dev backend did not answer GET /health within ${timeoutMs} ms.`);
  }
}
