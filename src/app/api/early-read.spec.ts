import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { earlyReadInterceptor, forgetEarlyRead, readEarly } from './early-read';

describe('the early read and earlyReadInterceptor', () => {
  const url = '/api/v1/albums?page=1&pageSize=48';
  const headers = { Authorization: 'Bearer t1', 'Accept-Language': 'vi' };
  const page = { items: [{ id: 'a' }], totalCount: 1 };
  let http: HttpClient;
  let backend: HttpTestingController;
  let sent: { url: string; init: RequestInit | undefined }[];

  /** A browser whose fetch answers `answer` (or fails with it) for the early read. */
  function sendEarly(answer: Response | Error): void {
    readEarly(url, headers, (input, init) => {
      sent.push({ url: String(input), init });
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    });
  }

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const get = (headersOfRequest: Record<string, string> = headers, to = url) =>
    firstValueFrom(http.get(to, { headers: headersOfRequest, observe: 'response' }));

  beforeEach(() => {
    sent = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([earlyReadInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    forgetEarlyRead();
    TestBed.resetTestingModule();
  });

  it("answers the app's same request from the early read, once: the resource is read once", async () => {
    sendEarly(json(page));
    expect(sent.map(({ url: sentTo, init }) => [sentTo, init?.headers, init?.cache])).toEqual([
      [url, headers, 'no-store'],
    ]);
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(page);
    expect(answer.headers.get('content-type')).toBe('application/json');
    backend.expectNone(url);

    // Taken: the next read of it (the list's re-read after its joins) goes out.
    const again = get();
    backend.expectOne(url).flush(page);
    expect((await again).body).toEqual(page);
  });

  it('leaves the page to the network once forgotten (the hub has started)', async () => {
    sendEarly(json({ items: [], totalCount: 0 }));
    forgetEarlyRead();
    // The list opened a while after: the page's first answer is not of now any more.
    const later = get();
    backend.expectOne(url).flush(page);
    expect((await later).body).toEqual(page);
  });

  it('leaves every other request to go out, and waits for its own', async () => {
    sendEarly(json(page));
    const otherToken = get({ ...headers, Authorization: 'Bearer t2' });
    backend.expectOne(url).flush({ items: [], totalCount: 0 });
    expect((await otherToken).body).toEqual({ items: [], totalCount: 0 });
    const otherLanguage = get({ ...headers, 'Accept-Language': 'en' });
    backend.expectOne(url).flush(page);
    await otherLanguage;
    const otherPage = get(headers, '/api/v1/albums?page=2&pageSize=48');
    backend.expectOne('/api/v1/albums?page=2&pageSize=48').flush(page);
    await otherPage;

    expect((await get()).body).toEqual(page);
    backend.expectNone(url);
  });

  it('hands a refusal on as HttpClient would: an HttpErrorResponse with its status and body', async () => {
    sendEarly(json({ title: 'Unauthorized' }, 401));
    const error = await get().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(401);
    expect((error as HttpErrorResponse).error).toEqual({ title: 'Unauthorized' });
    backend.expectNone(url);
  });

  it('says a 2xx body that is not JSON failed to parse, as HttpClient does', async () => {
    sendEarly(new Response('<html>', { status: 200 }));
    const error = await get().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(200);
    expect((error as HttpErrorResponse).error.text).toBe('<html>');
  });

  it('sends the request itself when the early read got no answer (the network failed)', async () => {
    sendEarly(new TypeError('Failed to fetch'));
    const answer = get();
    await vi.waitFor(() => backend.expectOne(url).flush(page));
    expect((await answer).body).toEqual(page);
  });
});
