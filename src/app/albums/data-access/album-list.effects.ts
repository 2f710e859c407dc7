import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { concatLatestFrom, mapResponse } from '@ngrx/operators';
import { Store } from '@ngrx/store';
import type { Action } from '@ngrx/store';
import {
  EMPTY,
  asyncScheduler,
  catchError,
  exhaustMap,
  filter,
  finalize,
  forkJoin,
  from,
  map,
  merge,
  mergeMap,
  of,
  switchMap,
  takeUntil,
  throttleTime,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { AlbumQuery } from '../../api/models';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumFollowingActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import { LIST_LINGER_MS, LIST_PAGE_SIZE } from './album-pages';
import {
  selectAlbumListPages,
  selectAlbumListPresence,
  selectAlbumQuery,
  selectFollowedAlbumIds,
  selectListPagesToLoad,
  selectWantedListPages,
} from './albums.feature';
import { LIST_REFRESH_MS } from './invalidation';
import { withReplay } from './snapshot-replay';

/**
 * The list's pages: each wanted page that is not loaded, once at a time, and a refresh of
 * every wanted page when the list goes stale (throttled: a burst of changes costs one
 * refresh, and one more at its end) or is opened again. The pages of a refresh are read
 * together and applied in one go, so the screen never shows half of one.
 */
export const loadAlbumPages = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(PhotoflowApi),
    scheduler: SchedulerLike = asyncScheduler,
  ) => {
    const inFlight = new Set<string>();
    const missing$ = merge(
      store.select(selectListPagesToLoad),
      // An answer not shown (older than a page beside it) leaves its page to read again.
      actions$.pipe(
        ofType(AlbumsApiActions.albumsLoaded),
        concatLatestFrom(() => store.select(selectListPagesToLoad)),
        map(([, pages]) => pages),
      ),
    );
    const refresh$ = merge(
      actions$.pipe(ofType(AlbumListPageActions.opened, AlbumListPageActions.refreshRequested)),
      actions$.pipe(
        ofType(AlbumFollowingActions.listStale),
        throttleTime(LIST_REFRESH_MS, scheduler, { leading: true, trailing: true }),
      ),
    ).pipe(
      concatLatestFrom(() => [
        store.select(selectWantedListPages),
        store.select(selectAlbumListPages),
        store.select(selectAlbumListPresence),
      ]),
      // A lingering list is read again too: a join while away (events before it were not
      // ours) leaves only the list's answer to say whether its album still syncs.
      filter(([, , , presence]) => presence !== 'closed'),
      // The missing ones are read by `missing$`.
      map(([, wanted, loaded]) => wanted.filter((page) => loaded[page])),
    );
    // A list no longer shown nor lingering follows nothing: an answer landing then would
    // bring rows (and their syncs) no event keeps true. Its reads are dropped; it is read
    // again when shown.
    const listClosed$ = store.select(selectAlbumListPresence).pipe(filter((p) => p === 'closed'));
    const read = (pages: readonly number[], query: AlbumQuery): Observable<Action> => {
      const keys = pages.map((page) => `${JSON.stringify(query)}#${page}`);
      keys.forEach((key) => inFlight.add(key));
      const asked = pages.map((page) => ({ ...query, page, pageSize: LIST_PAGE_SIZE }));
      return withReplay(actions$, () => true, forkJoin(asked.map((q) => api.listAlbums(q)))).pipe(
        mergeMap(({ answer, replay, issued }) =>
          from(answer.map((page, index) => ({ page, index }))).pipe(
            // Read as each page lands: the page before it may have changed what is followed.
            concatLatestFrom(() => store.select(selectFollowedAlbumIds)),
            map(([{ page, index }, followed]) =>
              AlbumsApiActions.albumsLoaded({
                query: asked[index],
                page,
                // Events that came meanwhile are replayed once, after the last page.
                replay: index === answer.length - 1 ? replay : [],
                issued,
                followed,
              }),
            ),
          ),
        ),
        catchError((error: unknown) =>
          of(AlbumsApiActions.albumsLoadFailed({ query, error: toApiError(error) })),
        ),
        takeUntil(listClosed$),
        finalize(() => keys.forEach((key) => inFlight.delete(key))),
      );
    };
    return merge(
      missing$.pipe(map((pages) => ({ pages, refresh: false }))),
      refresh$.pipe(map((pages) => ({ pages, refresh: true }))),
    ).pipe(
      concatLatestFrom(() => store.select(selectAlbumQuery)),
      map(([{ pages, refresh }, query]) => ({
        query,
        pages: refresh
          ? pages
          : pages.filter((page) => !inFlight.has(`${JSON.stringify(query)}#${page}`)),
      })),
      filter(({ pages }) => pages.length > 0),
      // An answer for an older search or stage is ignored by the reducer.
      mergeMap(({ pages, query }) => read(pages, query)),
    );
  },
  { functional: true },
);

/** A list left for a moment keeps following its cards; after LIST_LINGER_MS, it stops. */
export const endListLinger = createEffect(
  (actions$ = inject(Actions), scheduler: SchedulerLike = asyncScheduler) =>
    actions$.pipe(
      ofType(AlbumListPageActions.closed, AlbumListPageActions.opened),
      switchMap((action) =>
        action.type === AlbumListPageActions.closed.type
          ? timer(LIST_LINGER_MS, scheduler).pipe(
              map(() => AlbumFollowingActions.listLingerEnded()),
            )
          : EMPTY,
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
