import type { PhotoFlowEnvironment } from './environment.model';
import { defaultReconnect, defaultShareHubAcrossTabs } from './defaults';

/** Local: the embedded dev backend, proxied by `ng serve` (the default of `npm start`). */
export const environment: PhotoFlowEnvironment = {
  name: 'local',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
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
