import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { map, merge, tap } from 'rxjs';
import { NotificationHubActions } from '../realtime/notification-hub.actions';
import { ToastService } from './toast.service';

/** What happened on the hub, as the photographer is told it (PhotoFlow's own wording for moves). */
export const hubToasts = createEffect(
  (actions$ = inject(Actions), toasts = inject(ToastService)) =>
    merge(
      actions$.pipe(
        ofType(NotificationHubActions.albumStateChanged),
        map(({ event }) => `Album moved to ${event.newState}`),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumSyncStarted),
        map(() => 'Photo sync started'),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumSyncCompleted),
        map(() => 'Photo sync completed'),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumTagCreated),
        map(() => 'A new tag was created'),
      ),
    ).pipe(tap((message) => toasts.show(message))),
  { functional: true, dispatch: false },
);

export const syncFailedToast = createEffect(
  (actions$ = inject(Actions), toasts = inject(ToastService)) =>
    actions$.pipe(
      ofType(NotificationHubActions.albumSyncFailed),
      tap(({ event }) => toasts.error(`Photo sync failed: ${event.message}`)),
    ),
  { functional: true, dispatch: false },
);
