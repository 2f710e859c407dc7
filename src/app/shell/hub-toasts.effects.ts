import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { map, merge, tap } from 'rxjs';
import { hubDetail } from '../i18n/language';
import { stageLabel } from '../i18n/labels';
import { NotificationHubActions } from '../realtime/notification-hub.actions';
import { ToastService } from './toast.service';

/** What happened on the hub, as the photographer is told it (PhotoFlow's own wording for moves). */
export const hubToasts = createEffect(
  (actions$ = inject(Actions), toasts = inject(ToastService)) =>
    merge(
      actions$.pipe(
        ofType(NotificationHubActions.albumStateChanged),
        map(({ event }) => {
          const stage = stageLabel(event.newState);
          return $localize`Album moved to ${stage}:stage:`;
        }),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumSyncStarted),
        map(() => $localize`Photo sync started`),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumSyncCompleted),
        map(() => $localize`Photo sync completed`),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumTagCreated),
        map(() => $localize`A new tag was created`),
      ),
    ).pipe(tap((message) => toasts.show(message))),
  { functional: true, dispatch: false },
);

export const syncFailedToast = createEffect(
  (actions$ = inject(Actions), toasts = inject(ToastService)) =>
    actions$.pipe(
      ofType(NotificationHubActions.albumSyncFailed),
      tap(({ event }) => {
        const detail = hubDetail(event.message);
        toasts.error(
          detail ? $localize`Photo sync failed: ${detail}:reason:` : $localize`Photo sync failed`,
        );
      }),
    ),
  { functional: true, dispatch: false },
);
