import type { PhotoFlowEnvironment } from './environment.model';
import { defaultReconnect, defaultShareHubAcrossTabs } from './defaults';

/**
 * Local, against the ASP.NET Core hub (`npm run start:aspnetcore`): REST and sign-in on
 * the app's origin, proxied to the dev backend as in `local`, and the hub on its own
 * origin, cross-origin like PhotoFlow's real environments (so CORS with credentials and
 * `access_token` in the query string are exercised).
 *
 * The e2e suite (E2E_HUB=aspnetcore) starts a hub per stack on a free port; its app server
 * names that hub in a `photoflow-hub-url` meta tag of index.html, read here once at start.
 */
const servedHubUrl =
  typeof document === 'undefined' // the build's prerendering: no page, no hub
    ? undefined
    : document
        .querySelector<HTMLMetaElement>('meta[name="photoflow-hub-url"]')
        ?.getAttribute('content');

export const environment: PhotoFlowEnvironment = {
  name: 'local',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: servedHubUrl || 'ws://127.0.0.1:5090/hubs/notification',
  reconnect: defaultReconnect,
  shareHubAcrossTabs: defaultShareHubAcrossTabs,
  oauth: {
    authorizeUrl: '/dev/oauth/authorize',
    clientId: 'photoflow-web-local',
    scope: 'openid email profile',
  },
  devUsersHint:
    'Dev users: an@photoflow.test (admin), chi@photoflow.test, binh@photoflow.test — password photoflow',
};
