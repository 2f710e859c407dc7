import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HttpHeaders } from '@angular/common/http';
import { provideRouter } from '@angular/router';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { authInterceptor } from './auth.interceptor';
import {
  AuthService,
  SESSION_STORAGE_KEY,
  SIGN_IN_REDIRECT,
  SIGN_IN_STORAGE_KEY,
  SessionRenewalError,
  SignInError,
  type SessionChange,
} from './auth.service';
import {
  REFRESH_HANDOFF,
  successorIn,
  type RefreshHandoff,
  type Rotation,
} from './refresh-handoff';
import { jwt, localEnvironment, storeSession, testUser } from './session.testing';

describe('AuthService', () => {
  let http: HttpTestingController;
  let redirect: ReturnType<typeof vi.fn>;

  function setUp(environment: PhotoFlowEnvironment = localEnvironment, handoff?: RefreshHandoff) {
    redirect = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        ...(handoff ? [{ provide: REFRESH_HANDOFF, useValue: handoff }] : []),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: APP_ENVIRONMENT, useValue: environment },
        { provide: SIGN_IN_REDIRECT, useValue: redirect },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  function record(auth: AuthService): SessionChange[] {
    const changes: SessionChange[] = [];
    auth.sessionChanges$.subscribe((change) => changes.push(change));
    return changes;
  }

  /**
   * Another tab writes the shared session: the browser tells every tab but the writer,
   * with a storage event carrying the key and both values.
   */
  function otherTab(write: () => void) {
    const oldValue = localStorage.getItem(SESSION_STORAGE_KEY);
    write();
    window.dispatchEvent(
      new StorageEvent('storage', {
        key: SESSION_STORAGE_KEY,
        oldValue,
        newValue: localStorage.getItem(SESSION_STORAGE_KEY),
        storageArea: localStorage,
        url: location.href,
      }),
    );
  }

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  describe('sign-in', () => {
    it("sends the browser to the authorize page with the code flow's parameters", () => {
      const auth = setUp();
      auth.signIn('/albums/42');
      const url = new URL(redirect.mock.calls[0][0]);
      expect(url.origin + url.pathname).toBe(`${location.origin}/dev/oauth/authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'photoflow-web-local',
        redirect_uri: `${location.origin}/callback`,
        response_type: 'code',
        scope: 'openid email profile',
        state: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(JSON.parse(sessionStorage.getItem(SIGN_IN_STORAGE_KEY)!)).toEqual({
        state: url.searchParams.get('state'),
        returnUrl: '/albums/42',
      });
    });

    it('uses a new random state each time', () => {
      const auth = setUp();
      const state = (url: string) => new URL(url).searchParams.get('state');
      expect(state(auth.buildSignInUrl())).not.toBe(state(auth.buildSignInUrl()));
    });

    it("refuses clearly when the environment's client id is the placeholder", () => {
      const auth = setUp({
        ...localEnvironment,
        name: 'uat',
        oauth: { ...localEnvironment.oauth, clientId: 'PHOTOFLOW_GOOGLE_CLIENT_ID' },
      });
      expect(auth.configurationError).toContain('environments/environment.uat.ts');
      expect(() => auth.signIn()).toThrow(SignInError);
      expect(redirect).not.toHaveBeenCalled();
    });

    it('checks state, exchanges the code and answers the return URL', async () => {
      const auth = setUp();
      const state = new URL(auth.buildSignInUrl('/albums/42')).searchParams.get('state');
      const done = auth.completeSignIn('code-1', state);
      await Promise.resolve();
      const login = http.expectOne('/api/v1/auth/login');
      expect(login.request.body).toEqual({
        provider: 'Google',
        code: 'code-1',
        redirectUri: `${location.origin}/callback`,
      });
      expect(login.request.headers.has('Authorization')).toBe(false);
      login.flush({ accessToken: jwt(), refreshToken: 'refresh-1', expiresIn: 3600 });
      await expect(done).resolves.toBe('/albums/42');
      expect(auth.user()).toEqual(testUser);
      expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!).refreshToken).toBe('refresh-1');
    });

    it('rejects a callback whose state does not match, without calling the backend', async () => {
      const auth = setUp();
      auth.buildSignInUrl();
      await expect(auth.completeSignIn('code-1', 'forged')).rejects.toThrow(SignInError);
      http.expectNone('/api/v1/auth/login');
      expect(auth.isSignedIn()).toBe(false);
    });

    it('says so when the code is refused', async () => {
      const auth = setUp();
      const state = new URL(auth.buildSignInUrl()).searchParams.get('state');
      const done = auth.completeSignIn('bad', state);
      await Promise.resolve();
      http
        .expectOne('/api/v1/auth/login')
        .flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });
      await expect(done).rejects.toThrow('Google did not accept this sign-in. Please try again.');
    });

    it('refuses tokens it cannot keep a session on, storing nothing', async () => {
      for (const tokens of [
        { accessToken: jwt(), refreshToken: 'r', expiresIn: 0 },
        { accessToken: jwt(), refreshToken: 'r' },
        { accessToken: '', refreshToken: 'r', expiresIn: 3600 },
        null,
      ]) {
        const auth = setUp();
        const state = new URL(auth.buildSignInUrl()).searchParams.get('state');
        const done = auth.completeSignIn('c', state);
        await Promise.resolve();
        http.expectOne('/api/v1/auth/login').flush(tokens);
        await expect(done).rejects.toThrow(
          new SignInError(
            'PhotoFlow answered the sign-in with a session it cannot keep. Please try again later.',
          ),
        );
        expect(auth.isSignedIn()).toBe(false);
        expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
        TestBed.resetTestingModule();
      }
    });

    it('never returns to a URL outside the app', async () => {
      const auth = setUp();
      const state = new URL(auth.buildSignInUrl('//evil.example/x')).searchParams.get('state');
      const done = auth.completeSignIn('c', state);
      await Promise.resolve();
      http
        .expectOne('/api/v1/auth/login')
        .flush({ accessToken: jwt(), refreshToken: 'r', expiresIn: 3600 });
      await expect(done).resolves.toBe('/albums');
    });
  });

  describe('the session', () => {
    it('survives a reload', () => {
      storeSession();
      const auth = setUp();
      expect(auth.user()?.email).toBe('chi@photoflow.test');
    });

    it('follows other tabs: their refresh and their sign-out', () => {
      storeSession();
      const auth = setUp();
      const changes = record(auth);
      otherTab(() =>
        storeSession({ accessToken: jwt({ name: 'Chi (refreshed)' }), refreshToken: 'refresh-2' }),
      );
      expect(auth.user()?.name).toBe('Chi (refreshed)');
      expect(changes).toEqual([]); // the same person: not a change of session
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      expect(auth.isSignedIn()).toBe(false);
      expect(changes).toEqual([{ kind: 'ended', reason: 'elsewhere' }]);
    });

    it("announces another person's session from another tab as a change, and a sign-in there as a start", () => {
      const auth = setUp();
      const changes = record(auth);
      otherTab(() => storeSession());
      otherTab(() =>
        storeSession({
          accessToken: jwt({ sub: 'u9', email: 'binh@photoflow.test', org_id: 'org-binh' }),
        }),
      );
      expect(changes.map((change) => change.kind)).toEqual(['started', 'changed']);
      expect(changes[1]).toMatchObject({ user: { id: 'u9', orgId: 'org-binh' } });
    });

    it('tells a returning user from a newcomer after a sign-out', () => {
      storeSession();
      const auth = setUp();
      const changes = record(auth);
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      otherTab(() => storeSession({ refreshToken: 'again' }));
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      otherTab(() => storeSession({ accessToken: jwt({ sub: 'u9' }) }));
      expect(changes.filter((change) => change.kind === 'started')).toEqual([
        expect.objectContaining({ sameUserAsBefore: true }),
        expect.objectContaining({ sameUserAsBefore: false }),
      ]);
    });

    it('signs out everywhere, announcing a deliberate sign-out', () => {
      storeSession();
      const auth = setUp();
      const changes = record(auth);
      auth.signOut();
      expect(auth.user()).toBeNull();
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
      expect(changes).toEqual([{ kind: 'ended', reason: 'signed-out' }]);
      http.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    });

    it('asks the backend to revoke the refresh token, with no bearer token', () => {
      storeSession({ refreshToken: 'refresh-1' });
      const auth = setUp();
      auth.signOut();
      const logout = http.expectOne('/api/v1/auth/logout');
      expect(logout.request.method).toBe('POST');
      expect(logout.request.body).toEqual({ refreshToken: 'refresh-1' });
      expect(logout.request.headers.has('Authorization')).toBe(false);
      logout.flush(null, { status: 204, statusText: 'No Content' });
      http.verify();
    });

    it('is signed out even when the revocation fails', () => {
      storeSession();
      const auth = setUp();
      auth.signOut();
      http.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'));
      expect(auth.isSignedIn()).toBe(false);
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
      http.verify();
    });
  });

  describe('refresh across tabs (Web Locks)', () => {
    /** navigator.locks as the browser's: one holder at a time per name, the rest queued. */
    function fakeLocks() {
      const queues = new Map<string, Promise<unknown>>();
      const locks = {
        request(name: string, work: () => Promise<unknown>) {
          const previous = queues.get(name) ?? Promise.resolve();
          const turn = previous.then(() => work());
          queues.set(
            name,
            turn.catch(() => undefined),
          );
          return turn;
        },
      };
      Object.defineProperty(window.navigator, 'locks', { value: locks, configurable: true });
      return locks;
    }

    afterEach(() => {
      Reflect.deleteProperty(window.navigator, 'locks');
    });

    it('uses the tokens another tab stored while it waited for the lock, even once adopted', async () => {
      const locks = fakeLocks();
      storeSession({ refreshToken: 'old', expiresAt: Date.now() + 10_000 });
      const auth = setUp();
      // Another tab holds the lock: it is refreshing.
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      void locks.request('photoflow.refresh', () => held);
      const token = auth.refresh();
      // Its new session arrives (storage event) before it lets go of the lock.
      const renewed = jwt({ sub: 'u1' });
      otherTab(() => storeSession({ accessToken: renewed, refreshToken: 'new' }));
      release();
      await expect(token).resolves.toBe(renewed);
      // Spending a token that tab already spent would revoke the session's whole family.
      http.expectNone('/api/v1/auth/refresh');
    });
  });

  describe('refresh handed off between tabs (IndexedDB)', () => {
    /** IndexedDB as the tabs share it: asynchronous, and the same for every tab at once. */
    function memoryHandoff(rotations: Rotation[] = []): RefreshHandoff & { rotations: Rotation[] } {
      const later = <T>(value: () => T) =>
        new Promise<T>((done) => setTimeout(() => done(value())));
      return {
        rotations,
        successor: (token) => later(() => successorIn(rotations, token)),
        record: (rotation) => later(() => void rotations.push(rotation)),
        clear: () => later(() => void rotations.splice(0)),
      };
    }

    it('uses the rotation another tab handed off while its localStorage still shows the spent token', async () => {
      // The other tab refreshed and let go of the lock; its localStorage write has not
      // reached this tab yet (Chromium delivers it asynchronously), its handoff has.
      storeSession({ refreshToken: 'spent', expiresAt: Date.now() + 10_000 });
      const renewed = jwt({ name: 'renewed' });
      const session = {
        accessToken: renewed,
        refreshToken: 'next',
        expiresAt: Date.now() + 3_600_000,
      };
      const auth = setUp(localEnvironment, memoryHandoff([{ spent: 'spent', session }]));
      await expect(auth.refresh()).resolves.toBe(renewed);
      http.expectNone('/api/v1/auth/refresh');
      expect(auth.currentAccessToken()).toBe(renewed);
    });

    it('records its rotation before the next tab may refresh, and forgets it on sign-out', async () => {
      storeSession({ refreshToken: 'refresh-1', expiresAt: Date.now() + 10_000 });
      const handoff = memoryHandoff();
      const auth = setUp(localEnvironment, handoff);
      const token = auth.refresh();
      await vi.waitFor(() =>
        http.expectOne('/api/v1/auth/refresh').flush({
          accessToken: jwt({ name: 'fresh' }),
          refreshToken: 'refresh-2',
          expiresIn: 3600,
        }),
      );
      await token;
      expect(handoff.rotations.map((r) => [r.spent, r.session.refreshToken])).toEqual([
        ['refresh-1', 'refresh-2'],
      ]);
      auth.signOut();
      http.expectOne('/api/v1/auth/logout').flush(null);
      await vi.waitFor(() => expect(handoff.rotations).toEqual([]));
    });

    it('follows a chain of rotations from the token it holds', () => {
      const session = (refreshToken: string) => ({ accessToken: 'a', refreshToken, expiresAt: 1 });
      const rotations = [
        { spent: 't1', session: session('t2') },
        { spent: 'x', session: session('y') },
        { spent: 't2', session: session('t3') },
      ];
      expect(successorIn(rotations, 't1')?.refreshToken).toBe('t3');
      expect(successorIn(rotations, 't3')).toBeNull();
    });
  });

  describe('refresh', () => {
    it('gives the hub the current token while it is fresh', async () => {
      const session = storeSession();
      const auth = setUp();
      await expect(auth.getAccessToken()).resolves.toBe(session.accessToken);
      http.expectNone('/api/v1/auth/refresh');
    });

    it('refreshes a token about to expire, once for every caller at the same time', async () => {
      storeSession({ expiresAt: Date.now() + 10_000 });
      const auth = setUp();
      const tokens = Promise.all([auth.getAccessToken(), auth.getAccessToken(), auth.refresh()]);
      await Promise.resolve();
      const refresh = http.expectOne('/api/v1/auth/refresh');
      expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
      const fresh = jwt({ name: 'fresh' });
      refresh.flush({ accessToken: fresh, refreshToken: 'refresh-2', expiresIn: 3600 });
      await expect(tokens).resolves.toEqual([fresh, fresh, fresh]);
      expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!).refreshToken).toBe('refresh-2');
    });

    it('uses the tokens another tab just refreshed instead of spending the used refresh token', async () => {
      storeSession({ expiresAt: Date.now() + 10_000 });
      const auth = setUp();
      const other = storeSession({
        accessToken: jwt({ name: 'other tab' }),
        refreshToken: 'refresh-2',
      });
      await expect(auth.refresh()).resolves.toBe(other.accessToken);
      http.expectNone('/api/v1/auth/refresh');
    });

    it('refreshes ahead of expiry by itself, a third of a short lifetime early', async () => {
      vi.useFakeTimers();
      storeSession({ expiresAt: Date.now() + 20_000, lifetimeMs: 20_000 });
      setUp();
      await vi.advanceTimersByTimeAsync(13_000);
      http.expectNone('/api/v1/auth/refresh');
      await vi.advanceTimersByTimeAsync(400);
      http
        .expectOne('/api/v1/auth/refresh')
        .flush({ accessToken: jwt(), refreshToken: 'r2', expiresIn: 20 });
      await vi.advanceTimersByTimeAsync(1000);
      http.expectNone('/api/v1/auth/refresh'); // no tight loop: the next one is ~13 s away
    });

    describe('when the refresh fails for now (5xx, 429, network)', () => {
      /** A 20-second session, refreshed ~13.3 s in; the first attempt answers `answer`. */
      async function failFirstRefresh(answer: (request: TestRequest) => void) {
        vi.useFakeTimers();
        const first = storeSession({ expiresAt: Date.now() + 20_000, lifetimeMs: 20_000 });
        const auth = setUp();
        const changes = record(auth);
        await vi.advanceTimersByTimeAsync(13_400);
        answer(http.expectOne('/api/v1/auth/refresh'));
        await vi.advanceTimersByTimeAsync(0);
        return { auth, changes, first };
      }

      const unavailable = (retryAfter?: string) => (request: TestRequest) =>
        request.flush(null, {
          status: 503,
          statusText: 'Service Unavailable',
          headers: retryAfter ? new HttpHeaders({ 'Retry-After': retryAfter }) : undefined,
        });

      it('keeps the session in every tab and tries again after Retry-After', async () => {
        const { auth, changes, first } = await failFirstRefresh(unavailable('5'));
        expect(auth.isSignedIn()).toBe(true);
        expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!).refreshToken).toBe(
          first.refreshToken,
        );
        expect(changes).toEqual([]);
        await vi.advanceTimersByTimeAsync(4_900);
        http.expectNone('/api/v1/auth/refresh');
        await vi.advanceTimersByTimeAsync(200);
        const fresh = jwt({ name: 'fresh' });
        http
          .expectOne('/api/v1/auth/refresh')
          .flush({ accessToken: fresh, refreshToken: 'refresh-2', expiresIn: 20 });
        await vi.advanceTimersByTimeAsync(0);
        expect(auth.currentAccessToken()).toBe(fresh);
        expect(changes).toEqual([]);
      });

      it('caps a long Retry-After at 30 s (429 too)', async () => {
        await failFirstRefresh((request) =>
          request.flush(null, {
            status: 429,
            statusText: 'Too Many Requests',
            headers: new HttpHeaders({ 'Retry-After': '600' }),
          }),
        );
        await vi.advanceTimersByTimeAsync(29_900);
        http.expectNone('/api/v1/auth/refresh');
        await vi.advanceTimersByTimeAsync(200);
        http.expectOne('/api/v1/auth/refresh');
      });

      it('backs off on a network error, and keeps trying without signing out', async () => {
        const { auth, changes } = await failFirstRefresh((request) =>
          request.error(new ProgressEvent('error'), { status: 0 }),
        );
        for (let failure = 1; failure <= 6; failure++) {
          // Equal jitter over an exponential step: somewhere in [step/2, step].
          await vi.advanceTimersByTimeAsync(Math.min(30_000, 1000 * 2 ** (failure - 1)));
          http
            .expectOne('/api/v1/auth/refresh')
            .flush(null, { status: 502, statusText: 'Bad Gateway' });
          await vi.advanceTimersByTimeAsync(0);
        }
        expect(auth.isSignedIn()).toBe(true);
        expect(changes).toEqual([]);
      });

      it('meanwhile: the token is used while it is good; then callers get a clear error, not extra refreshes', async () => {
        const { auth, first } = await failFirstRefresh(unavailable('10'));
        await expect(auth.getAccessToken()).resolves.toBe(first.accessToken);
        await expect(auth.accessTokenForRequest()).resolves.toBe(first.accessToken);
        await vi.advanceTimersByTimeAsync(6_000); // the token has expired; the retry is not due
        await expect(auth.getAccessToken()).rejects.toBeInstanceOf(SessionRenewalError);
        await expect(auth.accessTokenForRequest()).rejects.toThrow(
          'PhotoFlow could not renew your session just now',
        );
        await expect(auth.refresh()).rejects.toMatchObject({ status: 503 });
        http.expectNone('/api/v1/auth/refresh');
        expect(auth.isSignedIn()).toBe(true);
      });

      it('a refused refresh token (401, 400) does end the session, as expired', async () => {
        for (const status of [401, 400]) {
          const { auth, changes } = await failFirstRefresh((request) =>
            request.flush(null, { status, statusText: 'Refused' }),
          );
          expect(auth.isSignedIn()).toBe(false);
          expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
          expect(changes).toEqual([{ kind: 'ended', reason: 'expired' }]);
          TestBed.resetTestingModule();
        }
      });
    });
  });
});
