import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The realtime specs again, with every stack's events going through the ASP.NET Core hub
// (aspnetcore-hub/) and the app talking to it on its own origin (e2e/support/aspnetcore.ts).
// Set before the global setup and the workers start, which read it.
process.env['E2E_HUB'] = 'aspnetcore';

export default defineConfig({
  ...base,
  testMatch: [
    'transports.spec.ts',
    'resilience.spec.ts',
    'collaboration.spec.ts',
    'workflow.spec.ts',
    // Another studio's album refused (REST and the hub's JoinAlbumGroup).
    'security.spec.ts',
  ],
  outputDir: './e2e/.output/aspnetcore/test-results',
  reporter: [
    ['list'],
    ['html', { outputFolder: './e2e/.output/aspnetcore/report', open: 'never' }],
  ],
});
