import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppServer } from '../../e2e/support/app-server';
import { freePort } from '../../e2e/support/ports';
import { nodeBinary, startLeashed, type Leashed } from '../../e2e/support/processes';
import { appDist, baselineDist, naiveAppDist } from './paths';

/**
 * The dev backend as a child process on 127.0.0.1, a free port and a temporary
 * DATA_DIR; it can be stopped and started again on the same port and data (figure 8).
 */
export class BenchBackend {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'photoflow-bench-'));
  private process?: Leashed;
  private constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The leash process's id (the backend runs as its child). */
  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  static async start(): Promise<BenchBackend> {
    const backend = new BenchBackend(await freePort());
    await backend.startAgain();
    return backend;
  }

  /** Starts it (again) and resolves once GET /health answers 200, with that moment. */
  async startAgain(): Promise<number> {
    this.process = startLeashed(nodeBinary(), ['server/main.ts'], {
      label: `bench-backend:${this.port}`,
      env: {
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        SYNC_PHOTOS_PER_SECOND: '150',
        NODE_ENV: 'development',
      },
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const child = this.process.child;
      if (child.exitCode !== null)
        throw new Error(`The dev backend exited during start (code ${child.exitCode}).`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return Date.now();
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error('The dev backend did not answer GET /health within 30 s.');
  }

  /** Stops it (SIGTERM, as `docker stop` would), keeping its data. */
  async stopNow(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  async dispose(): Promise<void> {
    await this.stopNow();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface BenchStack {
  readonly backend: BenchBackend;
  /** The benchmark build of the app, proxying the backend's paths (as `ng serve` does). */
  readonly appUrl: string;
  /** The naive baseline, the same way. */
  readonly baselineUrl: string;
  /** The app with the documented pattern, the same way. */
  readonly naiveAppUrl: string;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const backend = await BenchBackend.start();
  const servers: AppServer[] = [];
  try {
    servers.push(await AppServer.start(appDist, () => backend.port));
    servers.push(await AppServer.start(baselineDist, () => backend.port));
    servers.push(await AppServer.start(naiveAppDist, () => backend.port));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await backend.dispose();
    throw error;
  }
  return {
    backend,
    appUrl: servers[0].url,
    baselineUrl: servers[1].url,
    naiveAppUrl: servers[2].url,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await backend.dispose();
    },
  };
}
