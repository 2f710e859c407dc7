// Test helpers for sessions: an environment, unsigned JWTs, a stored session. Tests only.
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { SESSION_STORAGE_KEY, type StoredSession } from './auth.service';
import type { User } from './stored-session';

export const localEnvironment: PhotoFlowEnvironment = {
  name: 'local',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0], jitter: 0, fastPhaseMs: 1, maxDelayMs: 1 },
  oauth: {
    authorizeUrl: '/dev/oauth/authorize',
    clientId: 'photoflow-web-local',
    scope: 'openid email profile',
  },
};

/** The photographer `jwt()` signs in by default, as the app decodes them. */
export const testUser: User = {
  id: 'u1',
  name: 'Chi Nguyễn',
  email: 'chi@photoflow.test',
  role: 'photographer',
  orgId: 'org-an',
};

const base64url = (value: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

/** An unsigned JWT with PhotoFlow's claims (the app never verifies it; the backend does). */
export function jwt(claims: Record<string, unknown> = {}): string {
  return [
    base64url({ alg: 'HS256', typ: 'JWT' }),
    base64url({
      sub: 'u1',
      email: 'chi@photoflow.test',
      name: 'Chi Nguyễn',
      role: 'photographer',
      org_id: 'org-an',
      ...claims,
    }),
    'signature',
  ].join('.');
}

export function storeSession(session: Partial<StoredSession> = {}): StoredSession {
  const full: StoredSession = {
    accessToken: jwt(),
    refreshToken: 'refresh-1',
    expiresAt: Date.now() + 3_600_000,
    lifetimeMs: 3_600_000,
    ...session,
  };
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(full));
  return full;
}
