import { ErrorHandler, inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { EMPTY, retry, switchMap, tap, timer } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { forgetEarlyRead } from '../api/early-read';
import { SessionActions } from '../auth/session.actions';
import { HubStart } from './hub-start';
import { RealtimeLayer } from './realtime-layer';
import { PhotoFlowRetryPolicy } from './reconnect-policy';

/**
 * The session owns the hub: connected while signed in, stopped for good (no reconnect)
 * when the session ends here or in another tab, and stopped when another person's
 * session arrives, until the views are rebuilt for them (then `Started` connects as them).
 *
 * The realtime layer loads with the first session (before it there is nothing to stop);
 * the latest session event wins over a start still waiting for it. A load that fails
 * (offline) is tried again as the hub itself would reconnect.
 */
export const connectWhileSignedIn = createEffect(
  (
    actions$ = inject(Actions),
    realtime = inject(RealtimeLayer),
    errors = inject(ErrorHandler),
    retryPolicy = new PhotoFlowRetryPolicy(inject(APP_ENVIRONMENT).reconnect),
    hubStart: Pick<HubStart, 'allowed'> = inject(HubStart),
    forgetEarly: () => void = forgetEarlyRead,
  ) =>
    actions$.pipe(
      ofType(SessionActions.started, SessionActions.ended, SessionActions.changed),
      switchMap((action) => {
        if (action.type !== SessionActions.started.type) {
          void realtime.loadedHub()?.stop();
          return EMPTY;
        }
        const since = Date.now();
        // On a page opened on the album list, once its first screen is in (hub-start.ts).
        return hubStart.allowed().pipe(
          switchMap(() => realtime.hub()),
          tap({ error: (error: unknown) => errors.handleError(error) }),
          retry({
            delay: (_, attempt) =>
              timer(
                retryPolicy.nextRetryDelayInMilliseconds({
                  previousRetryCount: attempt - 1,
                  elapsedMilliseconds: Date.now() - since,
                }),
              ),
          }),
          tap((hub) => {
            // From here the hub may say what a read sent before it does not know.
            forgetEarly();
            hub.start();
          }),
        );
      }),
    ),
  { functional: true, dispatch: false },
);
