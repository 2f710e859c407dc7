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
  take,
  throttleTime,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumsApiActions,
  PhotoViewerActions,
} from './albums.actions';
import {
  PHOTO_PAGE_SIZE,
  PHOTO_REFRESH_MS,
  pagesCovering,
  photosFeature,
  readSince,
} from './photos.feature';

/**
 * The photo grid's loader, the one reader of a tag's pages: fetch the pages on screen,
 * and the pages the viewer walks (`PhotoViewerActions.pageNeeded`); when the table says
 * the photos are stale (its tag syncing, its album's state changed, a rejoin), fetch
 * those on screen again, throttled. A page is never read twice at once: asked while its
 * read is under way, it waits for that answer, and if the read started before the change
 * count asked for (`since`, see photos.feature.ts), it is read again once it has answered.
 */
export const loadPhotos = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(PhotoflowApi),
    scheduler: SchedulerLike = asyncScheduler,
  ) => {
    /** Each page read under way, with the change count when it started. */
    const inFlight = new Map<string, number>();
    /** Pages to read again once their read has answered, with the change count wanted. */
    const readAgain = new Map<string, number>();
    const photos$ = store.select(photosFeature.selectPhotosState);

    type PageAnswer = ReturnType<
      typeof AlbumsApiActions.photosPageLoaded | typeof AlbumsApiActions.photosPageLoadFailed
    >;
    /** Page `page`, read since change `since`; a new read starts at change `asOf`. */
    const fetchPage = (
      albumId: string,
      tagId: string,
      page: number,
      since: number,
      asOf: number,
      priority: RequestPriority,
    ): Observable<PageAnswer> => {
      const key = `${tagId}:${page}`;
      const started = inFlight.get(key);
      if (started !== undefined) {
        if (started < since) readAgain.set(key, Math.max(since, readAgain.get(key) ?? since));
        return EMPTY;
      }
      inFlight.set(key, asOf);
      const request$ = api.getPhotos(albumId, tagId, page, PHOTO_PAGE_SIZE, priority).pipe(
        mapResponse({
          next: (photos): PageAnswer =>
            AlbumsApiActions.photosPageLoaded({
              albumId,
              tagId,
              page,
              pageSize: PHOTO_PAGE_SIZE,
              photos,
              asOf,
            }),
          error: (error: unknown): PageAnswer =>
            AlbumsApiActions.photosPageLoadFailed({
              albumId,
              tagId,
              page,
              error: toApiError(error),
              asOf,
            }),
        }),
        finalize(() => inFlight.delete(key)),
      );
      return concat(
        request$,
        defer(() => {
          inFlight.delete(key);
          const wanted = readAgain.get(key);
          if (wanted === undefined) return EMPTY;
          readAgain.delete(key);
          // Read again at low priority, as a refresh: whatever waits has the page already.
          return photos$.pipe(
            take(1),
            mergeMap(({ changes }) => fetchPage(albumId, tagId, page, wanted, changes, 'low')),
          );
        }),
      );
    };

    const viewed$ = actions$.pipe(
      ofType(AlbumDetailPageActions.photoRangeViewed),
      concatLatestFrom(() => photos$),
      mergeMap(([{ albumId, tagId, first, last }, state]) =>
        from(
          pagesCovering(first, last).filter((page) => state.pages[page]?.status !== 'loaded'),
        ).pipe(mergeMap((page) => fetchPage(albumId, tagId, page, 0, state.changes, 'auto'))),
      ),
    );

    const needed$ = actions$.pipe(
      ofType(PhotoViewerActions.pageNeeded),
      concatLatestFrom(() => photos$),
      mergeMap(([{ albumId, tagId, page, since }, state]) =>
        readSince(state.pages[page], since)
          ? EMPTY
          : fetchPage(albumId, tagId, page, since, state.changes, 'auto'),
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
      mergeMap(([, { albumId, tagId, visibleRange, changes }]) => {
        if (albumId === null || tagId === null) return EMPTY;
        // A refresh yields to what a view waits for (the album after a reconnect, a page
        // scrolled to): the grid is asked again within a second anyway while its tag syncs.
        return from(pagesCovering(visibleRange.first, visibleRange.last)).pipe(
          mergeMap((page) => fetchPage(albumId, tagId, page, changes, changes, 'low')),
        );
      }),
    );

    return merge(viewed$, needed$, stale$);
  },
  { functional: true },
);
