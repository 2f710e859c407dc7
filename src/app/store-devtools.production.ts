import type { EnvironmentProviders } from '@angular/core';

/** Optimized builds ship no Redux DevTools (see `store-devtools.ts`). */
export const storeDevtools: EnvironmentProviders[] = [];
