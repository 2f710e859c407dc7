import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { mapResponse } from '@ngrx/operators';
import type { Action, ActionCreator } from '@ngrx/store';
import { concatMap, type Observable } from 'rxjs';
import { toApiError, type ApiError } from '../../api/api-error';
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
            next: ({ answer: { album, syncStarted }, replay, issued }) =>
              AlbumsApiActions.triggerSucceeded({
                albumId,
                trigger,
                album,
                syncStarted,
                replay,
                issued,
              }),
            error: (error: unknown) =>
              AlbumsApiActions.triggerFailed({ albumId, trigger, error: toApiError(error) }),
          }),
        ),
      ),
    ),
  { functional: true },
);

/**
 * A command: each request in the order asked (concatMap), its answer or its failure as
 * an action. The failure's sentence comes from the API layer (toApiError).
 */
function command<C extends ActionCreator, R>(
  asked: C,
  request: (api: PhotoflowApi, action: ReturnType<C>) => Observable<R>,
  succeeded: (action: ReturnType<C>, answer: R) => Action,
  failed: (action: ReturnType<C>, error: ApiError) => Action,
) {
  return createEffect(
    (actions$ = inject(Actions), api = inject(PhotoflowApi)) =>
      actions$.pipe(
        ofType(asked),
        concatMap((action: ReturnType<C>) =>
          request(api, action).pipe(
            mapResponse({
              next: (answer) => succeeded(action, answer),
              error: (error: unknown) => failed(action, toApiError(error)),
            }),
          ),
        ),
      ),
    { functional: true },
  );
}

export const renameAlbum = command(
  AlbumDetailPageActions.albumRenamed,
  (api, { albumId, name }) => api.renameAlbum(albumId, name),
  (_, album) => AlbumsApiActions.albumRenamed({ album }),
  ({ albumId }, error) => AlbumsApiActions.albumRenameFailed({ albumId, error }),
);

export const deleteAlbum = command(
  AlbumDetailPageActions.albumDeleted,
  (api, { albumId }) => api.deleteAlbum(albumId),
  ({ albumId }) => AlbumsApiActions.albumDeleted({ albumId }),
  ({ albumId }, error) => AlbumsApiActions.albumDeleteFailed({ albumId, error }),
);

export const changeTagUrl = command(
  AlbumDetailPageActions.tagUrlChanged,
  (api, { albumId, tagId, url }) => api.setTagUrl(albumId, tagId, url),
  (_, tag) => AlbumsApiActions.tagUrlUpdated({ tag }),
  ({ albumId, tagId }, error) => AlbumsApiActions.tagUrlUpdateFailed({ albumId, tagId, error }),
);

export const resyncTag = command(
  AlbumDetailPageActions.tagResyncRequested,
  (api, { folderId }) => api.resyncFolder(folderId),
  ({ albumId, tagId }) => AlbumsApiActions.tagResyncStarted({ albumId, tagId }),
  ({ albumId, tagId }, error) => AlbumsApiActions.tagResyncFailed({ albumId, tagId, error }),
);

export const vote = command(
  AlbumDetailPageActions.photoVoteToggled,
  (api, { albumId, photoId, voted }) => api.vote(albumId, photoId, voted),
  ({ albumId }, photo) => AlbumsApiActions.photoVoted({ albumId, photo }),
  ({ albumId, photoId }, error) => AlbumsApiActions.photoVoteFailed({ albumId, photoId, error }),
);
