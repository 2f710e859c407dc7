import type { FullConfig } from '@playwright/test';
import { buildAspNetCoreHub } from './aspnetcore';
import { buildApp } from './stack';

/**
 * `npm run test:e2e:scaled`: builds the hub and the app (the `aspnetcore` build, which finds
 * its hub, here the load balancer, in a meta tag) once; each spec starts a scaled site of
 * its own (support/scaled.ts), since the specs kill instances and restart Redis.
 */
export default function scaledSetup(_config: FullConfig): void {
  buildAspNetCoreHub();
  buildApp();
}
