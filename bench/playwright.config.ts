import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from '../e2e/support/chromium';

// `npm run bench`: builds, then measures each figure of issue 5 in order, one worker
// (the machine has 2 cores; the figures must not disturb each other), and prints the table.
export default defineConfig({
  testDir: '.',
  testMatch: [
    'figures.bench.ts',
    'tabs.bench.ts',
    'scaled.bench.ts',
    'realtime.bench.ts',
    'lighthouse.bench.ts',
    'albums-scale.bench.ts',
  ],
  outputDir: './.output/test-results',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  globalTimeout: 45 * 60_000,
  reporter: [['list'], ['./support/table-reporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    trace: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
