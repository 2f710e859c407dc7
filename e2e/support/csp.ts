import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './stack';
import { nodeBinary, repoRoot, runToCompletion } from './processes';

/**
 * The production build under its Content Security Policy. The page carries the script
 * part itself (Angular's `security.autoCsp`: a meta policy with the hash of its loader
 * script, `'strict-dynamic'`, no eval); the server adds the rest as a header, as README's
 * nginx snippet does. A page must satisfy both policies.
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

/** The script hashes of the page's own (autoCsp) policy: a build's loader scripts. */
export function scriptHashes(indexHtml: string): string[] {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(indexHtml);
  if (!meta)
    throw new Error('index.html carries no Content-Security-Policy meta (security.autoCsp off?)');
  return [...new Set(meta[1]!.match(/'sha256-[A-Za-z0-9+/=]+'/g) ?? [])];
}

export interface PolicySources {
  /** Where the app calls: its environment's API and hub origins ('self' when proxied). */
  readonly connect: readonly string[];
  /** Where thumbnails come from (the API's public origin). */
  readonly images: readonly string[];
  /** The build's loader script hashes (see scriptHashes). */
  readonly scripts: readonly string[];
}

/**
 * The header policy: scripts only from our origin (and the hashed loaders), styles from
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

export function readIndexHtml(dist: string = cspDist): string {
  return readFileSync(join(dist, 'index.html'), 'utf8');
}
