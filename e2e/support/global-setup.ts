import type { FullConfig } from '@playwright/test';
import { buildAspNetCoreHub, onAspNetCoreHub } from './aspnetcore';
import { buildApp, startStack } from './stack';

/**
 * Builds the app once, starts the suite's shared dev backend and app server, and hands
 * their addresses to the workers through the environment. The returned function is the
 * global teardown: it stops both (the leash stops the backend even if we crash).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (onAspNetCoreHub()) buildAspNetCoreHub();
  buildApp();
  const stack = await startStack();
  process.env['E2E_APP_URL'] = stack.appUrl;
  process.env['E2E_BACKEND_URL'] = stack.backend.url;
  return () => stack.stop();
}
