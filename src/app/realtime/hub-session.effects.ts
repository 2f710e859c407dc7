import { ErrorHandler, inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { EMPTY, defer, retry, switchMap, tap, timer, type Observable } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { SessionActions } from '../auth/session.actions';
import { whenIdle } from '../notifications/when-idle';
import { RealtimeLayer } from './realtime-layer';
import { PhotoFlowRetryPolicy } from './reconnect-policy';

/**
 * The session owns the hub: connected while signed in, stopped for good (no reconnect)
 * when the session ends here or in another tab, and stopped when another person's
 * session arrives, until the views are rebuilt for them (then `Started` connects as them).
 *
 * The realtime layer loads with the first session (before it there is nothing to stop),
 * once the page has painted and the main thread is idle: its chunks, the negotiation and
 * the joins would otherwise share the phone's link and main thread with the first screen's
 * chunks, its first API read and its largest image. Nothing is lost by waiting: the views
 * read again what they show once their groups are joined. The latest session event wins
 * over a start still waiting. A load that fails (offline) is tried again as the hub itself
 * would reconnect.
 */
export const connectWhileSignedIn = createEffect(
  (
    actions$ = inject(Actions),
    realtime = inject(RealtimeLayer),
    errors = inject(ErrorHandler),
    retryPolicy = new PhotoFlowRetryPolicy(inject(APP_ENVIRONMENT).reconnect),
    idle$: Observable<void> = whenIdle(),
  ) =>
    actions$.pipe(
      ofType(SessionActions.started, SessionActions.ended, SessionActions.changed),
      switchMap((action) => {
        if (action.type !== SessionActions.started.type) {
          void realtime.loadedHub()?.stop();
          return EMPTY;
        }
        const since = Date.now();
        const loaded = defer(() => realtime.hub()).pipe(
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
          tap((hub) => hub.start()),
        );
        return idle$.pipe(switchMap(() => loaded));
      }),
    ),
  { functional: true, dispatch: false },
);
