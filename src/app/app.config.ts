import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, isDevMode, provideBrowserGlobalErrorListeners } from '@angular/core';
import { RouteReuseStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { provideEffects } from '@ngrx/effects';
import { provideState, provideStore } from '@ngrx/store';
import { routes } from './app.routes';
import { authInterceptor } from './auth/auth.interceptor';
import * as sessionEffects from './auth/session.effects';
import { clearStateOnSessionEnd } from './auth/session.meta-reducer';
import { SessionRouteReuseStrategy } from './auth/session-route-reuse';
import { connectionFeature } from './realtime/connection.feature';
import * as hubSessionEffects from './realtime/hub-session.effects';
import * as notificationEffects from './notifications/notifications.effects';
import * as hubToastEffects from './shell/hub-toasts.effects';
import { acceptLanguageInterceptor } from './i18n/accept-language.interceptor';
import { storeDevtools } from './store-devtools';

// Zoneless change detection is Angular 22's default: no provider needed, no zone.js shipped.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: RouteReuseStrategy, useExisting: SessionRouteReuseStrategy },
    provideHttpClient(withFetch(), withInterceptors([acceptLanguageInterceptor, authInterceptor])),
    // The root store stays small: the connection only. Album features come with their lazy
    // route; the session's meta-reducer clears them all the same when the session ends.
    provideStore(
      {},
      {
        metaReducers: [clearStateOnSessionEnd],
        runtimeChecks: {
          strictActionImmutability: isDevMode(),
          strictStateImmutability: isDevMode(),
          strictActionTypeUniqueness: isDevMode(),
        },
      },
    ),
    provideState(connectionFeature),
    // The hub's own effects load with the realtime layer, once a session starts (RealtimeLayer).
    provideEffects(hubSessionEffects, hubToastEffects, sessionEffects, notificationEffects),
    ...storeDevtools,
  ],
};
