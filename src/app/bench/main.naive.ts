// The naive variant of the benchmark build (figure 5): this same app with PhotoFlow's
// documented pattern instead of its own (no coalescing, one change detection per hub
// event). Built and used by `npm run bench` only; production builds never include it.
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from '../app';
import { appConfig } from '../app.config';
import { provideBenchCounters } from './bench-counters';
import { provideBenchEnvironment } from './bench-environment';

bootstrapApplication(App, {
  ...appConfig,
  providers: [
    ...appConfig.providers,
    provideBenchCounters({ naive: true }),
    provideBenchEnvironment(new URLSearchParams(location.search)),
  ],
}).catch((err) => console.error(err));
