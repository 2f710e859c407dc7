import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { concatLatestFrom, mapResponse } from '@ngrx/operators';
import { Store } from '@ngrx/store';
import {
  EMPTY,
  asyncScheduler,
  concat,
  defer,
  filter,
  finalize,
  from,
  merge,
  mergeMap,
  throttleTime,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumDetailPageActions, AlbumFollowingActions, AlbumsApiActions } from './albums.actions';
import { PHOTO_PAGE_SIZE, PHOTO_REFRESH_MS, pagesCovering, photosFeature } from './photos.feature';

/**
 * The photo grid: fetch the pages on screen; when the table says its photos are stale
 * (its tag syncing, its album's state changed, a rejoin), fetch them again, throttled.
 * A page already loading is not asked twice; a refresh asked meanwhile runs once it has
 * answered, since that answer may predate the change.
 */
export const loadPhotos = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(PhotoflowApi),
    scheduler: SchedulerLike = asyncScheduler,
  ) => {
    const inFlight = new Set<string>();
    const refreshAfter = new Set<string>();
    const photos$ = store.select(photosFeature.selectPhotosState);

    const fetchPage = (
      albumId: string,
      tagId: string,
      page: number,
      refresh: boolean,
    ): Observable<ReturnType<typeof AlbumsApiActions.photosPageLoaded>> | Observable<never> => {
      const key = `${tagId}:${page}`;
      if (inFlight.has(key)) {
        if (refresh) refreshAfter.add(key);
        return EMPTY;
      }
      inFlight.add(key);
      // A refresh yields to what a view waits for (the album after a reconnect, a page
      // scrolled to): the grid is asked again within a second anyway while its tag syncs.
      const priority = refresh ? 'low' : 'auto';
      const request$ = api.getPhotos(albumId, tagId, page, PHOTO_PAGE_SIZE, priority).pipe(
        mapResponse({
          next: (photos) =>
            AlbumsApiActions.photosPageLoaded({
              albumId,
              tagId,
              page,
              pageSize: PHOTO_PAGE_SIZE,
              photos,
            }),
          error: (error: unknown) =>
            AlbumsApiActions.photosPageLoadFailed({
              albumId,
              tagId,
              page,
              error: toApiError(error),
            }),
        }),
        finalize(() => inFlight.delete(key)),
      );
      return concat(
        request$,
        defer(() => {
          inFlight.delete(key);
          return refreshAfter.delete(key) ? fetchPage(albumId, tagId, page, true) : EMPTY;
        }),
      ) as Observable<ReturnType<typeof AlbumsApiActions.photosPageLoaded>>;
    };

    const viewed$ = actions$.pipe(
      ofType(AlbumDetailPageActions.photoRangeViewed),
      concatLatestFrom(() => photos$),
      mergeMap(([{ albumId, tagId, first, last }, state]) =>
        from(
          pagesCovering(first, last).filter((page) => state.pages[page]?.status !== 'loaded'),
        ).pipe(mergeMap((page) => fetchPage(albumId, tagId, page, false))),
      ),
    );

    const stale$ = actions$.pipe(
      ofType(AlbumFollowingActions.photosStale),
      concatLatestFrom(() => photos$),
      filter(
        ([{ albumId, albumTagId }, state]) =>
          state.tagId !== null &&
          state.albumId === albumId &&
          (albumTagId === null || albumTagId === state.tagId),
      ),
      throttleTime(PHOTO_REFRESH_MS, scheduler, { leading: true, trailing: true }),
      concatLatestFrom(() => photos$),
      mergeMap(([, { albumId, tagId, visibleRange }]) => {
        if (albumId === null || tagId === null) return EMPTY;
        return from(pagesCovering(visibleRange.first, visibleRange.last)).pipe(
          mergeMap((page) => fetchPage(albumId, tagId, page, true)),
        );
      }),
    );

    return merge(viewed$, stale$);
  },
  { functional: true },
);
