import {
  HttpErrorResponse,
  HttpHeaders,
  HttpResponse,
  type HttpEvent,
  type HttpInterceptorFn,
} from '@angular/common/http';
import { from, of, switchMap, throwError, type Observable } from 'rxjs';

/** A GET the page sent before the app booted, waiting for the app's own request for it. */
interface EarlyRead {
  readonly url: string;
  /** The headers it went with: the app's request must carry the same to be answered by it. */
  readonly headers: Readonly<Record<string, string>>;
  readonly response: Promise<Response>;
}

let waiting: EarlyRead | null = null;

/**
 * Sends the first screen's first read while the app is still loading (main.ts), so that
 * its answer travels while Angular boots instead of after: on a phone the app's start
 * takes hundreds of milliseconds of a slow CPU before the screen could ask.
 *
 * The request is the one the app would send (`url` as HttpClient writes it, the headers
 * its interceptors add); {@link earlyReadInterceptor} hands its answer to that request
 * when it comes, once, so the resource is still read once per load; a read not taken by
 * the time the hub starts is forgotten ({@link forgetEarlyRead}). One at a time: a second
 * call replaces a read no request has taken.
 */
export function readEarly(
  url: string,
  headers: Readonly<Record<string, string>>,
  send: typeof fetch = (input, init) => fetch(input, init),
): void {
  // As PhotoflowApi sends its reads: past the HTTP cache (photoflow-api.ts says why).
  const response = send(url, { headers, cache: 'no-store', priority: 'high' });
  // Not taken (the session changed, the screen went elsewhere): its failure is nobody's.
  response.catch(() => undefined);
  waiting = { url, headers, response };
}

/**
 * Forgets a read no request took. Called when the session's hub starts
 * (hub-session.effects.ts): from then on the hub may say what an answer read before it
 * does not know, so a later request for the same page (the list opened again a while
 * after, or asked only after the hub's hold ran out) goes out itself. On the list the hub
 * starts after the list's first answer has painted, so its own request has taken it.
 */
export function forgetEarlyRead(): void {
  waiting = null;
}

/**
 * The innermost interceptor: the app's GET that matches the early read (its URL with its
 * query, its `Authorization` and `Accept-Language` as the interceptors before this one
 * set them) is answered by it, as HttpClient would have answered it: a 2xx as an
 * `HttpResponse` of the parsed JSON, another status as an `HttpErrorResponse` (so a 401
 * goes through the refresh as any other). An early read that never got a whole answer
 * (the network failed) is forgotten and the request goes out itself. Any other request goes
 * out as it is.
 */
export const earlyReadInterceptor: HttpInterceptorFn = (request, next) => {
  const early = waiting;
  if (
    early === null ||
    request.method !== 'GET' ||
    request.responseType !== 'json' ||
    request.urlWithParams !== early.url ||
    Object.entries(early.headers).some(([name, value]) => request.headers.get(name) !== value)
  ) {
    return next(request);
  }
  waiting = null;
  return from(early.response.then(answerOf).catch(() => null)).pipe(
    switchMap((answer): Observable<HttpEvent<unknown>> => {
      if (answer === null) return next(request);
      return answer instanceof HttpErrorResponse ? throwError(() => answer) : of(answer);
    }),
  );
};

/** A fetch `Response` read as HttpClient's fetch backend reads a JSON answer. */
async function answerOf(response: Response): Promise<HttpResponse<unknown> | HttpErrorResponse> {
  let headers = new HttpHeaders();
  response.headers.forEach((value, name) => (headers = headers.append(name, value)));
  const init = {
    headers,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
  };
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch (error) {
    // As HttpClient reports a body that is not JSON: a failure, whatever its status.
    return new HttpErrorResponse({ ...init, error: { error, text } });
  }
  return response.ok
    ? new HttpResponse({ ...init, body })
    : new HttpErrorResponse({ ...init, error: body });
}
