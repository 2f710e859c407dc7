import { AppServer } from '../../e2e/support/app-server';
import { Backend } from '../../e2e/support/backend';
import { appDist, baselineDist, naiveAppDist } from './paths';

export interface BenchStack {
  /** The e2e suite's dev backend, which can be stopped and started again on the same port and data (figure 8). */
  readonly backend: Backend;
  /** The benchmark build of the app, proxying the backend's paths (as `ng serve` does). */
  readonly appUrl: string;
  /** The naive baseline, the same way. */
  readonly baselineUrl: string;
  /** The app with the documented pattern, the same way. */
  readonly naiveAppUrl: string;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const backend = await Backend.start({ syncPhotosPerSecond: 150 });
  const servers: AppServer[] = [];
  try {
    servers.push(await AppServer.start(appDist, () => backend.port));
    servers.push(await AppServer.start(baselineDist, () => backend.port));
    servers.push(await AppServer.start(naiveAppDist, () => backend.port));
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await backend.stop();
    throw error;
  }
  return {
    backend,
    appUrl: servers[0].url,
    baselineUrl: servers[1].url,
    naiveAppUrl: servers[2].url,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      await backend.stop();
    },
  };
}
