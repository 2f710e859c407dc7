import { Injectable, inject } from '@angular/core';
import { Actions, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import {
  asyncScheduler,
  defer,
  filter,
  first,
  map,
  merge,
  of,
  mergeMap,
  switchMap,
  take,
  takeUntil,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { ConnectionStatus } from '../../realtime/connection-status';
import { connectionFeature } from '../../realtime/connection.feature';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { RealtimeLayer } from '../../realtime/realtime-layer';
import { AlbumDetailPageActions, AlbumFollowingActions } from './albums.actions';
import { STALE_AFTER, type Cause, type Resource } from './invalidation';

/** How long a view's first snapshot waits for its album's join once the hub is connected. */
export const JOIN_WAIT_MS = 1500;
/** How long it waits in all, for a hub still connecting (slow, not failing). */
export const CONNECT_WAIT_MS = 5000;

/**
 * When a view's first snapshot of an album may go, so that it is asked once per load.
 *
 * A snapshot taken before the album's group is joined cannot cover the events sent to
 * the group before the join (they were not ours): the join makes it stale
 * (`STALE_AFTER.Joined`), and it is asked again. A snapshot asked after the join has
 * answered covers them: the server had added us to the group before it read the album,
 * and what it sends from then on arrives, or is replayed on top of the answer
 * (snapshot-replay.ts). So a view opened while its join is under way asks once the
 * join has answered; the table's re-fetch is that first snapshot when the join makes
 * the resource stale.
 *
 * It goes at once when the group is joined already (another view follows the album) or
 * the hub is not on its way (offline, reconnecting, or its first connect failed); it
 * waits at most {@link JOIN_WAIT_MS} for a slow join, {@link CONNECT_WAIT_MS} for a slow
 * connect (then a later join re-fetches, as the table says). It never decides truth,
 * only when to ask.
 */
@Injectable({ providedIn: 'root' })
export class FirstSnapshots {
  private readonly actions$ = inject(Actions);
  private readonly store = inject(Store);
  private readonly realtime = inject(RealtimeLayer);
  /** Replaced by tests that drive time. */
  scheduler: SchedulerLike = asyncScheduler;

  /**
   * Emits once when the first snapshot of `resource` (null: one the table does not
   * re-fetch, as the viewer's pages) may be asked; completes without emitting when the
   * join's outcome makes the table re-fetch it anyway.
   */
  whenToAsk(albumId: string, resource: Resource | null): Observable<void> {
    return defer(() => {
      if (this.realtime.loadedHub()?.isAlbumJoined(albumId)) return of(undefined);
      const connection$ = this.store.select(connectionFeature.selectConnectionState);
      const outcome$: Observable<Cause | 'ask'> = merge(
        this.actions$.pipe(
          ofType(NotificationHubActions.albumGroupsJoined),
          filter(({ albumIds }) => albumIds.includes(albumId)),
          map((): Cause => 'Joined'),
        ),
        this.actions$.pipe(
          ofType(NotificationHubActions.albumJoinRefused),
          filter((refusal) => refusal.albumId === albumId),
          map((): Cause => 'Refused'),
        ),
        connection$.pipe(
          filter(({ status, lastError }) => !onItsWay(status, lastError)),
          map(() => 'ask' as const),
        ),
        connection$.pipe(
          first(({ status }) => status === 'Connected'),
          switchMap(() => timer(JOIN_WAIT_MS, this.scheduler)),
          map(() => 'ask' as const),
        ),
        timer(CONNECT_WAIT_MS, this.scheduler).pipe(map(() => 'ask' as const)),
      );
      return outcome$.pipe(
        take(1),
        filter((outcome) => outcome === 'ask' || !refetches(outcome, resource)),
        map(() => undefined),
      );
    });
  }
}

/** Connected (its join under way), or connecting without a failure yet. */
const onItsWay = (status: ConnectionStatus, lastError: string | null): boolean =>
  status === 'Connected' || (status === 'Connecting' && lastError === null);

const refetches = (cause: Cause, resource: Resource | null): boolean =>
  resource !== null && STALE_AFTER[cause].includes(resource);

/**
 * Each album page's opening, once its first snapshot of `resource` may be asked; dropped
 * if `asked$` asks for that album first (its request is then the view's first), or when
 * no view follows the album any more (as latestPerAlbum drops its requests).
 */
export function openedWhenAskable(
  actions$: Actions,
  first: FirstSnapshots,
  resource: Resource,
  asked$: Observable<{ albumId: string }>,
): Observable<{ albumId: string }> {
  return actions$.pipe(
    ofType(AlbumDetailPageActions.opened),
    mergeMap(({ albumId }) =>
      first.whenToAsk(albumId, resource).pipe(
        map(() => ({ albumId })),
        takeUntil(
          merge(asked$, actions$.pipe(ofType(AlbumFollowingActions.albumUnfollowed))).pipe(
            filter((action) => action.albumId === albumId),
          ),
        ),
      ),
    ),
  );
}
