import { join } from 'node:path';
import { repoRoot } from '../../e2e/support/processes';

export const benchDist = join(repoRoot, 'dist', 'bench');
/** The production build (figure 1), the benchmark build (counters), the naive baseline. */
export const productionDist = join(benchDist, 'production');
export const appDist = join(benchDist, 'app', 'browser');
export const baselineDist = join(benchDist, 'baseline', 'browser');
/** The app itself with the documented pattern (no coalescing, one change detection per event). */
export const naiveAppDist = join(benchDist, 'naive-app', 'browser');
/** The app pointed at the load balancer of the scaled-out hub (`-c scaled`; figures 10 and 11). */
export const scaledAppDist = join(benchDist, 'scaled', 'browser');
/** The production build on the local environment, both languages (`-c production-local --localize`): what Lighthouse audits (figures 25–29). */
export const lighthouseDist = join(benchDist, 'lighthouse', 'browser');
export const outputDir = join(repoRoot, 'bench', '.output');
export const figuresDir = join(outputDir, 'figures');
/** The floor of figure 30 (`bench/floor/main.ts`): the stack alone doing what the list and the viewer must before their largest paint. */
export const floorDist = join(benchDist, 'floor', 'browser');
