// The benchmark build's entry (`ng build -c bench`, used by `npm run bench` only): the
// real app, bootstrapped exactly as src/main.ts does, plus read-only counters on
// `window.__pfBench`. Production builds never include this file.
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from '../app';
import { appConfig } from '../app.config';
import { provideBenchCounters } from './bench-counters';

bootstrapApplication(App, {
  ...appConfig,
  providers: [...appConfig.providers, provideBenchCounters()],
}).catch((err) => console.error(err));
