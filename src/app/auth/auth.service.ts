import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { INVALID_RESPONSE, toApiError } from '../api/api-error';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { AuthTokens } from '../api/models';
import { PhotoflowApi } from '../api/photoflow-api';

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
  /** ms since the epoch. */
  readonly expiresAt: number;
  /** The token's whole lifetime (ms), to refresh a short-lived token in time. */
  readonly lifetimeMs?: number;
}

/** A sign-in that could not complete, with a sentence for the sign-in page. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export const SESSION_STORAGE_KEY = 'photoflow.session';
export const SIGN_IN_STORAGE_KEY = 'photoflow.signIn';
export const PLACEHOLDER_CLIENT_ID = 'PHOTOFLOW_GOOGLE_CLIENT_ID';
/** Refresh this long before the access token expires (a third of a short lifetime). */
export const REFRESH_AHEAD_MS = 60_000;

/** How long before expiry a session is refreshed: 60 s, or a third of a shorter lifetime. */
export function refreshAheadMs(session: StoredSession): number {
  return Math.min(REFRESH_AHEAD_MS, (session.lifetimeMs ?? Number.POSITIVE_INFINITY) / 3);
}

/** True when the access token is still good for more than the refresh margin. */
function isFresh(session: StoredSession, now = Date.now()): boolean {
  return session.expiresAt - now > refreshAheadMs(session);
}
const REFRESH_LOCK = 'photoflow.refresh';
const DEFAULT_RETURN_URL = '/albums';

/** Sends the browser to the identity provider; a token so tests can watch instead. */
export const SIGN_IN_REDIRECT = new InjectionToken<(url: string) => void>('Sign-in redirect', {
  providedIn: 'root',
  factory: () => {
    const location = inject(DOCUMENT).location;
    return (url: string) => location.assign(url);
  },
});

