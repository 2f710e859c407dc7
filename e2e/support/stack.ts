import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppServer } from './app-server';
import { onAspNetCoreHub } from './aspnetcore';
import { Backend, type BackendOptions } from './backend';
import { freePort } from './ports';
import { repoRoot, nodeBinary, runToCompletion } from './processes';

/** E2E_HUB=aspnetcore builds the `aspnetcore` configuration (hub on its own origin). */
const configuration = onAspNetCoreHub() ? 'aspnetcore' : 'local';
const outputPath = onAspNetCoreHub() ? 'dist/e2e-aspnetcore' : 'dist/e2e';
export const appDist = join(repoRoot, outputPath, 'browser');

/** Builds the app once for the suite, unless the build is up to date. */
export function buildApp(): void {
  const index = join(appDist, 'en', 'index.html');
  if (existsSync(index) && !process.env['E2E_REBUILD']) {
    const built = statSync(index).mtimeMs;
    const sources = [
      'src',
      'environments',
      'public',
      'angular.json',
      'tsconfig.json',
      'tsconfig.app.json',
      'package-lock.json',
    ];
    if (sources.every((path) => newestMtime(join(repoRoot, path)) < built)) return;
  }
  const ng = join(repoRoot, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  runToCompletion(
    nodeBinary(),
    [
      ng,
      'build',
      '--configuration',
      configuration,
      '--output-path',
      outputPath,
      // Both languages, each under its own prefix (/en/, /vi/), as production ships them.
      '--localize',
      '--progress=false',
    ],
    'ng build (e2e)',
  );
}

export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

/** One dev backend and the app served in front of it, on free 127.0.0.1 ports. */
export interface Stack {
  readonly appUrl: string;
  readonly backend: Backend;
  stop(): Promise<void>;
}

/** `root`: the build served (the e2e suite's; the benchmark serves its own). */
export async function startStack(options: BackendOptions = {}, root = appDist): Promise<Stack> {
  // Chosen first: the ASP.NET Core hub's CORS policy names the app's origin.
  const appPort = await freePort();
  const backend = await Backend.start({ appOrigin: `http://127.0.0.1:${appPort}`, ...options });
  try {
    const app = await AppServer.start(root, () => backend.port, {
      port: appPort,
      hubUrl: () => backend.hubUrl,
    });
    return {
      appUrl: app.url,
      backend,
      async stop() {
        await app.stop();
        await backend.stop();
      },
    };
  } catch (error) {
    await backend.stop();
    throw error;
  }
}
