import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBinary, repoRoot, runToCompletion } from '../../e2e/support/processes';
import { benchDist, figuresDir } from './paths';

/**
 * Builds what the benchmark measures, every run (so the figures are of the sources as
 * they are): the production build (figure 1), the benchmark build (production
 * optimizations, local environment, read-only counters on window.__pfBench) and the naive
 * baseline (figure 5), the app on the scaled-out hub's load balancer (figure 13), and the
 * floor of figure 30. Then clears the last run's figures.
 */
export default function globalSetup(): void {
  rmSync(figuresDir, { recursive: true, force: true });
  mkdirSync(figuresDir, { recursive: true });
  if (process.env['BENCH_SKIP_BUILD']) return;
  const ng = join(repoRoot, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  const build = (label: string, args: string[]) => {
    const started = Date.now();
    process.stdout.write(`bench: building ${label}…`);
    runToCompletion(
      nodeBinary(),
      [ng, 'build', '--progress=false', ...args],
      `ng build (${label})`,
    );
    process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  };
  rmSync(benchDist, { recursive: true, force: true });
  build('production', [
    '--configuration',
    'production',
    '--output-path',
    'dist/bench/production',
    '--stats-json',
  ]);
  build('benchmark', ['--configuration', 'bench', '--output-path', 'dist/bench/app']);
  build('production on the local environment, both languages (Lighthouse)', [
    '--configuration',
    'production-local',
    '--localize',
    '--output-path',
    'dist/bench/lighthouse',
  ]);
  build('naive variant of the app', [
    '--configuration',
    'bench',
    '--browser',
    'src/app/bench/main.naive.ts',
    '--output-path',
    'dist/bench/naive-app',
  ]);
  build('app on the scaled-out hub', [
    '--configuration',
    'scaled',
    '--output-path',
    'dist/bench/scaled',
  ]);
  build('naive baseline', [
    '--configuration',
    'bench',
    '--browser',
    'bench/baseline/main.ts',
    '--ts-config',
    'bench/baseline/tsconfig.json',
    '--output-path',
    'dist/bench/baseline',
  ]);
  // Figure 30's floor: built as the baseline (the Lighthouse build's optimizations, the same
  // index.html and styles), one language, not localized (it has no text to translate).
  build('floor (the stack alone, figure 30)', [
    '--configuration',
    'bench',
    '--browser',
    'bench/floor/main.ts',
    '--ts-config',
    'bench/floor/tsconfig.json',
    '--output-path',
    'dist/bench/floor',
  ]);
}
