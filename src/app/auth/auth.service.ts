import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Subject, firstValueFrom, type Observable } from 'rxjs';
import { INVALID_RESPONSE, toApiError } from '../api/api-error';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { AuthTokens } from '../api/models';
import { PhotoflowApi } from '../api/photoflow-api';
import { REFRESH_HANDOFF } from './refresh-handoff';
import {
  SessionRenewalError,
  endsSession,
  renewalRetryDelay,
  retryAfterMs,
} from './session-renewal';
import {
  PLACEHOLDER_CLIENT_ID,
  SIGN_IN_REDIRECT,
  SIGN_IN_STORAGE_KEY,
  SignInError,
  authorizeUrl,
  randomState,
} from './sign-in';
import {
  DEFAULT_RETURN_URL,
  SESSION_STORAGE_KEY,
  decodeUser,
  isFresh,
  isUsable,
  readJson,
  readSession,
  refreshAheadMs,
  safeReturnUrl,
  usableTokens,
  userKey,
  type SessionChange,
  type SessionEndReason,
  type StoredSession,
} from './stored-session';

export {
  SESSION_STORAGE_KEY,
  REFRESH_AHEAD_MS,
  decodeUser,
  refreshAheadMs,
  safeReturnUrl,
  type SessionChange,
  type SessionEndReason,
  type StoredSession,
  type User,
} from './stored-session';
export { SessionRenewalError } from './session-renewal';
export {
  PLACEHOLDER_CLIENT_ID,
  SIGN_IN_REDIRECT,
  SIGN_IN_STORAGE_KEY,
  SignInError,
} from './sign-in';

const REFRESH_LOCK = 'photoflow.refresh';

