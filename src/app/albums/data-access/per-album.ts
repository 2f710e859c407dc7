import type { Actions } from '@ngrx/effects';
import { ofType } from '@ngrx/effects';
import { filter, groupBy, mergeMap, switchMap, type Observable } from 'rxjs';
import { AlbumFollowingActions } from './albums.actions';

/**
 * One request per album at a time: a newer one cancels the one still running for that
 * album, so answers for one album are applied in the order they were asked. A group
 * ends when its album is no longer followed, so nothing is kept for albums long gone.
 */
export const latestPerAlbum =
  <A extends { albumId: string }, R>(
    actions$: Actions,
    request: (albumId: string, action: A) => Observable<R>,
  ) =>
  (source: Observable<A>): Observable<R> =>
    source.pipe(
      groupBy((action) => action.albumId, {
        duration: (group) =>
          actions$.pipe(
            ofType(AlbumFollowingActions.albumUnfollowed),
            filter(({ albumId }) => albumId === group.key),
          ),
      }),
      mergeMap((group) => group.pipe(switchMap((action) => request(group.key, action)))),
    );
