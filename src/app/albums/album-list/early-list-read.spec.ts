import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { forgetEarlyRead } from '../../api/early-read';
import { API_BASE_URL, PhotoflowApi } from '../../api/photoflow-api';
import { storeSession } from '../../auth/session.testing';
import { LIST_PAGE_SIZE } from '../data-access/album-pages';
import { readListEarly } from './early-list-read';
import { listQuery, writeListPlace } from './list-place';

describe('readListEarly', () => {
  const apiBaseUrl = 'https://dev.api.photoflow.vn/api/v1/';
  let sent: { url: string; headers: Record<string, string> }[];

  const send: typeof fetch = (input, init) => {
    sent.push({ url: String(input), headers: init?.headers as Record<string, string> });
    return Promise.resolve(new Response('{}'));
  };
  /** A page loaded at `path` under the app's base href. */
  const pageAt = (path: string) =>
    ({
      location: { href: `https://app.photoflow.vn/en/${path}` },
      baseURI: 'https://app.photoflow.vn/en/',
    }) as unknown as Document;

  /** The URL the list's own request for page 1 of `query` goes to. */
  function listRequestUrl(search: string, stage: 'Rate' | null): string {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: API_BASE_URL, useValue: 'https://dev.api.photoflow.vn/api/v1' },
      ],
    });
    TestBed.inject(PhotoflowApi)
      .listAlbums({ ...listQuery(search, stage), page: 1, pageSize: LIST_PAGE_SIZE })
      .subscribe();
    const backend = TestBed.inject(HttpTestingController);
    const request = backend.expectOne(() => true);
    request.flush({ items: [], totalCount: 0 });
    return request.request.urlWithParams;
  }

  beforeEach(() => {
    sent = [];
    localStorage.clear();
    sessionStorage.clear();
  });

  afterEach(() => {
    forgetEarlyRead();
    TestBed.resetTestingModule();
  });

  it("sends the list's own first request, with the session's token and the build's language", () => {
    const session = storeSession();
    readListEarly(pageAt('albums'), apiBaseUrl, send);
    expect(sent).toEqual([
      {
        url: listRequestUrl('', null),
        headers: { Authorization: `Bearer ${session.accessToken}`, 'Accept-Language': 'en' },
      },
    ]);
  });

  it('carries the search and stage the tab kept, as the list asks for them', () => {
    storeSession();
    writeListPlace({ search: '  Hà Nội & co  ', stage: 'Rate', first: 12 });
    readListEarly(pageAt(''), apiBaseUrl, send);
    expect(sent.map(({ url }) => url)).toEqual([listRequestUrl('  Hà Nội & co  ', 'Rate')]);
  });

  it('sends nothing where the list would not ask for its first page first', () => {
    readListEarly(pageAt('albums'), apiBaseUrl, send); // signed out
    storeSession({ expiresAt: Date.now() + 30_000 }); // due for renewal: the app renews first
    readListEarly(pageAt('albums'), apiBaseUrl, send);
    storeSession();
    readListEarly(pageAt('login'), apiBaseUrl, send);
    readListEarly(pageAt('albums/a1'), apiBaseUrl, send);
    writeListPlace({ search: '', stage: null, first: LIST_PAGE_SIZE * 3 }); // deep in the list
    readListEarly(pageAt('albums'), apiBaseUrl, send);
    expect(sent).toEqual([]);
  });
});
