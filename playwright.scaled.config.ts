import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The app on the hub scaled out: two ASP.NET Core hub instances joined by Redis behind
// HAProxy (e2e/scaled/, e2e/support/scaled.ts). The app is the `aspnetcore` build, which
// reads its hub's address (here the load balancer's) from the page; E2E_HUB selects it and
// is set before the global setup and the workers start, which read it.
process.env['E2E_HUB'] = 'aspnetcore';

export default defineConfig({
  ...base,
  testDir: './e2e/scaled',
  testIgnore: [],
  globalSetup: './e2e/support/scaled-setup.ts',
  outputDir: './e2e/.output/scaled/test-results',
  reporter: [['list'], ['html', { outputFolder: './e2e/.output/scaled/report', open: 'never' }]],
});
