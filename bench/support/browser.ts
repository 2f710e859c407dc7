import { chromiumArgs } from '../../e2e/support/chromium';

/** The e2e suite's quiet Chromium, plus exact heap figures (performance.memory). */
export const benchChromiumArgs = [...chromiumArgs, '--enable-precise-memory-info'];
