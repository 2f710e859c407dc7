import {
  EnvironmentInjector,
  InjectionToken,
  createEnvironmentInjector,
  inject,
  makeEnvironmentProviders,
  provideAppInitializer,
  type EnvironmentProviders,
} from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { nextTask } from './next-task';

/** When the app's own effects may start: the next task (a token so that tests say when). */
export const ROOT_EFFECTS_TASK = new InjectionToken<() => Promise<void>>('ROOT_EFFECTS_TASK', {
  providedIn: 'root',
  factory: () => nextTask,
});

/**
 * The app-wide effects (the session's, the hub's start, toasts, notifications), started in a
 * task of their own after the one that makes the app's injector and starts the router, and
 * before the first screen renders (the app's start waits for them: an app initializer).
 * Making them, subscribing them and the session's first action were a third of Angular's
 * bootstrap task (issue 22's Total Blocking Time). The first screen still finds the session
 * announced and the hub starting, as before: its first reads wait for the hub's join.
 *
 * `provideEffects()` at the root starts NgRx's runner (and `ROOT_EFFECTS_INIT`) at once, so
 * that a lazy route's effects, should its chunk be there first, never take that role.
 */
export function provideRootEffectsAfterBootstrap(
  ...effects: Parameters<typeof provideEffects>
): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideEffects(),
    provideAppInitializer(() => {
      const root = inject(EnvironmentInjector);
      return inject(ROOT_EFFECTS_TASK)().then(() => {
        // As a lazy route registers its effects: an injector of their own, under the root.
        createEnvironmentInjector([provideEffects(...effects)], root, 'Root effects');
      });
    }),
  ]);
}
