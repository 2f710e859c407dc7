import { DOCUMENT } from '@angular/common';
import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { filter, map, merge, tap } from 'rxjs';
import { hubDetail } from '../i18n/language';
import { stageLabel } from '../i18n/labels';
import { HubEventActions } from '../realtime/notification-hub.actions';
import { ToastService } from './toast.service';

/**
 * A toast belongs to the tab that shows the album (a tab gets only the events of the albums
 * it shows, whichever tab holds the connection), and only while the tab is seen: a tab in
 * the background says nothing, rather than pop stale news when it comes back. So one event
 * gives one toast where the photographer looks, not one per open tab.
 */
const seen = (document: Pick<Document, 'visibilityState'>) => () =>
  document.visibilityState !== 'hidden';

/** What happened on the hub, as the photographer is told it (PhotoFlow's own wording for moves). */
export const hubToasts = createEffect(
  (
    actions$ = inject(Actions),
    toasts = inject(ToastService),
    document: Pick<Document, 'visibilityState'> = inject(DOCUMENT),
  ) =>
    merge(
      actions$.pipe(
        ofType(HubEventActions.AlbumStateChanged),
        map(({ event }) => {
          const stage = stageLabel(event.newState);
          return $localize`Album moved to ${stage}:stage:`;
        }),
      ),
      actions$.pipe(
        ofType(HubEventActions.AlbumSyncStarted),
        map(() => $localize`Photo sync started`),
      ),
      actions$.pipe(
        ofType(HubEventActions.AlbumSyncCompleted),
        map(() => $localize`Photo sync completed`),
      ),
      actions$.pipe(
        ofType(HubEventActions.AlbumTagCreated),
        map(() => $localize`A new tag was created`),
      ),
    ).pipe(
      filter(seen(document)),
      tap((message) => toasts.show(message)),
    ),
  { functional: true, dispatch: false },
);

export const syncFailedToast = createEffect(
  (
    actions$ = inject(Actions),
    toasts = inject(ToastService),
    document: Pick<Document, 'visibilityState'> = inject(DOCUMENT),
  ) =>
    actions$.pipe(
      ofType(HubEventActions.AlbumSyncError),
      filter(seen(document)),
      tap(({ event }) => {
        const detail = hubDetail(event.message);
        toasts.error(
          detail ? $localize`Photo sync failed: ${detail}:reason:` : $localize`Photo sync failed`,
        );
      }),
    ),
  { functional: true, dispatch: false },
);