/**
 * Sign-in (OAuth authorization code, CONTRACT §2), the session, and its refresh.
 * The session lives in localStorage so a reload stays signed in and tabs share it;
 * refresh tokens are single-use, so one refresh runs at a time, in this tab and across tabs.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(PhotoflowApi);
  private readonly environment = inject(APP_ENVIRONMENT);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly redirect = inject(SIGN_IN_REDIRECT);

  private readonly session = signal<StoredSession | null>(readSession());
  private refreshing: Promise<string> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /** The signed-in user, or null. */
  readonly user = computed(() => decodeUser(this.session()?.accessToken));
  readonly isSignedIn = computed(() => this.user() !== null);
  /** Why sign-in cannot start in this build (no OAuth client id configured), or null. */
  readonly configurationError: string | null =
    this.environment.oauth.clientId === PLACEHOLDER_CLIENT_ID
      ? `Sign-in is not set up for the ${this.environment.name} environment: its Google OAuth client id is still the placeholder. Set oauth.clientId in environments/environment.${this.environment.name}.ts.`
      : null;

  constructor() {
    const window = this.document.defaultView;
    // Another tab signed in, refreshed or signed out.
    const onStorage = (event: StorageEvent) => {
      if (event.key === SESSION_STORAGE_KEY || event.key === null) this.adopt(readSession());
    };
    window?.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => {
      window?.removeEventListener('storage', onStorage);
      this.clearRefreshTimer();
    });
    this.scheduleRefresh();
  }

  /** The authorize URL for a new sign-in; remembers `state` and the return URL for this tab. */
  buildSignInUrl(returnUrl: string = DEFAULT_RETURN_URL): string {
    if (this.configurationError) throw new SignInError(this.configurationError);
    const state = randomState();
    sessionStorage.setItem(
      SIGN_IN_STORAGE_KEY,
      JSON.stringify({ state, returnUrl: safeReturnUrl(returnUrl) }),
    );
    const { oauth } = this.environment;
    const url = new URL(oauth.authorizeUrl, this.origin);
    url.searchParams.set('client_id', oauth.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', oauth.scope);
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** Sends the browser to the identity provider; it comes back to `/callback`. */
  signIn(returnUrl: string = DEFAULT_RETURN_URL): void {
    this.redirect(this.buildSignInUrl(returnUrl));
  }

  /**
   * Finishes sign-in on `/callback`: checks `state`, exchanges the code, and answers
   * the URL to return to. Rejects with a {@link SignInError} in plain words.
   */
  async completeSignIn(code: string | null, state: string | null): Promise<string> {
    const pending = readJson<{ state: string; returnUrl: string }>(
      sessionStorage.getItem(SIGN_IN_STORAGE_KEY),
    );
    sessionStorage.removeItem(SIGN_IN_STORAGE_KEY);
    if (!pending || !state || pending.state !== state) {
      throw new SignInError('This sign-in link is not valid or has expired. Please sign in again.');
    }
    if (!code) throw new SignInError('Google did not complete the sign-in. Please try again.');
    try {
      this.store(await firstValueFrom(this.api.login(code, this.redirectUri)));
    } catch (error) {
      if (error instanceof SignInError) throw error;
      if (toApiError(error).code === INVALID_RESPONSE) throw new SignInError(unusableTokensMessage);
      if (error instanceof HttpErrorResponse && error.status === 401) {
        throw new SignInError('Google did not accept this sign-in. Please try again.');
      }
      throw new SignInError(toApiError(error).message);
    }
    return safeReturnUrl(pending.returnUrl);
  }

  /** Ends the session in every tab and goes to the sign-in page. */
  signOut(returnUrl?: string): void {
    localStorage.removeItem(SESSION_STORAGE_KEY);
    this.adopt(null);
    void this.router.navigate(['/login'], returnUrl ? { queryParams: { returnUrl } } : {});
  }

  /** The access token for a request, as it stands (no refresh); null when signed out. */
  currentAccessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /**
   * The token to send with an API request: refreshed first when about to expire (a tab
   * that slept past its timer); null when signed out. A failed refresh sends the old
   * token, and the 401 path decides.
   */
  async accessTokenForRequest(): Promise<string | null> {
    const session = this.session();
    if (!session) return null;
    if (isFresh(session)) return session.accessToken;
    return this.getAccessToken().catch(() => this.currentAccessToken());
  }

  /** A fresh access token (refreshed first when it is about to expire): the hub's token factory. */
  async getAccessToken(): Promise<string> {
    const session = this.adopt(readSession() ?? this.session());
    if (!session) throw new Error('Not signed in');
    if (isFresh(session)) return session.accessToken;
    return this.refresh();
  }

  /**
   * After the API refused `rejectedToken` with 401: refresh, unless another request or
   * tab already did, and answer the token to retry with. Rejects when the session is over.
   */
  async refreshAfterUnauthorized(rejectedToken: string | null): Promise<string> {
    const session = this.adopt(readSession() ?? this.session());
    if (session && session.accessToken !== rejectedToken) return session.accessToken;
    return this.refresh();
  }

  /** One refresh at a time: every caller shares the one in flight. */
  refresh(): Promise<string> {
    this.refreshing ??= this.withRefreshLock(() => this.refreshNow()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshNow(): Promise<string> {
    const known = this.session();
    // Another tab may have refreshed while we waited for the lock: use its tokens.
    const stored = this.adopt(readSession());
    if (!stored) throw new Error('Not signed in');
    if (stored.refreshToken !== known?.refreshToken && isFresh(stored)) {
      return stored.accessToken;
    }
    try {
      return this.store(await firstValueFrom(this.api.refresh(stored.refreshToken))).accessToken;
    } catch (error) {
      const latest = readSession();
      if (latest && latest.refreshToken !== stored.refreshToken)
        return this.adopt(latest)!.accessToken;
      if (error instanceof HttpErrorResponse && (error.status === 401 || error.status === 400)) {
        localStorage.removeItem(SESSION_STORAGE_KEY);
        this.adopt(null);
      }
      throw error;
    }
  }

  /** Web Locks keep two tabs from spending the same single-use refresh token. */
  private withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
    const locks = this.document.defaultView?.navigator?.locks;
    return locks ? (locks.request(REFRESH_LOCK, work) as Promise<T>) : work();
  }

  private store(tokens: AuthTokens): StoredSession {
    if (!usableTokens(tokens)) throw new SignInError(unusableTokensMessage);
    const session: StoredSession = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
      lifetimeMs: tokens.expiresIn * 1000,
    };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.adopt(session);
    return session;
  }

  /** Makes `session` this tab's session (if it changed) and re-arms the refresh timer. */
  private adopt(session: StoredSession | null): StoredSession | null {
    const current = this.session();
    if (
      session?.accessToken === current?.accessToken &&
      session?.refreshToken === current?.refreshToken
    ) {
      return current;
    }
    this.session.set(session);
    this.scheduleRefresh();
    return session;
  }

  private scheduleRefresh(): void {
    this.clearRefreshTimer();
    const session = this.session();
    if (!session) return;
    const delay = Math.max(0, session.expiresAt - Date.now() - refreshAheadMs(session));
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch(() => undefined); // a failed refresh signs out on the next request
    }, delay);
  }

  private clearRefreshTimer(): void {
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  private get origin(): string {
    return this.document.location.origin;
  }

  private get redirectUri(): string {
    return `${this.origin}/callback`;
  }
}

const unusableTokensMessage =
  'PhotoFlow answered the sign-in with a session it cannot keep. Please try again later.';

/**
 * Tokens a session can run on. A missing or non-positive `expiresIn` would make the
 * session unreadable, or due for refresh at once, again and again.
 */
function usableTokens(tokens: AuthTokens | null): boolean {
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

function readSession(): StoredSession | null {
  const session = readJson<StoredSession>(localStorage.getItem(SESSION_STORAGE_KEY));
  return session &&
    typeof session.accessToken === 'string' &&
    typeof session.refreshToken === 'string' &&
    typeof session.expiresAt === 'number'
    ? session
    : null;
}

function readJson<T>(text: string | null): T | null {
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

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
