import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { authInterceptor } from './auth.interceptor';
import { SESSION_STORAGE_KEY } from './auth.service';
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

  it('signs out to the sign-in page on a second 401', async () => {
    storeSession();
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
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('signs out when the refresh token is refused', async () => {
    storeSession();
    const answer = firstValueFrom(http.get('/api/v1/albums'));
    await tick();
    backend.expectOne('/api/v1/albums').flush(null, { status: 401, statusText: 'Unauthorized' });
    await tick();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush(null, { status: 401, statusText: 'Unauthorized' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
    backend.expectNone('/api/v1/albums');
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
