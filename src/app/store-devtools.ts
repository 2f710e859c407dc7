import type { EnvironmentProviders } from '@angular/core';
import { provideStoreDevtools } from '@ngrx/store-devtools';

/**
 * Redux DevTools, in development builds only: every optimized build (production, uat,
 * development, production-local, bench) replaces this file with `store-devtools.production.ts`
 * (angular.json `fileReplacements`), so not a byte of `@ngrx/store-devtools` ships.
 */
export const storeDevtools: EnvironmentProviders[] = [
  provideStoreDevtools({ maxAge: 50, name: 'PhotoFlow', trace: false }),
];
