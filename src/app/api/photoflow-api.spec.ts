import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { API_BASE_URL, PhotoflowApi } from './photoflow-api';

describe('PhotoflowApi (CONTRACT §5)', () => {
  let api: PhotoflowApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: API_BASE_URL, useValue: 'https://dev.api.photoflow.vn/api/v1' },
      ],
    });
    api = TestBed.inject(PhotoflowApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  const base = 'https://dev.api.photoflow.vn/api/v1';

  it('lists albums with only the filters given', () => {
    void firstValueFrom(api.listAlbums({ search: 'wed', state: 'Raw', page: 2, pageSize: 20 }));
    backend
      .expectOne(`${base}/albums?search=wed&state=Raw&page=2&pageSize=20`)
      .flush({ items: [], totalCount: 0 });
    void firstValueFrom(api.listAlbums());
    backend.expectOne(`${base}/albums`).flush({ items: [], totalCount: 0 });
  });

  it('tells a trigger that started a sync (202) from one that changed the state (200)', async () => {
    const album = { id: 'a' };
    const started = firstValueFrom(api.fireTrigger('a', 'SyncRawTag'));
    const request = backend.expectOne(`${base}/albums/a/state`);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ trigger: 'SyncRawTag' });
    request.flush(album, { status: 202, statusText: 'Accepted' });
    await expect(started).resolves.toEqual({ album, syncStarted: true });

    const moved = firstValueFrom(api.fireTrigger('a', 'Finish'));
    backend.expectOne(`${base}/albums/a/state`).flush(album);
    await expect(moved).resolves.toEqual({ album, syncStarted: false });
  });

  it("speaks the contract's paths and bodies", () => {
    const calls: [() => unknown, string, string, unknown][] = [
      [
        () => api.login('code', 'http://app/callback'),
        'POST',
        '/auth/login',
        { provider: 'Google', code: 'code', redirectUri: 'http://app/callback' },
      ],
      [() => api.refresh('r1'), 'POST', '/auth/refresh', { refreshToken: 'r1' }],
      [
        () => api.createAlbum({ name: 'n', rawFolderUrl: 'u' }),
        'POST',
        '/albums',
        { name: 'n', rawFolderUrl: 'u' },
      ],
      [() => api.getAlbum('a'), 'GET', '/albums/a', null],
      [() => api.renameAlbum('a', 'n'), 'PUT', '/albums/a', { name: 'n' }],
      [() => api.deleteAlbum('a'), 'DELETE', '/albums/a', null],
      [() => api.getTransitions('a'), 'GET', '/albums/a/transitions', null],
      [() => api.getTags('a'), 'GET', '/albums/a/tags', null],
      [() => api.getTag('a', 't'), 'GET', '/albums/a/tags/t', null],
      [() => api.setTagUrl('a', 't', 'u'), 'PUT', '/albums/a/tags/t/url', { url: 'u' }],
      [
        () => api.getPhotos('a', 't', 1, 100),
        'GET',
        '/albums/a/tags/t/photos?page=1&pageSize=100',
        null,
      ],
      [() => api.vote('a', 'p', true), 'POST', '/albums/a/photos/p/vote', { voted: true }],
      [() => api.resyncFolder('f'), 'POST', '/storage/folders/f/sync', null],
    ];
    for (const [call, method, path, body] of calls) {
      void firstValueFrom(call() as never);
      const request = backend.expectOne(`${base}${path}`);
      expect([request.request.method, request.request.body]).toEqual([method, body]);
      request.flush({});
    }
  });

  it('escapes ids in paths', () => {
    void firstValueFrom(api.getAlbum('../admin'));
    backend.expectOne(`${base}/albums/..%2Fadmin`).flush({});
  });

  it('knows its own URLs, for the bearer token', () => {
    expect(api.isApiUrl(`${base}/albums`)).toBe(true);
    expect(api.isApiUrl(`${base}-evil/albums`)).toBe(false);
    expect(api.isApiUrl('https://drive.google.com/x')).toBe(false);
    expect(api.isAuthUrl(`${base}/auth/refresh`)).toBe(true);
  });
});
