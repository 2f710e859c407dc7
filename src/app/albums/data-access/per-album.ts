import type { Actions } from '@ngrx/effects';
import { ofType } from '@ngrx/effects';
import { filter, groupBy, mergeMap, switchMap, takeUntil, type Observable } from 'rxjs';
import { AlbumFollowingActions } from './albums.actions';

/**
 * One request per album at a time: a newer one cancels the one still running for that
 * album, so answers for one album are applied in the order they were asked. When its
 * album is no longer followed, its group ends and its request is dropped: nothing is
 * kept, or fetched, for albums no view shows.
 */
export const latestPerAlbum =
  <A extends { albumId: string }, R>(
    actions$: Actions,
    request: (albumId: string, action: A) => Observable<R>,
  ) =>
  (source: Observable<A>): Observable<R> => {
    const unfollowed = (albumId: string) =>
      actions$.pipe(
        ofType(AlbumFollowingActions.albumUnfollowed),
        filter((action) => action.albumId === albumId),
      );
    return source.pipe(
      groupBy((action) => action.albumId, { duration: (group) => unfollowed(group.key) }),
      mergeMap((group) =>
        group.pipe(
          switchMap((action) => request(group.key, action)),
          // An answer for an album no view shows any more would only be evicted again.
          takeUntil(unfollowed(group.key)),
        ),
      ),
    );
  };
