import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { mapResponse } from '@ngrx/operators';
import { concatMap } from 'rxjs';
import { toApiError } from '../../api/api-error';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumDetailPageActions, AlbumsApiActions } from './albums.actions';
import { withReplay } from './snapshot-replay';

// What the photographer does on an album page, one request each, in the order asked.

export const fireTrigger = createEffect(
  (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
    actions$.pipe(
      ofType(AlbumDetailPageActions.triggerFired),
      concatMap(({ albumId, trigger }) =>
        // The answer carries the album: a snapshot like any other.
        withReplay(actions$, (id) => id === albumId, api.fireTrigger(albumId, trigger)).pipe(
          mapResponse({
            next: ({ answer: { album, syncStarted }, replay }) =>
              AlbumsApiActions.triggerSucceeded({ albumId, trigger, album, syncStarted, replay }),
            error: (error: unknown) =>
              AlbumsApiActions.triggerFailed({ albumId, trigger, error: toApiError(error) }),
          }),
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
          mapResponse({
            next: (album) => AlbumsApiActions.albumRenamed({ album }),
            error: (error: unknown) =>
              AlbumsApiActions.albumRenameFailed({ albumId, error: toApiError(error) }),
          }),
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
          mapResponse({
            next: () => AlbumsApiActions.albumDeleted({ albumId }),
            error: (error: unknown) =>
              AlbumsApiActions.albumDeleteFailed({ albumId, error: toApiError(error) }),
          }),
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
          mapResponse({
            next: (tag) => AlbumsApiActions.tagUrlUpdated({ tag }),
            error: (error: unknown) =>
              AlbumsApiActions.tagUrlUpdateFailed({ albumId, tagId, error: toApiError(error) }),
          }),
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
          mapResponse({
            next: () => AlbumsApiActions.tagResyncStarted({ albumId, tagId }),
            error: (error: unknown) =>
              AlbumsApiActions.tagResyncFailed({ albumId, tagId, error: toApiError(error) }),
          }),
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
          mapResponse({
            next: (photo) => AlbumsApiActions.photoVoted({ albumId, photo }),
            error: (error: unknown) =>
              AlbumsApiActions.photoVoteFailed({ albumId, photoId, error: toApiError(error) }),
          }),
        ),
      ),
    ),
  { functional: true },
);
