import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { concatLatestFrom } from '@ngrx/operators';
import { Store, type Action } from '@ngrx/store';
import { from, map, merge, mergeMap, pairwise, startWith, tap, type Observable } from 'rxjs';
import type { PhotoSyncCompleted } from '../../api/models';
import { HUB_EVENT_ACTIONS, SINGLE_HUB_EVENT_NAMES } from '../../realtime/hub-event-table';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { SignalRService } from '../../realtime/signalr.service';
import { AlbumFollowingActions } from './albums.actions';
import { selectFollowedAlbumIds, selectOpenViews } from './albums.feature';
import { staleActions, type Cause } from './invalidation';

/**
 * Following = the views open now: each open album, and the albums the list shows while
 * it is shown. The store's followed set goes to the hub whole (`follow`): it joins their
 * groups and leaves the others. An album no longer followed is evicted from the store.
 */
export const followOpenViews = createEffect(
  (store = inject(Store), hub = inject(SignalRService)) =>
    store.select(selectFollowedAlbumIds).pipe(
      tap((albumIds) => hub.follow(albumIds)),
      startWith<readonly string[]>([]),
      pairwise(),
      mergeMap(([before, after]) =>
        before
          .filter((albumId) => !after.includes(albumId))
          .map((albumId) => AlbumFollowingActions.albumUnfollowed({ albumId })),
      ),
    ),
  { functional: true },
);

interface Change {
  readonly cause: Cause;
  readonly albumId: string;
  readonly albumTagId: string | null;
}

const eventChanges = (actions$: Actions): Observable<Change> =>
  merge(
    actions$.pipe(
      ofType(NotificationHubActions.photoSyncProgressed),
      mergeMap(({ events }) =>
        from(
          events.map((event) => ({
            cause: 'PhotoSyncProgress' as const,
            albumId: event.albumId,
            albumTagId: event.albumTagId,
          })),
        ),
      ),
    ),
    // One action per hub event (the realtime layer's table); a completed batch names its tag.
    ...SINGLE_HUB_EVENT_NAMES.map((cause) =>
      actions$.pipe(
        ofType(HUB_EVENT_ACTIONS[cause]),
        map(({ event }): Change => ({
          cause,
          albumId: event.albumId,
          albumTagId:
            cause === 'PhotoSyncCompleted' ? (event as PhotoSyncCompleted).albumTagId : null,
        })),
      ),
    ),
    actions$.pipe(
      ofType(NotificationHubActions.albumGroupsJoined),
      mergeMap(({ albumIds }) =>
        from(albumIds.map((albumId): Change => ({ cause: 'Joined', albumId, albumTagId: null }))),
      ),
    ),
    actions$.pipe(
      ofType(NotificationHubActions.albumJoinRefused),
      map(({ albumId }): Change => ({ cause: 'Refused', albumId, albumTagId: null })),
    ),
  );

/** Each change, read through the invalidation table against the views open now. */
export const invalidateStaleResources = createEffect(
  (actions$ = inject(Actions), store = inject(Store)) =>
    merge(
      eventChanges(actions$).pipe(
        concatLatestFrom(() => store.select(selectOpenViews)),
        mergeMap(([change, views]) =>
          from(staleActions(change.cause, change.albumId, views, change.albumTagId)),
        ),
      ),
      // Back after a reconnect: the list may have gained or lost albums, not only changed them.
      actions$.pipe(
        ofType(NotificationHubActions.albumGroupsJoined),
        concatLatestFrom(() => store.select(selectOpenViews)),
        mergeMap(([{ reconnect }, views]): Action[] =>
          reconnect && views.listed ? [AlbumFollowingActions.listStale()] : [],
        ),
      ),
    ),
  { functional: true },
);
