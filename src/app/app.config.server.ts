import {
  PLATFORM_ID,
  inject,
  mergeApplicationConfig,
  ɵIS_HYDRATION_DOM_REUSE_ENABLED as IS_HYDRATION_DOM_REUSE_ENABLED,
  type ApplicationConfig,
} from '@angular/core';
import { PlatformLocation, isPlatformServer } from '@angular/common';
import { provideServerRendering, withAppShell, withRoutes } from '@angular/ssr';
import { renderingConfig } from './app.config';
import { serverRoutes } from './app.routes.server';
import { AppShellFrame } from './shell/app-shell-frame/app-shell-frame';

/** The route Angular renders the app shell on (`withAppShell`'s, fixed by @angular/ssr). */
export const APP_SHELL_PATH = 'ng-app-shell';

/**
 * The build-time rendering (src/main.server.ts): the prerendered sign-in page, and the
 * app shell written into each language's index.html, the document of every screen
 * rendered in the browser. Only what renders (the router, HTTP, hydration): no session
 * store, no hub, no effects, nothing that needs a browser.
 *
 * The shell is written without hydration data: no screen the browser renders over it is
 * the shell, so the browser's app starts afresh in `<app-root>` (replacing the frame once
 * the screen is ready: blocking initial navigation, app.config.ts) instead of keeping the
 * frame as a dehydrated view until the app is stable (two bars, then a shift). The
 * prerendered sign-in page keeps its data and is hydrated.
 */
export const config: ApplicationConfig = mergeApplicationConfig(
  // First: the shell's route must come before the app's catch-all `**`.
  { providers: [provideServerRendering(withRoutes(serverRoutes), withAppShell(AppShellFrame))] },
  renderingConfig(),
  {
    providers: [
      {
        provide: IS_HYDRATION_DOM_REUSE_ENABLED,
        useFactory: () =>
          isPlatformServer(inject(PLATFORM_ID)) &&
          !inject(PlatformLocation).pathname.endsWith(`/${APP_SHELL_PATH}`),
      },
    ],
  },
);
