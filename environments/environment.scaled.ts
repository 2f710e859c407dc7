import type { PhotoFlowEnvironment } from './environment.model';
import { defaultReconnect } from './defaults';

/**
 * Local, scaled out (`npm run start:scaled`): REST and sign-in on the app's origin, proxied
 * to the dev backend as in `local`; the hub through the load balancer (HAProxy, :5095) in
 * front of several ASP.NET Core hub instances joined by Redis. The balancer is addressed on
 * the page's own host (localhost or 127.0.0.1), so that its affinity cookie belongs to the
 * same site as the page and the browser keeps it and sends it with credentials.
 *
 * The e2e suite names its balancer in a `photoflow-hub-url` meta tag of index.html, as for
 * `environment.aspnetcore.ts`.
 */
const servedHubUrl = document
  .querySelector<HTMLMetaElement>('meta[name="photoflow-hub-url"]')
  ?.getAttribute('content');

export const environment: PhotoFlowEnvironment = {
  name: 'local',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: servedHubUrl || `ws://${location.hostname}:5095/hubs/notification`,
  reconnect: defaultReconnect,
  oauth: {
    authorizeUrl: '/dev/oauth/authorize',
    clientId: 'photoflow-web-local',
    scope: 'openid email profile',
  },
  devUsersHint:
    'Dev users: an@photoflow.test (admin), chi@photoflow.test, binh@photoflow.test — password photoflow',
};
