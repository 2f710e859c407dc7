// The benchmark build's entry (`ng build -c bench`, used by `npm run bench` only): the
// real app, bootstrapped exactly as src/main.ts does, plus read-only counters on
// `window.__pfBench`. Production builds never include this file.
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from '../app';
import { appConfig } from '../app.config';
import { TAB_SHARING } from '../realtime/tab-sharing';
import { provideBenchCounters } from './bench-counters';
import { provideBenchEnvironment } from './bench-environment';

const firstUrl = new URLSearchParams(location.search);
// `?tabSharing=off` on the first URL: this tab connects on its own, as every tab did before
// tabs shared one connection (the benchmark's "without sharing").
const sharingOff = firstUrl.get('tabSharing') === 'off';

bootstrapApplication(App, {
  ...appConfig,
  providers: [
    ...appConfig.providers,
    provideBenchCounters(),
    provideBenchEnvironment(firstUrl),
    ...(sharingOff ? [{ provide: TAB_SHARING, useValue: null }] : []),
  ],
}).catch((err) => console.error(err));
