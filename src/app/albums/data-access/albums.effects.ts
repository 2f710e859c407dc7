import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import {
  EMPTY,
  asyncScheduler,
  catchError,
  concatMap,
  exhaustMap,
  filter,
  from,
  groupBy,
  map,
  merge,
  mergeMap,
  of,
  switchMap,
  tap,
  throttleTime,
  withLatestFrom,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { SignalRService } from '../../realtime/signalr.service';
import { AlbumDetailPageActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import { selectAlbumDetails, selectAlbumListStatus, selectAlbumQuery } from './albums.feature';
import { PHOTO_PAGE_SIZE, PHOTO_REFRESH_MS, pagesCovering, photosFeature } from './photos.feature';

/** One album id from any action that concerns an album. */
type AlbumAction = { albumId: string } | { event: { albumId: string } } | { album: { id: string } };
const albumIdOf = (action: AlbumAction): string =>
  'albumId' in action ? action.albumId : 'event' in action ? action.event.albumId : action.album.id;

/** Requests per album: a newer one cancels the one still running for that album. */
const latestPerAlbum =
  <A extends AlbumAction, R>(request: (albumId: string) => Observable<R>) =>
  (source: Observable<A>) =>
    source.pipe(
      groupBy(albumIdOf),
      mergeMap((group) => group.pipe(switchMap(() => request(group.key)))),
    );

// The album list

export const loadAlbums = createEffect(
  (actions$ = inject(Actions), store = inject(Store), api = inject(PhotoflowApi)) =>
    merge(
      actions$.pipe(
        ofType(
          AlbumListPageActions.opened,
          AlbumListPageActions.queryChanged,
          AlbumListPageActions.refreshRequested,
          AlbumsApiActions.albumDeleted,
        ),
      ),
      // Missed events may have moved the listed albums: re-fetch a list already shown.
      actions$.pipe(
        ofType(NotificationHubActions.reconnected),
        withLatestFrom(store.select(selectAlbumListStatus)),
        filter(([, status]) => status !== 'idle'),
      ),
    ).pipe(
      withLatestFrom(store.select(selectAlbumQuery)),
      switchMap(([, query]) =>
        api.listAlbums(query).pipe(
          map((page) => AlbumsApiActions.albumsLoaded({ query, page })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.albumsLoadFailed({ query, error: toApiError(error) })),
          ),
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
          map((created) => AlbumsApiActions.albumCreated({ album: created })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.albumCreateFailed({ error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

// Hub groups: the detail page's album, and every album the list shows (live bars and stages)

export const joinAlbumGroup = createEffect(
  (actions$ = inject(Actions), hub = inject(SignalRService)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.opened),
      tap(({ albumId }) => hub.joinAlbumGroup(albumId)),
    ),
  { functional: true, dispatch: false },
);

export const leaveAlbumGroup = createEffect(
  (actions$ = inject(Actions), hub = inject(SignalRService)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.closed),
      tap(({ albumId }) => hub.leaveAlbumGroup(albumId)),
    ),
  { functional: true, dispatch: false },
);

/**
 * Hub events go to album groups only, so the list follows every album it shows: a sync
 * started elsewhere (a colleague, another tab) shows on its card at once. A page holds
 * at most a few dozen albums; the joins are ref-counted with the detail page's.
 */
export const followListedAlbums = createEffect(
  (actions$ = inject(Actions), hub = inject(SignalRService)) => {
    let followed = new Set<string>();
    return merge(
      actions$.pipe(
        ofType(AlbumsApiActions.albumsLoaded),
        map(({ page }) => new Set(page.items.map((album) => album.id))),
      ),
      actions$.pipe(
        ofType(AlbumListPageActions.closed),
        map(() => new Set<string>()),
      ),
    ).pipe(
      tap((listed) => {
        for (const albumId of listed) if (!followed.has(albumId)) hub.joinAlbumGroup(albumId);
        for (const albumId of followed) if (!listed.has(albumId)) hub.leaveAlbumGroup(albumId);
        followed = listed;
      }),
    );
  },
  { functional: true, dispatch: false },
);

// The album's snapshot: on open, on demand, when its state changes, after a reconnect

/** Album ids to re-fetch after a reconnect: one action per joined album. */
const reconnectedAlbums = (actions$: Actions) =>
  actions$.pipe(
    ofType(NotificationHubActions.reconnected),
    mergeMap(({ albumIds }) => from(albumIds.map((albumId) => ({ albumId })))),
  );

/** Hub events for albums we hold in detail; others change nothing and fetch nothing. */
const forHeldAlbums = <A extends AlbumAction>(store: Store, source: Observable<A>) =>
  source.pipe(
    withLatestFrom(store.select(selectAlbumDetails)),
    filter(([action, details]) => albumIdOf(action) in details),
    map(([action]) => action),
  );

export const loadAlbum = createEffect(
  (actions$ = inject(Actions), store = inject(Store), api = inject(PhotoflowApi)) =>
    merge(
      actions$.pipe(ofType(AlbumDetailPageActions.opened, AlbumDetailPageActions.refreshRequested)),
      forHeldAlbums(
        store,
        actions$.pipe(
          ofType(
            NotificationHubActions.albumStateChanged,
            NotificationHubActions.albumSyncCompleted,
            NotificationHubActions.albumSyncFailed,
          ),
        ),
      ),
      reconnectedAlbums(actions$),
    ).pipe(
      latestPerAlbum((albumId) =>
        api.getAlbum(albumId).pipe(
          map((album) => AlbumsApiActions.albumLoaded({ album })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.albumLoadFailed({ albumId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const loadTransitions = createEffect(
  (actions$ = inject(Actions), store = inject(Store), api = inject(PhotoflowApi)) =>
    merge(
      actions$.pipe(
        ofType(
          AlbumDetailPageActions.opened,
          AlbumDetailPageActions.refreshRequested,
          AlbumsApiActions.triggerSucceeded,
          AlbumsApiActions.triggerFailed,
        ),
      ),
      actions$.pipe(
        ofType(AlbumsApiActions.tagUrlUpdated),
        map(({ tag }) => ({ albumId: tag.albumId })),
      ),
      forHeldAlbums(
        store,
        actions$.pipe(
          ofType(
            NotificationHubActions.albumStateChanged,
            NotificationHubActions.albumTagStatusChanged,
            NotificationHubActions.albumSyncCompleted,
            NotificationHubActions.albumSyncFailed,
          ),
        ),
      ),
      reconnectedAlbums(actions$),
    ).pipe(
      latestPerAlbum((albumId) =>
        api.getTransitions(albumId).pipe(
          map((transitions) => AlbumsApiActions.transitionsLoaded({ albumId, transitions })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.transitionsLoadFailed({ albumId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const loadTags = createEffect(
  (actions$ = inject(Actions), store = inject(Store), api = inject(PhotoflowApi)) =>
    forHeldAlbums(
      store,
      actions$.pipe(
        ofType(
          NotificationHubActions.albumTagCreated,
          NotificationHubActions.albumTagStatusChanged,
        ),
      ),
    ).pipe(
      latestPerAlbum((albumId) =>
        api.getTags(albumId).pipe(
          map((tags) => AlbumsApiActions.tagsLoaded({ albumId, tags })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.tagsLoadFailed({ albumId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

// Commands

export const fireTrigger = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.triggerFired),
      concatMap(({ albumId, trigger }) =>
        api.fireTrigger(albumId, trigger).pipe(
          map(({ album, syncStarted }) =>
            AlbumsApiActions.triggerSucceeded({ albumId, trigger, album, syncStarted }),
          ),
          catchError((error: unknown) =>
            of(AlbumsApiActions.triggerFailed({ albumId, trigger, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const renameAlbum = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.albumRenamed),
      concatMap(({ albumId, name }) =>
        api.renameAlbum(albumId, name).pipe(
          map((album) => AlbumsApiActions.albumRenamed({ album })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.albumRenameFailed({ albumId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const deleteAlbum = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.albumDeleted),
      concatMap(({ albumId }) =>
        api.deleteAlbum(albumId).pipe(
          map(() => AlbumsApiActions.albumDeleted({ albumId })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.albumDeleteFailed({ albumId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const changeTagUrl = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.tagUrlChanged),
      concatMap(({ albumId, tagId, url }) =>
        api.setTagUrl(albumId, tagId, url).pipe(
          map((tag) => AlbumsApiActions.tagUrlUpdated({ tag })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.tagUrlUpdateFailed({ albumId, tagId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const resyncTag = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.tagResyncRequested),
      concatMap(({ albumId, tagId, folderId }) =>
        api.resyncFolder(folderId).pipe(
          map(() => AlbumsApiActions.tagResyncStarted({ albumId, tagId })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.tagResyncFailed({ albumId, tagId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

export const vote = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.photoVoteToggled),
      concatMap(({ albumId, photoId, voted }) =>
        api.vote(albumId, photoId, voted).pipe(
          map((photo) => AlbumsApiActions.photoVoted({ albumId, photo })),
          catchError((error: unknown) =>
            of(AlbumsApiActions.photoVoteFailed({ albumId, photoId, error: toApiError(error) })),
          ),
        ),
      ),
    ),
  { functional: true },
);

// The photo grid: fetch the pages on screen; while its tag syncs, re-fetch them (throttled)

export const loadPhotos = createEffect(
  (
    actions$ = inject(Actions),
    store = inject(Store),
    api = inject(PhotoflowApi),
    scheduler: SchedulerLike = asyncScheduler,
  ) => {
    const inFlight = new Set<string>();
    const photos$ = store.select(photosFeature.selectPhotosState);
    const fetchPage = (albumId: string, tagId: string, page: number) => {
      const key = `${tagId}:${page}`;
      if (inFlight.has(key)) return EMPTY;
      inFlight.add(key);
      return api.getPhotos(albumId, tagId, page, PHOTO_PAGE_SIZE).pipe(
        map((photos) =>
          AlbumsApiActions.photosPageLoaded({
            albumId,
            tagId,
            page,
            pageSize: PHOTO_PAGE_SIZE,
            photos,
          }),
        ),
        catchError((error: unknown) =>
          of(
            AlbumsApiActions.photosPageLoadFailed({
              albumId,
              tagId,
              page,
              error: toApiError(error),
            }),
          ),
        ),
        tap({ finalize: () => inFlight.delete(key) }),
      );
    };

    const viewed$ = actions$.pipe(
      ofType(AlbumDetailPageActions.photoRangeViewed),
      withLatestFrom(photos$),
      mergeMap(([{ albumId, tagId, first, last }, state]) =>
        from(
          pagesCovering(first, last).filter((page) => state.pages[page]?.status !== 'loaded'),
        ).pipe(mergeMap((page) => fetchPage(albumId, tagId, page))),
      ),
    );

    // What may change the grid: its tag's sync, a state change of its album (the client's
    // picks), a reconnect. Each names the tag or the album it concerns.
    const gridChanges$ = merge(
      actions$.pipe(
        ofType(NotificationHubActions.photoSyncProgressed),
        mergeMap(({ events }) => from(events)),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.photoSyncCompleted),
        map(({ event }) => event),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumTagStatusChanged),
        map(({ event }) => event),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.albumStateChanged),
        map(({ event }) => ({ albumId: event.albumId, albumTagId: null })),
      ),
      actions$.pipe(
        ofType(NotificationHubActions.reconnected),
        mergeMap(({ albumIds }) =>
          from(albumIds.map((albumId) => ({ albumId, albumTagId: null }))),
        ),
      ),
    );
    const syncing$ = gridChanges$.pipe(
      withLatestFrom(photos$),
      filter(
        ([change, state]) =>
          state.tagId !== null &&
          (change.albumTagId === state.tagId ||
            (change.albumTagId === null && change.albumId === state.albumId)),
      ),
      throttleTime(PHOTO_REFRESH_MS, scheduler, { leading: true, trailing: true }),
      withLatestFrom(photos$),
      mergeMap(([, state]) => {
        const { albumId, tagId, visibleRange } = state;
        if (albumId === null || tagId === null) return EMPTY;
        return from(pagesCovering(visibleRange.first, visibleRange.last)).pipe(
          mergeMap((page) => fetchPage(albumId, tagId, page)),
        );
      }),
    );

    return merge(viewed$, syncing$);
  },
  { functional: true },
);
