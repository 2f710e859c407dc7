import { AppServer } from '../../e2e/support/app-server';
import { freePort } from '../../e2e/support/ports';
import { nodeBinary, repoRoot } from '../../e2e/support/processes';
import { startScaledStack, type ScaledStack } from '../../server/tools/scaled-stack.ts';
import { scaledAppDist } from './paths';

/** The hub scaled out (two instances, Redis, HAProxy) with the `scaled` build of the app on it. */
export interface ScaledBench {
  readonly stack: ScaledStack;
  readonly appUrl: string;
  stop(): Promise<void>;
}

export async function startScaledBench(): Promise<ScaledBench> {
  const appPort = await freePort();
  const stack = await startScaledStack({
    root: repoRoot,
    node: nodeBinary(),
    corsOrigins: [`http://127.0.0.1:${appPort}`],
    // Figure 19 reads when HAProxy took and answered the hub requests after a kill.
    balancerLog: true,
  });
  try {
    const backendPort = Number(new URL(stack.backend.url).port);
    const app = await AppServer.start(scaledAppDist, () => backendPort, {
      port: appPort,
      hubUrl: () => stack.hubUrl,
    });
    return {
      stack,
      appUrl: app.url,
      async stop() {
        await app.stop();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
