import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './stack';
import { nodeBinary, repoRoot, runToCompletion } from './processes';

/**
 * The production build under its Content Security Policy, sent as a header as README's
 * nginx snippet does: scripts from our origin's files, and the build's few inline scripts
 * by their hashes (server/tools/script-hashes.ts reads them from the built pages).
 * Angular's `security.autoCsp` (a meta policy with the hash of an inline loader) cannot be
 * combined with prerendering: the build refuses both at once.
 */
export const cspBuild = join(repoRoot, 'dist', 'e2e-csp');
export const cspDist = join(cspBuild, 'browser');

/**
 * Builds `production-local` (production's build and CSP, the local environment), with its
 * stats (`browser-stats.json`: which sources went into which chunk), unless up to date.
 */
export function buildProductionApp(): void {
  const index = join(cspDist, 'index.html');
  const stats = join(cspBuild, 'browser-stats.json');
  if (existsSync(index) && existsSync(stats) && !process.env['E2E_REBUILD']) {
    const built = statSync(index).mtimeMs;
    const sources = ['src', 'environments', 'public', 'angular.json', 'package-lock.json'];
    if (sources.every((path) => newestMtime(join(repoRoot, path)) < built)) return;
  }
  const ng = join(repoRoot, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  runToCompletion(
    nodeBinary(),
    [
      ng,
      'build',
      '--configuration',
      'production-local',
      '--output-path',
      'dist/e2e-csp',
      '--progress=false',
      '--stats-json',
    ],
    'ng build (production, CSP)',
  );
}

export interface PolicySources {
  /** Where the app calls: its environment's API and hub origins ('self' when proxied). */
  readonly connect: readonly string[];
  /** Where thumbnails come from (the API's public origin). */
  readonly images: readonly string[];
  /** The hashes of the build's inline scripts (server/tools/script-hashes.ts). */
  readonly scripts: readonly string[];
}

/**
 * The header policy: scripts only from our origin (and the hashed inline ones), styles from
 * our origin plus inline (Angular and Material add component styles as <style>
 * elements at run time; nonces would need a server templating each page), no plugins,
 * no framing, no foreign form targets or base URL.
 */
export function contentSecurityPolicy(sources: PolicySources): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${sources.scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${sources.images.join(' ')}`,
    "font-src 'self'",
    `connect-src 'self' ${sources.connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]
    .map((directive) => directive.trim())
    .join('; ');
}

/** The headers README asks a deployment to send with the app, the policy among them. */
export function securityHeaders(policy: string): Record<string, string> {
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** A built page: `index.html` (the app shell) or a prerendered one (`login/index.html`). */
export function readPage(page = 'index.html', dist: string = cspDist): string {
  return readFileSync(join(dist, page), 'utf8');
}
