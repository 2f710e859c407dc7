/**
 * The PhotoFlow dev backend: `node server/main.ts` (Node 24).
 *
 * PORT (5080), HOST (127.0.0.1), DATA_DIR (server/.data), SYNC_PHOTOS_PER_SECOND (150),
 * ACCESS_TOKEN_TTL_SECONDS (3600), JWT_CLOCK_SKEW_SECONDS (300, the hub's only),
 * PHOTOFLOW_MODE (dev | production, default production: only dev turns on the dev tools,
 * the Dev provider and the emulated Google), PUBLIC_ORIGIN, CORS_ORIGINS, OAUTH_REDIRECT_URIS,
 * SIGN_IN_FAILURES_PER_EMAIL / _PER_ADDRESS / SIGN_IN_FAILURE_WINDOW_SECONDS, JWT_SIGNING_KEY / JWT_ISSUER / JWT_AUDIENCE (tokens), HUB_PUBLISH_URL + HUB_PUBLISH_KEY
 * (send hub events to the ASP.NET Core hub instead of our own).
 */
import { join } from 'node:path';
import { createServer } from './src/app.ts';
import { ConfigError, configFromEnvironment } from './src/config.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = configFromEnvironment(process.env, join(import.meta.dirname, '.data'));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const backend = await createServer(config);
  console.log(
    `PhotoFlow dev backend listening on ${backend.url} (data in ${config.dataDir}, ${config.mode} mode: ${config.mode === 'dev' ? 'dev tools, Dev provider and emulated Google sign-in on' : 'no dev tools, no Dev provider, no emulated Google sign-in'})`,
  );
  if (backend.hubEventsTo !== 'own hub') {
    console.log(`Hub events are published to the ASP.NET Core hub at ${backend.hubEventsTo}.`);
  }
  if (backend.interruptedSyncs > 0) {
    console.log(
      `${backend.interruptedSyncs} sync(s) interrupted by the last stop were marked failed.`,
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    const forced = setTimeout(() => process.exit(1), 5000);
    forced.unref();
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Could not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(
      `The port is already in use: ${(error as Error).message}. Set PORT to another port.`,
    );
  } else {
    console.error('The dev backend could not start:', error);
  }
  process.exit(1);
});
