import type { Provider } from '@angular/core';
import { environment } from '../../../environments/environment';
import { APP_ENVIRONMENT } from '../api/app-environment';

/**
 * The benchmark builds' environment: the local one, with the switches the harness puts on
 * a tab's first URL and the hub the bench's app server names.
 * - `?statefulReconnect=off`: the connection without stateful reconnect, as the app asks
 *   against a server that does not coalesce (figure 20's "off"; figures 2 and 5 sent
 *   straight to the group).
 * - The ASP.NET Core hub, on its own origin, when the app server names one in a
 *   `photoflow-hub-url` meta tag (as environments/environment.aspnetcore.ts reads it).
 */
export function provideBenchEnvironment(firstUrl: URLSearchParams): Provider {
  const statefulReconnectOff = firstUrl.get('statefulReconnect') === 'off';
  const servedHubUrl = document
    .querySelector<HTMLMetaElement>('meta[name="photoflow-hub-url"]')
    ?.getAttribute('content');
  return {
    provide: APP_ENVIRONMENT,
    useValue: {
      ...environment,
      hubUrl: servedHubUrl || environment.hubUrl,
      statefulReconnect: !statefulReconnectOff && (environment.statefulReconnect ?? true),
    },
  };
}
