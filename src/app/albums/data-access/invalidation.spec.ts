import { AlbumFollowingActions } from './albums.actions';
import { STALE_AFTER, staleActions, type OpenViews } from './invalidation';

const views = (albums: string[], listed: string[] | null): OpenViews => ({
  albums: new Set(albums),
  listed: listed && new Set(listed),
});

describe('the invalidation table', () => {
  it('re-fetches an open album everything after a join, the first one included', () => {
    expect(staleActions('Joined', 'a', views(['a'], null))).toEqual([
      AlbumFollowingActions.albumStale({ albumId: 'a' }),
      AlbumFollowingActions.transitionsStale({ albumId: 'a' }),
      AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: null }),
    ]);
  });

  it("touches an album's resources only while a detail view shows it, the list only while it lists it", () => {
    expect(staleActions('AlbumStateChanged', 'a', views([], null))).toEqual([]);
    expect(staleActions('AlbumStateChanged', 'a', views([], ['a']))).toEqual([
      AlbumFollowingActions.listStale(),
    ]);
    expect(staleActions('AlbumStateChanged', 'a', views(['b'], ['b']))).toEqual([]);
  });

  it('never re-fetches what an event says itself', () => {
    // Progress is applied from the event: only the grid of that tag reloads its photos.
    expect(staleActions('PhotoSyncProgress', 'a', views(['a'], ['a']), 't')).toEqual([
      AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 't' }),
    ]);
    expect(STALE_AFTER.AlbumTagStatusChanged).toEqual(['transitions']);
  });

  it("re-reads the list when a listed album's sync starts, completes or fails: each moves it in the list's order", () => {
    for (const cause of ['AlbumSyncStarted', 'AlbumSyncCompleted', 'AlbumSyncError'] as const) {
      expect(staleActions(cause, 'a', views([], ['a'])), cause).toEqual([
        AlbumFollowingActions.listStale(),
      ]);
      expect(staleActions(cause, 'a', views([], ['b'])), cause).toEqual([]);
    }
  });

  it('makes a refused album stale, so REST says whether it is gone', () => {
    expect(staleActions('Refused', 'a', views(['a'], null))).toEqual([
      AlbumFollowingActions.albumStale({ albumId: 'a' }),
    ]);
  });
});
