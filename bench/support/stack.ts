import { AppServer } from '../../e2e/support/app-server';
import { Backend } from '../../e2e/support/backend';
import { repoRoot } from '../../e2e/support/processes';
import { startStack } from '../../e2e/support/stack';
import { buildHub } from '../../server/tools/aspnetcore-hub';
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

/** Which hub serves the app: the dev backend's own, or the ASP.NET Core hub it publishes to. */
export type HubKind = 'ours' | 'aspnetcore';

/** A dev backend on `hub` and the benchmark build in front of it (issue 20's figures). */
export interface HubStack {
  readonly hub: HubKind;
  readonly backend: Backend;
  readonly appUrl: string;
  /** The hub as a Node client reaches it (the backend's own, or the ASP.NET Core hub). */
  readonly hubUrl: string;
  stop(): Promise<void>;
}

/**
 * The benchmark build served in front of a dev backend; on the ASP.NET Core hub the app
 * talks to that hub on its own origin (named in index.html, as the e2e suite does), the
 * hub's CORS policy naming the app's origin, and every event goes through the hub's
 * publish endpoint.
 */
export async function startHubStack(hub: HubKind): Promise<HubStack> {
  if (hub === 'aspnetcore') buildHub(repoRoot);
  const stack = await startStack(
    { syncPhotosPerSecond: 150, hub: hub === 'aspnetcore' ? 'aspnetcore' : 'own' },
    appDist,
  );
  return {
    ...stack,
    hub,
    hubUrl: stack.backend.hubUrl ?? `${stack.backend.url}/hubs/notification`,
  };
}