/**
 * Sign-in (OAuth authorization code, CONTRACT §2), the session, and its refresh.
 * The session lives in localStorage so a reload stays signed in and tabs share it;
 * refresh tokens are single-use, so one refresh runs at a time, in this tab and across tabs.
 * Only the backend refusing the refresh token ends a session; any other failure keeps it
 * and tries again with backoff (see {@link SessionRenewalError}).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(PhotoflowApi);
  private readonly environment = inject(APP_ENVIRONMENT);
  private readonly document = inject(DOCUMENT);
  private readonly redirect = inject(SIGN_IN_REDIRECT);
  private readonly handoff = inject(REFRESH_HANDOFF);

  private readonly session = signal<StoredSession | null>(readSession());
  private readonly changes = new Subject<SessionChange>();
  private refreshing: Promise<string> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last renewal failure while it lasts: requests wait out its backoff instead of retrying. */
  private renewalFailure: SessionRenewalError | null = null;
  private renewalFailures = 0;
  /** The user of the last session that ended in this tab, to tell a return from a newcomer. */
  private lastUserKey: string | null = null;

  /** The signed-in user, or null. */
  readonly user = computed(() => decodeUser(this.session()?.accessToken));
  readonly isSignedIn = computed(() => this.user() !== null);
  /** Who the session belongs to (user and studio), or null: it changes only with the person. */
  readonly userKey = computed(() => userKey(this.user()));
  /** Sign-ins, sign-outs and changes of user, here or in another tab, as they happen. */
  readonly sessionChanges$: Observable<SessionChange> = this.changes.asObservable();
  /** Why sign-in cannot start in this build (no OAuth client id configured), or null. */
  readonly configurationError: string | null =
    this.environment.oauth.clientId === PLACEHOLDER_CLIENT_ID
      ? $localize`Sign-in is not set up for the ${this.environment.name}:environment: environment: its Google OAuth client id is still the placeholder. Set oauth.clientId in environments/environment.${this.environment.name}:environment:.ts.`
      : null;

  constructor() {
    const window = this.document.defaultView;
    // Another tab signed in, refreshed or signed out (the browser tells only the other tabs).
    const onStorage = (event: StorageEvent) => {
      if (event.key === SESSION_STORAGE_KEY || event.key === null) {
        this.adopt(readSession(), 'elsewhere');
      }
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
    return authorizeUrl(this.environment.oauth, this.origin, this.redirectUri, state);
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
      throw new SignInError(
        $localize`This sign-in link is not valid or has expired. Please sign in again.`,
      );
    }
    if (!code)
      throw new SignInError($localize`Google did not complete the sign-in. Please try again.`);
    try {
      this.store(await firstValueFrom(this.api.login(code, this.redirectUri)));
    } catch (error) {
      if (error instanceof SignInError) throw error;
      if (toApiError(error).code === INVALID_RESPONSE) throw new SignInError(unusableTokensMessage);
      if (error instanceof HttpErrorResponse && error.status === 401) {
        throw new SignInError($localize`Google did not accept this sign-in. Please try again.`);
      }
      throw new SignInError(toApiError(error).message);
    }
    return safeReturnUrl(pending.returnUrl);
  }

  /**
   * Ends the session in every tab at once (the session effects take every tab to the
   * sign-in page), then asks the backend to revoke its refresh token. Should that call
   * fail, the browser is signed out all the same.
   */
  signOut(): void {
    const refreshToken = this.session()?.refreshToken;
    this.end('signed-out');
    if (refreshToken) {
      this.api.logout(refreshToken).subscribe({ error: () => undefined });
    }
  }

  /** The backend refused this session (a 401 even with fresh tokens): it is over, in every tab. */
  sessionExpired(): void {
    this.end('expired');
  }

  /** The access token for a request, as it stands (no refresh); null when signed out. */
  currentAccessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /** When `token` expires (by this browser's clock) and how early it is renewed; null if unknown. */
  accessTokenExpiry(token: string): { expiresAt: number; refreshAheadMs: number } | null {
    const session = this.session();
    if (session?.accessToken !== token) return null;
    return { expiresAt: session.expiresAt, refreshAheadMs: refreshAheadMs(session) };
  }

  /**
   * The token to send with an API request: refreshed first when about to expire (a tab
   * that slept past its timer); null when signed out. While renewal fails, the current
   * token as long as it is good; once it has expired, a {@link SessionRenewalError}.
   */
  async accessTokenForRequest(): Promise<string | null> {
    if (!this.session()) return null;
    return this.getAccessToken().catch((error: unknown) => {
      if (error instanceof SessionRenewalError) throw error;
      return this.currentAccessToken(); // the session ended: the 401 path and the effects decide
    });
  }

  /** A usable access token (refreshed first when it is about to expire): the hub's token factory. */
  async getAccessToken(): Promise<string> {
    const session = this.adopt(readSession() ?? this.session(), 'elsewhere');
    if (!session) throw new Error('Not signed in');
    if (isFresh(session)) return session.accessToken;
    try {
      return await this.refresh();
    } catch (error) {
      // Renewal fails for now, but this token still works until it expires.
      const current = this.session();
      if (error instanceof SessionRenewalError && current && isUsable(current)) {
        return current.accessToken;
      }
      throw error;
    }
  }

  /**
   * After the API refused `rejectedToken` with 401: refresh, unless another request or
   * tab already did, and answer the token to retry with. Rejects when the session is over,
   * or with a {@link SessionRenewalError} when it could not be renewed for now.
   */
  async refreshAfterUnauthorized(rejectedToken: string | null): Promise<string> {
    const session = this.adopt(readSession() ?? this.session(), 'elsewhere');
    if (session && session.accessToken !== rejectedToken) return session.accessToken;
    return this.refresh();
  }

  /**
   * One refresh at a time: every caller shares the one in flight. While a failed renewal
   * waits out its backoff, callers get that failure at once: only the timer tries again.
   */
  refresh(): Promise<string> {
    const failure = this.renewalFailure;
    if (!this.refreshing && failure && Date.now() < failure.retryAt) return Promise.reject(failure);
    if (!this.refreshing) {
      // The session as it stood before waiting for the lock: a tab that refreshed
      // meanwhile is told apart from it, even once its storage event made it ours.
      const known = this.session();
      this.refreshing = this.withRefreshLock(() => this.refreshNow(known)).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshNow(known: StoredSession | null): Promise<string> {
    // Another tab may have refreshed while we waited for the lock: use its tokens, from
    // the handoff when this tab's localStorage has not caught up with them yet.
    const inStorage = readSession();
    const handedOff = inStorage && (await this.handoff.successor(inStorage.refreshToken));
    const stored = this.adopt(handedOff ?? readSession(), 'elsewhere');
    if (!stored) throw new Error('Not signed in');
    if (stored.refreshToken !== known?.refreshToken && isFresh(stored)) {
      return stored.accessToken;
    }
    try {
      const session = this.store(await firstValueFrom(this.api.refresh(stored.refreshToken)));
      // Recorded before the lock is released, so the next holder cannot spend it again.
      await this.handoff.record({ spent: stored.refreshToken, session });
      return session.accessToken;
    } catch (error) {
      const latest = (await this.handoff.successor(stored.refreshToken)) ?? readSession();
      if (latest && latest.refreshToken !== stored.refreshToken) {
        return this.adopt(latest, 'elsewhere')!.accessToken;
      }
      if (endsSession(error)) {
        this.end('expired');
        throw error;
      }
      throw this.renewalFailed(error);
    }
  }

  /** Keeps the session and tries again later: backoff, Retry-After honoured, capped. */
  private renewalFailed(error: unknown): SessionRenewalError {
    this.renewalFailures++;
    const delay = renewalRetryDelay(this.renewalFailures, retryAfterMs(error));
    const status = error instanceof HttpErrorResponse ? error.status : -1;
    this.renewalFailure = new SessionRenewalError(status, Date.now() + delay);
    this.scheduleRefresh();
    return this.renewalFailure;
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
    this.adopt(session, 'signed-out');
    return session;
  }

  private end(reason: SessionEndReason): void {
    localStorage.removeItem(SESSION_STORAGE_KEY);
    void this.handoff.clear();
    this.adopt(null, reason);
  }

  /**
   * Makes `session` this tab's session (if it changed), re-arms the refresh timer and
   * announces a change of person; `reason` says why, should the session end here.
   */
  private adopt(session: StoredSession | null, reason: SessionEndReason): StoredSession | null {
    const current = this.session();
    if (
      session?.accessToken === current?.accessToken &&
      session?.refreshToken === current?.refreshToken
    ) {
      return current;
    }
    const before = this.userKey();
    this.session.set(session);
    this.renewalFailure = null;
    this.renewalFailures = 0;
    this.scheduleRefresh();
    this.announce(before, reason);
    return session;
  }

  private announce(before: string | null, reason: SessionEndReason): void {
    const after = this.userKey();
    const user = this.user();
    if (before === after) return;
    if (user && before === null) {
      this.changes.next({ kind: 'started', user, sameUserAsBefore: after === this.lastUserKey });
    } else if (user) {
      this.changes.next({ kind: 'changed', user });
    } else {
      this.lastUserKey = before;
      this.changes.next({ kind: 'ended', reason });
    }
  }

  private scheduleRefresh(): void {
    this.clearRefreshTimer();
    const session = this.session();
    if (!session) return;
    const due = this.renewalFailure?.retryAt ?? session.expiresAt - refreshAheadMs(session);
    this.refreshTimer = setTimeout(
      () => {
        this.refreshTimer = null;
        this.refresh().catch(() => undefined); // a failure ends the session or re-arms this timer
      },
      Math.max(0, due - Date.now()),
    );
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
