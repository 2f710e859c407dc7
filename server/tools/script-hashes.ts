/**
 * The `'sha256-…'` sources a Content Security Policy needs for the inline scripts of a
 * build's pages (README, "The app's Content Security Policy"): Angular's prerendered pages
 * and its app shell carry a few (the stylesheet loader of critical CSS inlining, the
 * hydrated page's event replay), and `script-src 'self'` allows none of them unhashed.
 * A JSON data block (`type="application/json"`: hydration state) is not run: no hash.
 * Printed for a deployment by print-script-hashes.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The inline scripts of `html` the browser would run, as written. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes]) => !/\ssrc=/.test(attributes!))
    .filter(([, attributes]) => !/\stype="application\/json"/.test(attributes!))
    .map(([, , body]) => body!);
}

/** The hash sources of every inline script of every page under `root`, each once, sorted. */
export function scriptHashes(root: string): string[] {
  const pages = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.html'),
  );
  const hashes = pages.flatMap((page) =>
    inlineScripts(readFileSync(join(root, page), 'utf8')).map(
      (script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`,
    ),
  );
  return [...new Set(hashes)].sort();
}
