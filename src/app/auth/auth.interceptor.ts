import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { PhotoflowApi } from '../api/photoflow-api';
import { AuthService } from './auth.service';

const withBearer = (request: HttpRequest<unknown>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Adds the bearer token to PhotoFlow API calls only (never to other origins).
 * On a 401 it refreshes once (shared with every other request) and retries;
 * a second 401 ends the session and goes to the sign-in page.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const api = inject(PhotoflowApi);
  if (!api.isApiUrl(request.url) || api.isAuthUrl(request.url)) return next(request);

  const auth = inject(AuthService);
  const router = inject(Router);
  const signOut = () => auth.signOut(router.url.startsWith('/login') ? undefined : router.url);

  return from(auth.accessTokenForRequest()).pipe(switchMap((sentToken) => send(sentToken)));

  function send(sentToken: string | null) {
    return next(withBearer(request, sentToken)).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !sentToken) {
          return throwError(() => error);
        }
        return from(auth.refreshAfterUnauthorized(sentToken)).pipe(
          catchError((refreshError: unknown) => {
            // Backend unreachable: keep the session, the caller reports it.
            if (refreshError instanceof HttpErrorResponse && refreshError.status === 0) {
              return throwError(() => refreshError);
            }
            signOut(); // the refresh token was refused, or there is no session left
            return throwError(() => error);
          }),
          switchMap((token) =>
            next(withBearer(request, token)).pipe(
              catchError((retryError: unknown) => {
                if (retryError instanceof HttpErrorResponse && retryError.status === 401) signOut();
                return throwError(() => retryError);
              }),
            ),
          ),
        );
      }),
    );
  }
};
