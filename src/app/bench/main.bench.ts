// The benchmark build's entry (`ng build -c bench`, used by `npm run bench` only): the
// real app, bootstrapped exactly as src/main.ts does, plus read-only counters on
// `window.__pfBench`. Production builds never include this file.
import { bootstrapApplication } from '@angular/platform-browser';
import { environment } from '../../../environments/environment';
import { App } from '../app';
import { appConfig } from '../app.config';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { TAB_SHARING } from '../realtime/tab-sharing';
import { provideBenchCounters } from './bench-counters';

const firstUrl = new URLSearchParams(location.search);
// `?tabSharing=off` on the first URL: this tab connects on its own, as every tab did before
// tabs shared one connection (the benchmark's "without sharing").
const sharingOff = firstUrl.get('tabSharing') === 'off';
// `?statefulReconnect=off`: the connection without stateful reconnect (figure 20's "off").
const statefulReconnectOff = firstUrl.get('statefulReconnect') === 'off';
// The ASP.NET Core hub, on its own origin, when the bench's app server names one in a
// `photoflow-hub-url` meta tag (as environments/environment.aspnetcore.ts reads it).
const servedHubUrl = document
  .querySelector<HTMLMetaElement>('meta[name="photoflow-hub-url"]')
  ?.getAttribute('content');

bootstrapApplication(App, {
  ...appConfig,
  providers: [
    ...appConfig.providers,
    provideBenchCounters(),
    {
      provide: APP_ENVIRONMENT,
      useValue: {
        ...environment,
        hubUrl: servedHubUrl || environment.hubUrl,
        statefulReconnect: !statefulReconnectOff && (environment.statefulReconnect ?? true),
      },
    },
    ...(sharingOff ? [{ provide: TAB_SHARING, useValue: null }] : []),
  ],
}).catch((err) => console.error(err));
