import type { PhotoFlowEnvironment } from './environment.model';
import {
  defaultReconnect,
  defaultShareHubAcrossTabs,
  photoflowServersStatefulReconnect,
  googleAuthorizeUrl,
  googleScope,
} from './defaults';

/** PhotoFlow's documented production environment (CONTRACT §1). */
export const environment: PhotoFlowEnvironment = {
  name: 'production',
  production: true,
  apiBaseUrl: 'https://api.photoflow.vn/api/v1',
  hubUrl: 'wss://api.photoflow.vn/hubs/notification',
  reconnect: defaultReconnect,
  shareHubAcrossTabs: defaultShareHubAcrossTabs,
  statefulReconnect: photoflowServersStatefulReconnect,
  oauth: {
    authorizeUrl: googleAuthorizeUrl,
    // The studio's Google OAuth client id for this environment (see README).
    clientId: 'PHOTOFLOW_GOOGLE_CLIENT_ID',
    scope: googleScope,
  },
};
