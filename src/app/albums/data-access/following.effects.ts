import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { concatLatestFrom } from '@ngrx/operators';
import { Store, type Action } from '@ngrx/store';
import {
  combineLatest,
  distinctUntilChanged,
  from,
  map,
  merge,
  mergeMap,
  pairwise,
  startWith,
  tap,
  type Observable,
} from 'rxjs';
import type { PhotoSyncCompleted } from '../../api/models';
import {
  HubEventActions,
  NotificationHubActions,
  SINGLE_HUB_EVENT_NAMES,
} from '../../realtime/notification-hub.actions';
import { RealtimeLayer } from '../../realtime/realtime-layer';
import { AlbumFollowingActions } from './albums.actions';
import { selectFollowedAlbumIds, selectOpenViews } from './albums.feature';
import { staleActions, type Cause } from './invalidation';

/**
 * Following = the views open now: each open album, and the albums the list shows while
 * it is shown or lingers. The store's followed set goes to the hub whole (`follow`): it
 * joins their groups and leaves the others. The hub hears it once the realtime layer has
 * loaded (with the session's start, before the hub connects), then each change. An album
 * no longer followed is evicted from the store.
 */
export const followOpenViews = createEffect(
  (store = inject(Store), layer = inject(RealtimeLayer)) =>
    combineLatest([
      store.select(selectFollowedAlbumIds),
      layer.loaded$.pipe(startWith(null)),
    ]).pipe(
      tap(([albumIds, hub]) => hub?.follow(albumIds)),
      map(([albumIds]) => albumIds),
      distinctUntilChanged(),
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

/** The changes one hub event brings (a batch of progress: several); joins are apart, below. */
const eventChanges = (actions$: Actions): Observable<readonly Change[]> =>
  merge(
    actions$.pipe(
      ofType(NotificationHubActions.photoSyncProgressed),
      map(({ events }) =>
        events.map((event): Change => ({
          cause: 'PhotoSyncProgress',
          albumId: event.albumId,
          albumTagId: event.albumTagId,
        })),
      ),
    ),
    // One action per hub event (`HubEventActions`); a completed batch names its tag.
    ...SINGLE_HUB_EVENT_NAMES.map((cause) =>
      actions$.pipe(
        ofType(HubEventActions[cause]),
        map(({ event }): Change[] => [
          {
            cause,
            albumId: event.albumId,
            albumTagId:
              cause === 'PhotoSyncCompleted' ? (event as PhotoSyncCompleted).albumTagId : null,
          },
        ]),
      ),
    ),
    actions$.pipe(
      ofType(NotificationHubActions.albumJoinRefused),
      map(({ albumId }): Change[] => [{ cause: 'Refused', albumId, albumTagId: null }]),
    ),
  );

/** Each action once: a round of joins over six listed albums makes the list stale once, not six times. */
function once(actions: readonly Action[]): Action[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    const key = JSON.stringify(action);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Each hub action's changes, read through the invalidation table against the views open
 * now, each resulting re-fetch once.
 */
export const invalidateStaleResources = createEffect(
  (actions$ = inject(Actions), store = inject(Store)) =>
    merge(
      eventChanges(actions$).pipe(
        concatLatestFrom(() => store.select(selectOpenViews)),
        map(([changes, views]) =>
          changes.flatMap((change) =>
            staleActions(change.cause, change.albumId, views, change.albumTagId),
          ),
        ),
      ),
      // A round of joins: everything its albums' open views hold; back after a reconnect,
      // the list too, since it may have gained or lost albums, not only changed them.
      actions$.pipe(
        ofType(NotificationHubActions.albumGroupsJoined),
        concatLatestFrom(() => store.select(selectOpenViews)),
        map(([{ albumIds, reconnect }, views]): Action[] => [
          ...albumIds.flatMap((albumId) => staleActions('Joined', albumId, views)),
          ...(reconnect && views.listed ? [AlbumFollowingActions.listStale()] : []),
        ]),
      ),
    ).pipe(mergeMap((actions) => from(once(actions)))),
  { functional: true },
);
