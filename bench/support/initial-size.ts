import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Metafile {
  outputs: Record<string, { imports?: { path: string; kind: string }[] }>;
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
  const browser = existsSync(join(buildDir, 'browser', 'en'))
    ? join(buildDir, 'browser', 'en')
    : join(buildDir, 'browser');
  const html = readFileSync(join(browser, 'index.html'), 'utf8');
  const named = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="(?:modulepreload|stylesheet)"/g),
  ]
    .map((match) => match[1])
    .filter((file) => !/^[a-z]+:/.test(file));
  const stats = JSON.parse(readFileSync(join(buildDir, 'browser-stats.json'), 'utf8')) as Metafile;
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of stats.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement') visit(imported.path);
    }
  };
  named.forEach(visit);
  const files = [...initial].map((file) => {
    const content = readFileSync(join(browser, file));
    return { file, bytes: content.length, gzip: gzipSync(content, { level: 6 }).length };
  });
  return {
    files,
    totalGzip: files.reduce((sum, file) => sum + file.gzip, 0),
    indexHtmlGzip: gzipSync(html, { level: 6 }).length,
  };
}
