/**
 * `npm run test:i18n`: extracts the messages the app marks for translation (`ng extract-i18n`)
 * and fails when a language's file lacks one, keeps one the app no longer has, drops or
 * invents a placeholder, or leaves one in English. Templates' unmarked text is caught by
 * lint (`@angular-eslint/template/i18n`); what the code shows unmarked, by the e2e pass over
 * every screen in Vietnamese (e2e/i18n-coverage.spec.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareCatalogs, describeProblem, type Catalog } from './translations.ts';

const root = resolve(import.meta.dirname, '..', '..');
const outputPath = join(root, 'dist', 'i18n');
const ng = join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
const locales = ['vi'];

const extract = spawnSync(
  process.execPath,
  [ng, 'extract-i18n', '--output-path', outputPath, '--progress=false'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (extract.status !== 0) {
  process.stdout.write(extract.stdout);
  console.error('ng extract-i18n failed.');
  process.exit(1);
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Catalog;
const source = read(join(outputPath, 'messages.json'));
let failed = false;
for (const locale of locales) {
  const problems = compareCatalogs(
    source,
    read(join(root, 'src', 'locale', `messages.${locale}.json`)),
  );
  for (const problem of problems)
    console.error(describeProblem(problem, `messages.${locale}.json`));
  failed ||= problems.length > 0;
  console.log(
    `${locale}: ${Object.keys(source.translations).length} messages, ${problems.length} problem(s).`,
  );
}
if (failed) {
  console.error('Translate in src/locale/messages.<locale>.json (see src/locale/GLOSSARY.md).');
  process.exit(1);
}
