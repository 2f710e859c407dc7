import type { HttpInterceptorFn } from '@angular/common/http';
import { currentLanguage } from './language';

/** The backend answers errors (and reasons) in the caller's language: tell it ours. */
export const acceptLanguageInterceptor: HttpInterceptorFn = (request, next) =>
  request.headers.has('Accept-Language')
    ? next(request)
    : next(request.clone({ setHeaders: { 'Accept-Language': currentLanguage() } }));
