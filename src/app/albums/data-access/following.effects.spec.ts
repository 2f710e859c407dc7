import type { Actions } from '@ngrx/effects';
import type { Action, Store } from '@ngrx/store';
import { BehaviorSubject, Subject } from 'rxjs';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { AlbumFollowingActions } from './albums.actions';
import { invalidateStaleResources } from './following.effects';
import type { OpenViews } from './invalidation';

describe('invalidateStaleResources', () => {
  let actions$: Subject<Action>;
  let views$: BehaviorSubject<OpenViews>;
  let emitted: Action[];

  beforeEach(() => {
    actions$ = new Subject<Action>();
    views$ = new BehaviorSubject<OpenViews>({ albums: new Set(), listed: null });
    emitted = [];
    const store = { select: () => views$ } as unknown as Store;
    invalidateStaleResources(actions$ as unknown as Actions, store).subscribe((action) =>
      emitted.push(action),
    );
  });

  it('re-fetches an open album whose group the hub refused: deleted while away, REST says it is gone', () => {
    views$.next({ albums: new Set(['a']), listed: null });
    actions$.next(
      NotificationHubActions.albumJoinRefused({ albumId: 'a', reason: 'Album not found' }),
    );
    expect(emitted).toEqual([AlbumFollowingActions.albumStale({ albumId: 'a' })]);
  });

  it('re-fetches the open list when the hub refuses one of its albums', () => {
    views$.next({ albums: new Set(), listed: new Set(['a', 'b']) });
    actions$.next(
      NotificationHubActions.albumJoinRefused({ albumId: 'b', reason: 'Album not found' }),
    );
    expect(emitted).toEqual([AlbumFollowingActions.listStale()]);
  });

  it('fetches nothing for a refused album that no open view shows', () => {
    views$.next({ albums: new Set(['a']), listed: new Set(['a']) });
    actions$.next(
      NotificationHubActions.albumJoinRefused({ albumId: 'z', reason: 'Album not found' }),
    );
    expect(emitted).toEqual([]);
  });

  it('re-fetches the list once for a round of joins over several listed albums, reconnect included', () => {
    views$.next({ albums: new Set(['a']), listed: new Set(['a', 'b', 'c']) });
    actions$.next(
      NotificationHubActions.albumGroupsJoined({ albumIds: ['a', 'b', 'c'], reconnect: true }),
    );
    expect(emitted).toEqual([
      AlbumFollowingActions.albumStale({ albumId: 'a' }),
      AlbumFollowingActions.transitionsStale({ albumId: 'a' }),
      AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: null }),
      AlbumFollowingActions.listStale(),
    ]);
  });

  it('re-fetches a syncing tag once for a batch of its progress events', () => {
    views$.next({ albums: new Set(['a']), listed: null });
    const progress = (processedCount: number) => ({
      albumId: 'a',
      albumTagId: 't',
      processedCount,
      totalCount: 10,
      albumTagType: 'Raw' as const,
      timestamp: '2026-01-01T00:00:00Z',
    });
    actions$.next(
      NotificationHubActions.photoSyncProgressed({ events: [progress(1), progress(2)] }),
    );
    expect(emitted).toEqual([AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 't' })]);
  });
});
