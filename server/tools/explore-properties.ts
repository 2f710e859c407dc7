/**
 * `npm run test:explore`: the property tests that take fresh seeds (every
 * `.property.spec.ts` under src/app that runs through `checkProperty`: the server's truth, tabs sharing one connection, its leader reconnecting fast, a former
 * leader's messages heard late, the viewer and the grid reading one tag's pages, and the
 * connection slice under sessions and the link's reports) on fresh seeds, for `EXPLORE_SECONDS` each
 * (default 600; they run side by side), with the cases per seed a fresh seed needed to
 * find the last bugs (`FC_RUNS` 5000, `FC_TAB_RUNS` 2000, `FC_PAGES_RUNS` 2000, all
 * settable). `EXPLORE_SEEDS` stops after that many seeds.
 * Every seed is printed as it ends; a failing one with the command that replays it, and
 * again at the end. Not part of `npm test`: CI runs one fixed seed of each.
 */
import { spawn } from 'node:child_process';
import { globSync, readFileSync } from 'node:fs';

const seconds = Number(process.env['EXPLORE_SECONDS']) || 600;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  FC_EXPLORE_SECONDS: String(seconds),
  FC_EXPLORE_SEEDS: process.env['EXPLORE_SEEDS'] ?? '',
  FC_RUNS: process.env['FC_RUNS'] ?? '5000',
  FC_TAB_RUNS: process.env['FC_TAB_RUNS'] ?? '2000',
  FC_PAGES_RUNS: process.env['FC_PAGES_RUNS'] ?? '2000',
};
delete env['CI']; // fresh seeds, not CI's fixed one
delete env['FC_SEED'];

console.log(
  `test:explore: fresh seeds for ${seconds} s per property (FC_RUNS=${env['FC_RUNS']}, FC_TAB_RUNS=${env['FC_TAB_RUNS']}, FC_PAGES_RUNS=${env['FC_PAGES_RUNS']})`,
);

/** One property's exploration in its own `ng test` (side by side: Vitest would run them in turn). */
function explore(spec: string): Promise<{ code: number; lines: string[] }> {
  const child = spawn('npx', ['ng', 'test', '--watch=false', '--include', spec], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const split = (partial + chunk.toString()).split('\n');
    partial = split.pop() ?? '';
    // eslint-disable-next-line no-control-regex
    lines.push(...split.map((line) => line.replace(/\x1b\[[0-9;]*m/g, '')));
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, lines: [...lines, partial] })),
  );
}

// Found by their name and their use of checkProperty (property-runs.testing.ts, which
// reads FC_EXPLORE_SECONDS), so that a new property is explored without being listed here.
const specs = globSync('src/app/**/*.property.spec.ts')
  .filter((spec) => readFileSync(spec, 'utf8').includes('checkProperty('))
  .sort();
const runs = await Promise.all(specs.map((spec) => explore(spec)));
const plain = runs.flatMap((run) => run.lines);
const seeds = plain.filter((line) => /^explore \S+: seed \d+ (passed|FAILED)/.test(line));
const failed = plain.flatMap((line, index) =>
  /^explore \S+: seed \d+ FAILED/.test(line) ? [line, plain[index + 1] ?? ''] : [],
);
console.log(`\ntest:explore: ${seeds.length} seeds, ${failed.length / 2} failed`);
for (const line of failed) console.log(line);
if (failed.length > 0)
  console.log('A failing seed is a bug until shown otherwise (README, Testing).');
// A run can fail with every seed passing (a test's timeout, an error outside the
// property): said by name, not only by the exit code.
runs.forEach((run, index) => {
  if (run.code !== 0)
    console.log(`${specs[index]}: Vitest exited ${run.code} (see its output above)`);
});
process.exit(runs.some((run) => run.code !== 0) ? 1 : 0);
