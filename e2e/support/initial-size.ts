import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The part of the build's stats (`--stats-json`, esbuild's metafile) read here. */
interface Metafile {
  outputs: Record<
    string,
    {
      imports?: { path: string; kind: string }[];
      entryPoint?: string;
      inputs?: Record<string, { bytesInOutput: number }>;
    }
  >;
}

interface SizedFile {
  file: string;
  bytes: number;
  gzip: number;
}

/** The English build of a production build (browser/en, or browser when not localized). */
function browserDir(buildDir: string): string {
  return existsSync(join(buildDir, 'browser', 'en'))
    ? join(buildDir, 'browser', 'en')
    : join(buildDir, 'browser');
}

const readStats = (buildDir: string) =>
  JSON.parse(readFileSync(join(buildDir, 'browser-stats.json'), 'utf8')) as Metafile;

/** `files` and every chunk they import statically, as the stats name them. */
function withStaticImports(stats: Metafile, files: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    for (const imported of stats.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path);
    }
  };
  files.forEach(visit);
  return found;
}

function sized(browser: string, files: Iterable<string>): SizedFile[] {
  return [...files].map((file) => {
    const content = readFileSync(join(browser, file));
    return { file, bytes: content.length, gzip: gzipSync(content, { level: 6 }).length };
  });
}

/**
 * What a first visit downloads before the app can start: the scripts, module preloads
 * and stylesheets index.html names, with every chunk they import statically (from the
 * build's stats), each gzipped at level 6 (gzip's default). index.html itself (with
 * its inlined critical CSS) is counted apart.
 */
export function initialTransfer(buildDir: string): {
  files: { file: string; bytes: number; gzip: number }[];
  totalGzip: number;
  indexHtmlGzip: number;
} {
  // The production build ships one build per language (browser/en, browser/vi) with the same
  // file names; the English one is measured.
  const browser = browserDir(buildDir);
  const html = readFileSync(join(browser, 'index.html'), 'utf8');
  const files = sized(browser, withStaticImports(readStats(buildDir), namedByIndex(html)));
  return {
    files,
    totalGzip: files.reduce((sum, file) => sum + file.gzip, 0),
    indexHtmlGzip: gzipSync(html, { level: 6 }).length,
  };
}

/**
 * The source files (as the stats name them: `src/app/…`, `node_modules/…`) bundled into
 * what a first visit downloads before the app can start: the files of {@link initialTransfer}.
 */
export function initialSources(buildDir: string): string[] {
  const stats = readStats(buildDir);
  const html = readFileSync(join(browserDir(buildDir), 'index.html'), 'utf8');
  return [...withStaticImports(stats, namedByIndex(html))].flatMap((file) =>
    Object.entries(stats.outputs[file]?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([source]) => source),
  );
}

/**
 * The scripts, module preloads and stylesheets index.html names (its own files). With
 * `autoCsp` the build loads its scripts (main, polyfills) from an inline loader that lists
 * them as `['main-….js', "module", …]`, not from `<script src>`: both are read.
 */
function namedByIndex(html: string): string[] {
  return [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/\[\s*'([^']+\.js)'\s*,\s*"module"/g),
    ...html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="(?:modulepreload|stylesheet)"/g),
  ]
    .map((match) => match[1])
    .filter((file) => !/^[a-z]+:/.test(file));
}

/**
 * The lazy chunks a screen loads after the initial ones: the chunks of its lazy entry
 * points (route components, the hub client: source paths as the stats name them, e.g.
 * `src/app/shell/shell.ts`) with what they import statically, less the initial files.
 */
export function lazyTransfer(
  buildDir: string,
  entryPoints: readonly string[],
): { files: SizedFile[]; totalGzip: number } {
  const browser = browserDir(buildDir);
  const stats = readStats(buildDir);
  const initial = withStaticImports(
    stats,
    namedByIndex(readFileSync(join(browser, 'index.html'), 'utf8')),
  );
  const entries = entryPoints.map((entryPoint) => {
    const found = Object.entries(stats.outputs).find(
      ([, output]) => output.entryPoint === entryPoint,
    );
    if (!found) throw new Error(`No chunk of the production build starts at ${entryPoint}.`);
    return found[0];
  });
  const files = sized(
    browser,
    [...withStaticImports(stats, entries)].filter((file) => !initial.has(file)),
  );
  return { files, totalGzip: files.reduce((sum, file) => sum + file.gzip, 0) };
}
