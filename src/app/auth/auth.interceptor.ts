import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { EMPTY, catchError, from, switchMap, takeWhile, throwError } from 'rxjs';
import { PhotoflowApi } from '../api/photoflow-api';
import { AuthService, SessionRenewalError } from './auth.service';

const withBearer = (request: HttpRequest<unknown>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Adds the bearer token to PhotoFlow API calls only (never to other origins).
 * On a 401 it refreshes once (shared with every other request) and retries; a second
 * 401 ends the session. A refresh that fails for now (5xx, 429, network) keeps the
 * session: the request fails with a `SessionRenewalError`, which says so in words.
 * An answer that arrives after the session ended or changed hands is dropped: it belongs
 * to a session whose state is gone, and must not come back into the store.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const api = inject(PhotoflowApi);
  if (!api.isApiUrl(request.url) || api.isAuthUrl(request.url)) return next(request);

  const auth = inject(AuthService);
  const owner = auth.userKey();
  const anotherPerson = () => auth.userKey() !== owner && auth.userKey() !== null;

  return from(auth.accessTokenForRequest()).pipe(
    switchMap((sentToken) => send(sentToken)),
    // Data of a session that is over never lands in the store; a failure still tells its
    // caller why (say, the 401 that ended it), unless someone else's session took over.
    takeWhile(() => auth.userKey() === owner),
    catchError((error: unknown) => (anotherPerson() ? EMPTY : throwError(() => error))),
  );

  function send(sentToken: string | null) {
    return next(withBearer(request, sentToken)).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !sentToken) {
          return throwError(() => error);
        }
        // A refused refresh token ends the session in the service; other failures keep it.
        return from(auth.refreshAfterUnauthorized(sentToken)).pipe(
          catchError((refreshError: unknown) =>
            throwError(() => (refreshError instanceof SessionRenewalError ? refreshError : error)),
          ),
          switchMap((token) =>
            next(withBearer(request, token)).pipe(
              catchError((retryError: unknown) => {
                if (retryError instanceof HttpErrorResponse && retryError.status === 401) {
                  auth.sessionExpired();
                }
                return throwError(() => retryError);
              }),
            ),
          ),
        );
      }),
    );
  }
};
