import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { INVALID_RESPONSE, toApiError } from './api-error';
import {
  albumAnswer,
  albumListAnswer,
  photoPageAnswer,
  tagListAnswer,
  tokensAnswer,
  transitionsAnswer,
} from './backend-answers.testing';
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
    const album = albumAnswer;
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

  /** Every call that answers a body: how to make it, its method, path and body, and a real answer. */
  const calls: [() => Observable<unknown>, string, string, unknown, object][] = [
    [
      () => api.login('code', 'http://app/callback'),
      'POST',
      '/auth/login',
      { provider: 'Google', code: 'code', redirectUri: 'http://app/callback' },
      tokensAnswer,
    ],
    [() => api.refresh('r1'), 'POST', '/auth/refresh', { refreshToken: 'r1' }, tokensAnswer],
    [() => api.listAlbums(), 'GET', '/albums', null, albumListAnswer],
    [
      () => api.createAlbum({ name: 'n', rawFolderUrl: 'u' }),
      'POST',
      '/albums',
      { name: 'n', rawFolderUrl: 'u' },
      albumAnswer,
    ],
    [() => api.getAlbum('a'), 'GET', '/albums/a', null, albumAnswer],
    [() => api.renameAlbum('a', 'n'), 'PUT', '/albums/a', { name: 'n' }, albumAnswer],
    [() => api.getTransitions('a'), 'GET', '/albums/a/transitions', null, transitionsAnswer],
    [
      () => api.fireTrigger('a', 'Finish'),
      'PUT',
      '/albums/a/state',
      { trigger: 'Finish' },
      albumAnswer,
    ],
    [() => api.getTags('a'), 'GET', '/albums/a/tags', null, tagListAnswer],
    [() => api.getTag('a', 't'), 'GET', '/albums/a/tags/t', null, tagListAnswer[0]],
    [
      () => api.setTagUrl('a', 't', 'u'),
      'PUT',
      '/albums/a/tags/t/url',
      { url: 'u' },
      tagListAnswer[0],
    ],
    [
      () => api.getPhotos('a', 't', 1, 100),
      'GET',
      '/albums/a/tags/t/photos?page=1&pageSize=100',
      null,
      photoPageAnswer,
    ],
    [
      () => api.vote('a', 'p', true),
      'POST',
      '/albums/a/photos/p/vote',
      { voted: true },
      photoPageAnswer.items[0],
    ],
  ];

  it("speaks the contract's paths and bodies", async () => {
    for (const [call, method, path, body, answer] of calls) {
      const done = firstValueFrom(call());
      const request = backend.expectOne(`${base}${path}`);
      expect([request.request.method, request.request.body]).toEqual([method, body]);
      request.flush(answer);
      await expect(done).resolves.toBeTruthy();
    }
    void firstValueFrom(api.deleteAlbum('a'));
    expect(backend.expectOne(`${base}/albums/a`).request.method).toBe('DELETE');
    void firstValueFrom(api.resyncFolder('f'));
    expect(backend.expectOne(`${base}/storage/folders/f/sync`).request.body).toBeNull();
  });

  it('turns any malformed 2xx answer into an INVALID_RESPONSE ApiError, for the failure action', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const [call, , path] of calls) {
      const done = firstValueFrom(call());
      backend.expectOne(`${base}${path}`).flush({ unexpected: true });
      const error = await done.catch((caught: unknown) => caught);
      expect(error).toEqual({
        status: 200,
        code: INVALID_RESPONSE,
        message: expect.stringContaining('sent an answer this app cannot read'),
      });
      // What the effects put in the failure action: the same error, as is.
      expect(toApiError(error)).toBe(error);
    }
    expect(logged).toHaveBeenCalledTimes(calls.length);
    logged.mockRestore();
  });

  it('says on the console what was wrong, and where', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = firstValueFrom(api.fireTrigger('a', 'SyncRawTag'));
    backend
      .expectOne(`${base}/albums/a/state`)
      .flush({ ...albumAnswer, photoCount: -3 }, { status: 202, statusText: 'Accepted' });
    await expect(done).rejects.toMatchObject({ status: 202, code: INVALID_RESPONSE });
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(
        /^\[api\] PUT \/albums\/a\/state answered 202 .*photoCount: Invalid value/,
      ),
    );
    logged.mockRestore();
  });

  it('never logs a token from a malformed sign-in answer', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = firstValueFrom(api.refresh('r1'));
    backend.expectOne(`${base}/auth/refresh`).flush({
      accessToken: 'the-access-token',
      refreshToken: 'the-refresh-token',
      expiresIn: '1h',
    });
    await expect(done).rejects.toMatchObject({ code: INVALID_RESPONSE });
    const said = logged.mock.calls.flat().join(' ');
    expect(said).toContain('expiresIn');
    expect(said).not.toMatch(/the-access-token|the-refresh-token|1h/);
    logged.mockRestore();
  });

  it('refuses a 2xx answer that is not JSON the same way', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = firstValueFrom(api.getAlbum('a'));
    // What HttpClient reports when a 200's body fails to parse (a proxy's HTML page).
    backend.expectOne(`${base}/albums/a`).error(new ProgressEvent('error'), { status: 200 });
    await expect(done).rejects.toMatchObject({ status: 200, code: INVALID_RESPONSE });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('GET /albums/a answered 200'));
    logged.mockRestore();
  });

  it('passes other failures on untouched, for the interceptor and effects to read', async () => {
    const done = firstValueFrom(api.getAlbum('a'));
    backend
      .expectOne(`${base}/albums/a`)
      .flush({ code: 'ALBUM_101A' }, { status: 404, statusText: 'Not Found' });
    await expect(done).rejects.toMatchObject({ status: 404, error: { code: 'ALBUM_101A' } });
  });

  it("asks past the browser's HTTP cache, which would queue tabs' reads of one URL behind each other", () => {
    void firstValueFrom(api.getAlbum('a'));
    void firstValueFrom(api.getPhotos('a', 't', 1, 100));
    void firstValueFrom(api.renameAlbum('a', 'b'));
    const asked = [
      backend.expectOne({ method: 'GET', url: `${base}/albums/a` }),
      backend.expectOne(`${base}/albums/a/tags/t/photos?page=1&pageSize=100`),
      backend.expectOne({ method: 'PUT', url: `${base}/albums/a` }),
    ];
    expect(asked.map(({ request }) => request.cache)).toEqual(['no-store', 'no-store', 'no-store']);
  });

  it("passes a photo page's priority to the browser: the default unless the caller lowers it", () => {
    void firstValueFrom(api.getPhotos('a', 't', 1, 100));
    void firstValueFrom(api.getPhotos('a', 't', 2, 100, 'low'));
    const asked = (page: number) =>
      backend.expectOne(`${base}/albums/a/tags/t/photos?page=${page}&pageSize=100`).request;
    expect(asked(1).priority).toBe('auto');
    expect(asked(2).priority).toBe('low');
  });

  it('lets nothing malformed through, even in a list: the store only sees what reads', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = firstValueFrom(api.getPhotos('a', 't', 1, 2));
    const [first, second] = photoPageAnswer.items;
    backend
      .expectOne(`${base}/albums/a/tags/t/photos?page=1&pageSize=2`)
      .flush({ items: [first, { ...second, id: 'constructor' }], totalCount: 240 });
    await expect(done).rejects.toMatchObject({ code: INVALID_RESPONSE });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('items.1.id'));
    logged.mockRestore();
  });

  it('escapes ids in paths', () => {
    void firstValueFrom(api.getAlbum('../admin'));
    backend.expectOne(`${base}/albums/..%2Fadmin`).flush(albumAnswer);
  });

  it('knows its own URLs, for the bearer token', () => {
    expect(api.isApiUrl(`${base}/albums`)).toBe(true);
    expect(api.isApiUrl(`${base}-evil/albums`)).toBe(false);
    expect(api.isApiUrl('https://drive.google.com/x')).toBe(false);
    expect(api.isAuthUrl(`${base}/auth/refresh`)).toBe(true);
  });
});
