import { inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { tap } from 'rxjs';
import { ToastService } from '../shell/toast.service';
import { AlbumsApiActions } from './data-access/albums.actions';

/**
 * Failed commands, in plain words. Failed loads are not toasted: the page that asked
 * shows them in place, with a way to retry.
 */
export const apiErrorToasts = createEffect(
  (actions$ = inject(Actions), toasts = inject(ToastService)) =>
    actions$.pipe(
      ofType(
        AlbumsApiActions.albumCreateFailed,
        AlbumsApiActions.albumRenameFailed,
        AlbumsApiActions.albumDeleteFailed,
        AlbumsApiActions.triggerFailed,
        AlbumsApiActions.tagUrlUpdateFailed,
        AlbumsApiActions.tagResyncFailed,
        AlbumsApiActions.photoVoteFailed,
      ),
      tap(({ error }) => toasts.error(error.message)),
    ),
  { functional: true, dispatch: false },
);
