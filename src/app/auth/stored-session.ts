import type { AuthTokens } from '../api/models';

/** The signed-in photographer, from the access token's claims (CONTRACT §2). */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'photographer' | 'org_admin' | (string & {});
  readonly orgId: string;
  /** The studio's name, when the token carries an `org_name` claim. */
  readonly orgName?: string;
}

/** The session kept in localStorage, shared by every tab. */
export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** ms since the epoch, by this browser's clock (from `expiresIn`, never the token's `exp`). */
  readonly expiresAt: number;
  /** The token's whole lifetime (ms), to refresh a short-lived token in time. */
  readonly lifetimeMs?: number;
}

/** Why a session ended: signed out here, refused by the backend, or ended in another tab. */
export type SessionEndReason = 'signed-out' | 'expired' | 'elsewhere';

/** Who is signed in changed (a refresh of the same user's tokens is not a change). */
export type SessionChange =
  | { readonly kind: 'started'; readonly user: User; readonly sameUserAsBefore: boolean }
  | { readonly kind: 'ended'; readonly reason: SessionEndReason }
  | { readonly kind: 'changed'; readonly user: User };

export const SESSION_STORAGE_KEY = 'photoflow.session';
/** Refresh this long before the access token expires (a third of a short lifetime). */
export const REFRESH_AHEAD_MS = 60_000;
export const DEFAULT_RETURN_URL = '/albums';

/** How long before expiry a session is refreshed: 60 s, or a third of a shorter lifetime. */
export function refreshAheadMs(session: StoredSession): number {
  return Math.min(REFRESH_AHEAD_MS, (session.lifetimeMs ?? Number.POSITIVE_INFINITY) / 3);
}

/** True when the access token is still good for more than the refresh margin. */
export function isFresh(session: StoredSession, now = Date.now()): boolean {
  return session.expiresAt - now > refreshAheadMs(session);
}

/** A token this close to its expiry is not offered any more, even while renewal fails. */
const USABLE_UNTIL_MS = 2_000;

/** True while the access token still works (renewed or not). */
export function isUsable(session: StoredSession, now = Date.now()): boolean {
  return session.expiresAt - now > USABLE_UNTIL_MS;
}

/** Who a session belongs to: the same person in the same studio, whatever its tokens. */
export function userKey(user: User | null): string | null {
  return user ? `${user.id}|${user.orgId}` : null;
}

/**
 * Tokens a session can run on. A missing or non-positive `expiresIn` would make the
 * session unreadable, or due for refresh at once, again and again.
 */
export function usableTokens(tokens: AuthTokens | null): boolean {
  return (
    typeof tokens?.accessToken === 'string' &&
    tokens.accessToken !== '' &&
    typeof tokens.refreshToken === 'string' &&
    tokens.refreshToken !== '' &&
    typeof tokens.expiresIn === 'number' &&
    Number.isFinite(tokens.expiresIn) &&
    tokens.expiresIn > 0
  );
}

/** The session of this browser; none where there is no storage (the build's prerendering). */
export function readSession(): StoredSession | null {
  if (typeof localStorage === 'undefined') return null;
  const session = readJson<StoredSession>(localStorage.getItem(SESSION_STORAGE_KEY));
  return session &&
    typeof session.accessToken === 'string' &&
    typeof session.refreshToken === 'string' &&
    typeof session.expiresAt === 'number'
    ? session
    : null;
}

export function readJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The claims of a JWT, unverified (the backend verifies; we only display them). */
export function decodeUser(token: string | null | undefined): User | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof claims['sub'] !== 'string') return null;
    return {
      id: claims['sub'],
      name: String(claims['name'] ?? claims['email'] ?? ''),
      email: String(claims['email'] ?? ''),
      role: String(claims['role'] ?? ''),
      orgId: String(claims['org_id'] ?? ''),
      ...(typeof claims['org_name'] === 'string' ? { orgName: claims['org_name'] } : {}),
    };
  } catch {
    return null;
  }
}

/** Only paths inside the app: never send a user elsewhere after sign-in. */
export function safeReturnUrl(url: string | null | undefined): string {
  return url &&
    url.startsWith('/') &&
    !url.startsWith('//') &&
    !url.startsWith('/callback') &&
    !url.startsWith('/login')
    ? url
    : DEFAULT_RETURN_URL;
}
