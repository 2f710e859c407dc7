import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { concatLatestFrom, mapResponse } from '@ngrx/operators';
import { Store } from '@ngrx/store';
import {
  EMPTY,
  asyncScheduler,
  exhaustMap,
  merge,
  switchMap,
  throttleTime,
  type SchedulerLike,
} from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumFollowingActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import { selectAlbumQuery, selectListOpen } from './albums.feature';
import { LIST_REFRESH_MS } from './invalidation';
import { withReplay } from './snapshot-replay';

export const loadAlbums = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(PhotoflowApi),
    scheduler: SchedulerLike = asyncScheduler,
  ) =>
    merge(
      actions$.pipe(
        ofType(
          AlbumListPageActions.opened,
          AlbumListPageActions.queryChanged,
          AlbumListPageActions.refreshRequested,
          AlbumsApiActions.albumDeleted,
          // Closing the list drops its request: its answer would follow nothing.
          AlbumListPageActions.closed,
        ),
      ),
      actions$.pipe(
        ofType(AlbumFollowingActions.listStale),
        throttleTime(LIST_REFRESH_MS, scheduler, { leading: true, trailing: true }),
      ),
    ).pipe(
      concatLatestFrom(() => [store.select(selectAlbumQuery), store.select(selectListOpen)]),
      // A refresh the throttle lets through after the list closed would follow nothing too.
      switchMap(([action, query, listOpen]) =>
        action.type === AlbumListPageActions.closed.type || !listOpen
          ? EMPTY
          : withReplay(actions$, () => true, api.listAlbums(query)).pipe(
              mapResponse({
                next: ({ answer: page, replay, issued }) =>
                  AlbumsApiActions.albumsLoaded({ query, page, replay, issued }),
                error: (error: unknown) =>
                  AlbumsApiActions.albumsLoadFailed({ query, error: toApiError(error) }),
              }),
            ),
      ),
    ),
  { functional: true },
);

export const createAlbum = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumListPageActions.createAlbumSubmitted),
      exhaustMap(({ album }) =>
        api.createAlbum(album).pipe(
          mapResponse({
            next: (created) => AlbumsApiActions.albumCreated({ album: created }),
            error: (error: unknown) =>
              AlbumsApiActions.albumCreateFailed({ error: toApiError(error) }),
          }),
        ),
      ),
    ),
  { functional: true },
);
