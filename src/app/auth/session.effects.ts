import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import {
  type SchedulerLike,
  asapScheduler,
  concatMap,
  defer,
  filter,
  from,
  map,
  startWith,
  subscribeOn,
  tap,
} from 'rxjs';
import { AuthService, type SessionChange } from './auth.service';
import { SessionActions } from './session.actions';
import { SessionRouteReuseStrategy } from './session-route-reuse';
import { DEFAULT_RETURN_URL, safeReturnUrl, userKey } from './stored-session';

/**
 * The session's changes as actions, from the moment the app's effects start (a microtask
 * after they are subscribed, so every one of them hears the first): the session found on
 * load, then sign-ins, sign-outs and changes of person, here or in other tabs. They start
 * after the bootstrap's task (root-effects.ts); the service's storage listener starts with
 * them, as the service is first asked for here.
 */
export const sessionChanges = createEffect(
  (auth = inject(AuthService), scheduler: SchedulerLike = asapScheduler) =>
    defer(() => {
      const user = auth.user();
      const initial: SessionChange[] = user
        ? [{ kind: 'started', user, sameUserAsBefore: true }]
        : [];
      return auth.sessionChanges$.pipe(startWith(...initial));
    }).pipe(
      subscribeOn(scheduler),
      map((change) => {
        switch (change.kind) {
          case 'started':
            return SessionActions.started({ user: change.user });
          case 'ended':
            return SessionActions.ended({ reason: change.reason });
          case 'changed':
            return SessionActions.changed({ user: change.user });
        }
      }),
    ),
  { functional: true },
);

/**
 * A session that ended takes this tab to the sign-in page; when it ended by itself or in
 * another tab, with the way back here (a deliberate sign-out does not come back).
 */
export const returnToSignIn = createEffect(
  (actions$ = inject(Actions), router = inject(Router)) =>
    actions$.pipe(
      ofType(SessionActions.ended),
      tap(({ reason }) => {
        const here = router.url;
        if (isSignInPage(here)) return;
        const keepPlace = reason !== 'signed-out' && safeReturnUrl(here) === here;
        void router.navigate(['/login'], {
          queryParams: keepPlace ? { returnUrl: here, reason } : {},
        });
      }),
    ),
  { functional: true, dispatch: false },
);

/**
 * Another person's session arrived from another tab (a different user or studio): the
 * state is already cleared and the hub stopped; every view is rebuilt on the album list
 * for the new person, then the session starts again (the hub connects as them).
 */
export const followNewSession = createEffect(
  (
    actions$ = inject(Actions),
    router = inject(Router),
    views = inject(SessionRouteReuseStrategy),
    auth = inject(AuthService),
  ) =>
    actions$.pipe(
      ofType(SessionActions.changed),
      concatMap(({ user }) =>
        from(
          views.renewViews(() =>
            router.navigateByUrl(DEFAULT_RETURN_URL, { onSameUrlNavigation: 'reload' }),
          ),
        ).pipe(
          // Ended or changed again meanwhile: that change's own actions take over.
          filter(() => auth.userKey() === userKey(user)),
          map(() => SessionActions.started({ user })),
        ),
      ),
    ),
  { functional: true },
);

/**
 * Signed in from another tab while this one waits on the sign-in page: follow. The same
 * person goes back where they were; someone else starts from the album list.
 */
export const followSignInElsewhere = createEffect(
  (router = inject(Router), auth = inject(AuthService)) =>
    auth.sessionChanges$.pipe(
      filter((change) => change.kind === 'started' && router.url.startsWith('/login')),
      tap((change) => {
        const returnUrl = router.parseUrl(router.url).queryParams['returnUrl'] as
          string | undefined;
        const sameUser = change.kind === 'started' && change.sameUserAsBefore;
        void router.navigateByUrl(sameUser ? safeReturnUrl(returnUrl) : DEFAULT_RETURN_URL);
      }),
    ),
  { functional: true, dispatch: false },
);

function isSignInPage(url: string): boolean {
  return url.startsWith('/login') || url.startsWith('/callback');
}
