import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { nodeBinary, startLeashed, type Leashed } from './processes';

export interface BackendOptions {
  /** Photos per second of a sync: fast enough for tests, slow enough to watch a bar rise. */
  readonly syncPhotosPerSecond?: number;
  readonly accessTokenTtlSeconds?: number;
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
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The leash process's id (the backend runs as its child). */
  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  static async start(options: BackendOptions = {}): Promise<Backend> {
    const backend = new Backend(await freePort(), options);
    await backend.startAgain();
    return backend;
  }

  /** Starts it (again) and resolves once GET /health answers 200, with that moment (Date.now()). */
  async startAgain(): Promise<number> {
    this.process = startLeashed(nodeBinary(), ['server/main.ts'], {
      label: `backend:${this.port}`,
      env: {
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SYNC_PHOTOS_PER_SECOND: String(this.options.syncPhotosPerSecond ?? 400),
        ACCESS_TOKEN_TTL_SECONDS: String(this.options.accessTokenTtlSeconds ?? 3600),
        NODE_ENV: 'development',
      },
    });
    return this.waitUntilReady();
  }

  /** Kills the backend abruptly (as a crash would) and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.process?.stop('SIGKILL');
    await this.startAgain();
  }

  /** Stops it (SIGTERM, as `docker stop` would), keeping its data for `startAgain()`. */
  async stopKeepingData(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
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
