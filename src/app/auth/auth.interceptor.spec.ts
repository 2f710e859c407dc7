import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { authInterceptor } from './auth.interceptor';
import { toApiError } from '../api/api-error';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';
import { jwt, localEnvironment, storeSession } from './session.testing';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: APP_ENVIRONMENT, useValue: localEnvironment },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => TestBed.resetTestingModule());

  function sessionEnds(): string[] {
    const reasons: string[] = [];
    TestBed.inject(AuthService).sessionChanges$.subscribe((change) => {
      if (change.kind === 'ended') reasons.push(change.reason);
    });
    return reasons;
  }

  /** Lets the interceptor's token lookup (a promise) run. */
  const tick = () => new Promise((resolve) => setTimeout(resolve));

  it('adds the bearer token to API calls only', async () => {
    const session = storeSession();
    void firstValueFrom(http.get('/api/v1/albums'));
    void firstValueFrom(http.get('https://drive.google.com/drive/folders/x'));
    void firstValueFrom(http.get('/api/v1-other/x'));
    await tick();
    expect(backend.expectOne('/api/v1/albums').request.headers.get('Authorization')).toBe(
      `Bearer ${session.accessToken}`,
    );
    expect(
      backend
        .expectOne('https://drive.google.com/drive/folders/x')
        .request.headers.has('Authorization'),
    ).toBe(false);
    expect(backend.expectOne('/api/v1-other/x').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401, refreshes once and retries with the new token', async () => {
    storeSession();
    const answer = firstValueFrom(http.get('/api/v1/albums'));
    await tick();
    backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
    await tick();
    const fresh = jwt({ name: 'fresh' });
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({ accessToken: fresh, refreshToken: 'refresh-2', expiresIn: 3600 });
    await tick();
    const retry = backend.expectOne('/api/v1/albums');
    expect(retry.request.headers.get('Authorization')).toBe(`Bearer ${fresh}`);
    retry.flush({ items: [], totalCount: 0 });
    await expect(answer).resolves.toEqual({ items: [], totalCount: 0 });
  });

  it('shares one refresh between requests refused together', async () => {
    storeSession();
    const answers = Promise.all([
      firstValueFrom(http.get('/api/v1/a')),
      firstValueFrom(http.get('/api/v1/b')),
    ]);
    await tick();
    backend.expectOne('/api/v1/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/b').flush(null, { status: 401, statusText: 'Unauthorized' });
    await tick();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({ accessToken: jwt({ name: 'n' }), refreshToken: 'r2', expiresIn: 3600 });
    await tick();
    backend.expectOne('/api/v1/a').flush('a');
    backend.expectOne('/api/v1/b').flush('b');
    await expect(answers).resolves.toEqual(['a', 'b']);
  });

  it('ends the session (expired) on a second 401', async () => {
    storeSession();
    const ended = sessionEnds();
    const answer = firstValueFrom(http.get('/api/v1/albums'));
    await tick();
    backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
    await tick();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({ accessToken: jwt({ name: 'n' }), refreshToken: 'r2', expiresIn: 3600 });
    await tick();
    backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(ended).toEqual(['expired']);
  });

  it('ends the session (expired) when the refresh token is refused', async () => {
    storeSession();
    const ended = sessionEnds();
    const answer = firstValueFrom(http.get('/api/v1/albums'));
    await tick();
    backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
    await tick();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(null, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(ended).toEqual(['expired']);
    backend.expectNone('/api/v1/albums');
  });

  for (const [status, statusText] of [
    [503, 'Service Unavailable'],
    [500, 'Internal Server Error'],
    [429, 'Too Many Requests'],
    [0, 'Unknown Error'],
  ] as const) {
    it(`keeps the session when the refresh answers ${status}: the request fails with a clear error`, async () => {
      storeSession();
      const ended = sessionEnds();
      const answer = firstValueFrom(http.get('/api/v1/albums'));
      await tick();
      backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
      await tick();
      const refresh = backend.expectOne('/api/v1/auth/refresh');
      if (status === 0) refresh.error(new ProgressEvent('error'), { status, statusText });
      else refresh.flush(null, { status, statusText });
      await expect(answer).rejects.toMatchObject({
        name: 'SessionRenewalError',
        status,
        message: expect.stringContaining('You are still signed in'),
      });
      expect(toApiError(await answer.catch((error: unknown) => error)).message).toContain(
        'You are still signed in',
      );
      expect(ended).toEqual([]);
      expect(TestBed.inject(AuthService).isSignedIn()).toBe(true);
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).not.toBeNull();
      expect(navigate).not.toHaveBeenCalled();
    });
  }

  it("drops an answer that arrives after another person's session took over", async () => {
    storeSession();
    const answer = firstValueFrom(http.get('/api/v1/albums'), { defaultValue: 'dropped' });
    await tick();
    const request = backend.expectOne('/api/v1/albums');
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({
        accessToken: jwt({ sub: 'u9', org_id: 'org-binh' }),
        refreshToken: 'binh',
        expiresAt: Date.now() + 3_600_000,
      }),
    );
    window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY }));
    request.flush({ items: [{ id: 'an-album' }], totalCount: 1 });
    await expect(answer).resolves.toBe('dropped');
  });

  it('leaves other errors alone', async () => {
    storeSession();
    const answer = firstValueFrom(http.get('/api/v1/albums/x'));
    await tick();
    backend
      .expectOne('/api/v1/albums/x')
      .flush({ code: 'ALBUM_101A' }, { status: 404, statusText: 'Not Found' });
    await expect(answer).rejects.toMatchObject({ status: 404 });
    backend.expectNone('/api/v1/auth/refresh');
    expect(navigate).not.toHaveBeenCalled();
  });
});
