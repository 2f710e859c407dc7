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

/** The dev backend (`node server/main.ts`) on a free 127.0.0.1 port with its own data. */
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

  static async start(options: BackendOptions = {}): Promise<Backend> {
    const backend = new Backend(await freePort(), options);
    await backend.launch();
    return backend;
  }

  private async launch(): Promise<void> {
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
    await this.waitUntilReady();
  }

  /** Kills the backend abruptly (as a crash would) and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.process?.stop('SIGKILL');
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process?.child.exitCode !== null && this.process?.child.exitCode !== undefined) {
        throw new Error(
          `The dev backend exited during start (code ${this.process.child.exitCode}).`,
        );
      }
      try {
        const response = await fetch(`${this.url}/health`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 150));
    }
    throw new Error(`The dev backend did not answer GET /health within ${timeoutMs} ms.`);
  }
}
