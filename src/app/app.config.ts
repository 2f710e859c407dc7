import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  isDevMode,
  mergeApplicationConfig,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideClientHydration, withI18nSupport } from '@angular/platform-browser';
import {
  RouteReuseStrategy,
  type RouterFeatures,
  provideRouter,
  withComponentInputBinding,
  withEnabledBlockingInitialNavigation,
} from '@angular/router';
import { provideState, provideStore } from '@ngrx/store';
import { earlyReadInterceptor } from './api/early-read';
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
import { provideRootEffectsAfterBootstrap } from './root-effects';

/**
 * What renders a screen: also the build's, which prerenders the sign-in page and the app
 * shell (app.config.server.ts) without the session's effects below.
 */
export const renderingConfig = (...routerFeatures: RouterFeatures[]): ApplicationConfig => ({
  providers: [
    provideRouter(routes, withComponentInputBinding(), ...routerFeatures),
    // The prerendered sign-in page is hydrated, its translated text included; the app
    // shell carries no hydration data (app.config.server.ts).
    provideClientHydration(withI18nSupport()),
    provideHttpClient(
      withFetch(),
      // Innermost last: the early read is matched against the request as it goes out.
      withInterceptors([acceptLanguageInterceptor, authInterceptor, earlyReadInterceptor]),
    ),
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
  ],
});

// Zoneless change detection is Angular 22's default: no provider needed, no zone.js shipped.
export const appConfig: ApplicationConfig = mergeApplicationConfig(
  // The app appears once its first screen is ready: the page's app shell or prerendered
  // sign-in stays painted until then, never a blank page between. (Angular's dev mode warns,
  // NG05001, that hydration and blocking initial navigation contradict each other; the
  // sign-in page hydrates in place without an error all the same: e2e/first-paint.spec.ts.)
  renderingConfig(withEnabledBlockingInitialNavigation()),
  {
    providers: [
      provideBrowserGlobalErrorListeners(),
      { provide: RouteReuseStrategy, useExisting: SessionRouteReuseStrategy },
      // In the task after the bootstrap's, before the first screen renders (root-effects.ts).
      // The hub's own effects load with the realtime layer, once a session starts (RealtimeLayer).
      provideRootEffectsAfterBootstrap(
        hubSessionEffects,
        hubToastEffects,
        sessionEffects,
        notificationEffects,
      ),
      ...storeDevtools,
    ],
  },
);
