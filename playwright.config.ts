import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, findChromium } from './e2e/support/chromium';

// The e2e suite drives the real app in the system's Chromium against the real dev
// backend. Serial: one worker (the machine has 2 cores, and the tests share one backend).
export default defineConfig({
  testDir: './e2e',
  // The scaled-out specs need their own topology: playwright.scaled.config.ts.
  testIgnore: '**/e2e/scaled/**',
  outputDir: './e2e/.output/test-results',
  globalSetup: './e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: './e2e/.output/report', open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    browserName: 'chromium',
    // The suite reads the English app: its browser asks for English (a first visit's choice);
    // the Vietnamese specs set their own locale.
    locale: 'en-US',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
