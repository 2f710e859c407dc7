import type { Actions } from '@ngrx/effects';
import type { Action, Store } from '@ngrx/store';
import { BehaviorSubject, Subject } from 'rxjs';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import type { RealtimeLayer } from '../../realtime/realtime-layer';
import type { SignalRService } from '../../realtime/signalr.service';
import { AlbumFollowingActions } from './albums.actions';
import { followOpenViews, invalidateStaleResources } from './following.effects';
import type { OpenViews } from './invalidation';

describe('followOpenViews', () => {
  let followed$: BehaviorSubject<readonly string[]>;
  let loaded$: Subject<SignalRService>;
  let told: string[][];
  let emitted: Action[];
  const hub = {
    follow: (albumIds: Iterable<string>) => told.push([...albumIds]),
  } as unknown as SignalRService;

  beforeEach(() => {
    followed$ = new BehaviorSubject<readonly string[]>([]);
    loaded$ = new Subject<SignalRService>();
    told = [];
    emitted = [];
    const store = { select: () => followed$ } as unknown as Store;
    const layer = { loaded$ } as unknown as RealtimeLayer;
    followOpenViews(store, layer).subscribe((action) => emitted.push(action));
  });

  it('tells the hub the whole followed set once the realtime layer loads, then each change', () => {
    followed$.next(['a', 'b']);
    followed$.next(['a', 'b', 'c']);
    expect(told, 'no hub before the layer loads (the list holds it)').toEqual([]);

    loaded$.next(hub);
    expect(told).toEqual([['a', 'b', 'c']]);

    followed$.next(['c']);
    expect(told).toEqual([['a', 'b', 'c'], ['c']]);
  });

  it('evicts an album no longer followed once, whether the layer has loaded or not', () => {
    followed$.next(['a', 'b']);
    followed$.next(['b']);
    loaded$.next(hub);
    followed$.next([]);
    expect(emitted).toEqual([
      AlbumFollowingActions.albumUnfollowed({ albumId: 'a' }),
      AlbumFollowingActions.albumUnfollowed({ albumId: 'b' }),
    ]);
  });
});

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
