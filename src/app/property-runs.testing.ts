import fc from 'fast-check';

// How the property tests run (Vitest runs in Node; these read its environment):
// - by default, one seed: CI's fixed one when `CI` is set (what lands was proven on exactly
//   the cases CI ran), else a fresh one; `FC_SEED` replays any run;
// - with `FC_EXPLORE_SECONDS` set (`npm run test:explore`), fresh seeds one after another
//   until that time is up (or `FC_EXPLORE_SEEDS` seeds have run), each printed with the
//   command that replays it; then the test fails if any seed did.

const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const CI_SEED = 20_261_202;

/** The number of cases per seed: `variable` from the environment, else `fallback`. */
export function casesPerSeed(variable: string, fallback: number): number {
  return Number(env[variable]) || fallback;
}

/** Node's clock, taken now: the tests' fake timers replace `process.hrtime` (and Date) later. */
const now: () => bigint = (globalThis as unknown as { process: { hrtime: { bigint(): bigint } } })
  .process.hrtime.bigint;
const elapsedMs = (since: bigint) => Number(now() - since) / 1e6;

export interface PropertyRun<Ts> {
  /** As the output names it: `server-truth`, `tab-sharing`. */
  readonly name: string;
  readonly numRuns: number;
  /** Cases run before the generated ones (counterexamples kept for good). */
  readonly examples?: Ts[];
  /** The shell command that replays `seed` (environment and `ng test` line). */
  readonly replay: (seed: number) => string;
}

/** Checks the property with one seed, or explores fresh seeds (see the top of this file). */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  run: PropertyRun<Ts>,
): Promise<void> {
  const exploreSeconds = Number(env['FC_EXPLORE_SECONDS']) || 0;
  if (exploreSeconds <= 0) {
    const seed = Number(env['FC_SEED']) || (env['CI'] ? CI_SEED : freshSeed());
    console.log(`${run.name} property: ${run.numRuns} cases, seed ${seed} (${run.replay(seed)})`);
    await fc.assert(property, { numRuns: run.numRuns, seed, examples: run.examples ?? [] });
    return;
  }
  const maxSeeds = Number(env['FC_EXPLORE_SEEDS']) || Number.POSITIVE_INFINITY;
  const started = now();
  const failures: string[] = [];
  let seeds = 0;
  while (seeds < maxSeeds && elapsedMs(started) < exploreSeconds * 1000) {
    const seed = freshSeed();
    const begun = now();
    const details = await fc.check(property, { numRuns: run.numRuns, seed });
    seeds++;
    const took = `${(elapsedMs(begun) / 1000).toFixed(1)} s`;
    if (!details.failed) {
      console.log(`explore ${run.name}: seed ${seed} passed ${run.numRuns} cases (${took})`);
      continue;
    }
    const report = `explore ${run.name}: seed ${seed} FAILED after ${details.numRuns} cases (${took})\n  replay: ${run.replay(seed)}\n  ${fc.defaultReportMessage(details)?.split('\n').slice(0, 4).join('\n  ')}`;
    console.log(report);
    failures.push(`${seed}: ${run.replay(seed)}`);
  }
  console.log(`explore ${run.name}: ${seeds} fresh seeds, ${failures.length} failed`);
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} failing seeds (a failing seed is a bug until shown otherwise):\n${failures.join('\n')}`,
    );
  }
}

const freshSeed = () => 1 + Math.floor(Math.random() * 2_147_483_646);
