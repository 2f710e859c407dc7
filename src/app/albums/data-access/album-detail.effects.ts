import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { mapResponse } from '@ngrx/operators';
import { map, merge } from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumDetailPageActions, AlbumFollowingActions, AlbumsApiActions } from './albums.actions';
import { FirstSnapshots, openedWhenAskable } from './first-snapshot';
import { latestPerAlbum } from './per-album';
import { withReplay } from './snapshot-replay';

/**
 * The album with its tags and sync: on open (once its first snapshot may be asked, see
 * first-snapshot.ts), on demand, and when the table says it is stale.
 */
export const loadAlbum = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi), first = inject(FirstSnapshots)) => {
    const asked$ = actions$.pipe(
      ofType(AlbumDetailPageActions.refreshRequested, AlbumFollowingActions.albumStale),
    );
    return merge(openedWhenAskable(actions$, first, 'album', asked$), asked$).pipe(
      latestPerAlbum(actions$, (albumId) =>
        withReplay(actions$, (id) => id === albumId, api.getAlbum(albumId)).pipe(
          mapResponse({
            next: ({ answer: album, replay, issued }) =>
              AlbumsApiActions.albumLoaded({ album, replay, issued }),
            error: (error: unknown) =>
              AlbumsApiActions.albumLoadFailed({ albumId, error: toApiError(error) }),
          }),
        ),
      ),
    );
  },
  { functional: true },
);

/** What the photographer may fire next; the server decides, so it is asked again after each change. */
export const loadTransitions = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi), first = inject(FirstSnapshots)) => {
    const asked$ = merge(
      actions$.pipe(
        ofType(
          AlbumDetailPageActions.refreshRequested,
          AlbumFollowingActions.transitionsStale,
          AlbumsApiActions.triggerSucceeded,
          AlbumsApiActions.triggerFailed,
        ),
      ),
      actions$.pipe(
        ofType(AlbumsApiActions.tagUrlUpdated),
        map(({ tag }) => ({ albumId: tag.albumId })),
      ),
    );
    return merge(openedWhenAskable(actions$, first, 'transitions', asked$), asked$).pipe(
      latestPerAlbum(actions$, (albumId) =>
        api.getTransitions(albumId).pipe(
          mapResponse({
            next: (transitions) => AlbumsApiActions.transitionsLoaded({ albumId, transitions }),
            error: (error: unknown) =>
              AlbumsApiActions.transitionsLoadFailed({ albumId, error: toApiError(error) }),
          }),
        ),
      ),
    );
  },
  { functional: true },
);
