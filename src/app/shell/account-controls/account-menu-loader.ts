import { InjectionToken, type Type } from '@angular/core';
import type { AccountMenu } from './account-menu';

/**
 * Loads the account menu's chunk (the menu, the CDK's overlay) on the first click of the
 * account button; tests provide one that fails, as a load does offline or after a deploy
 * (the old chunk's file is gone).
 */
export const ACCOUNT_MENU_LOADER = new InjectionToken<() => Promise<Type<AccountMenu>>>(
  'Account menu loader',
  {
    providedIn: 'root',
    factory: () => () => import('./account-menu').then((m) => m.AccountMenu),
  },
);
