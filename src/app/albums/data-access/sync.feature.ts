import { createFeature, createReducer, createSelector, on, type ActionReducer } from '@ngrx/store';
import { HubEventActions, NotificationHubActions } from '../../realtime/notification-hub.actions';
import { AlbumFollowingActions, AlbumsApiActions } from './albums.actions';
import { entryOf, perAlbumId } from './album-selector';
import { replayingSnapshots } from './snapshot-replay';
import { albumProgress, tagProgress, type SyncProgressView } from './sync-progress';
import { applyListRows, applySnapshot } from './sync-snapshots';
import {
  applyProgressBatch,
  evictAlbum,
  keepAlbums,
  onAlbumCompleted,
  onAlbumFailed,
  onAlbumStarted,
  onTagCompleted,
  onTagStatus,
  type SyncState,
} from './sync-runs';

export type { AlbumSync, SyncStatus, TagSync } from './sync-runs';
export type { SyncProgressView } from './sync-progress';

const initialState: SyncState = { albums: {} };

/**
 * The syncs of followed albums only: no event keeps another album's sync true, and a list
 * answer's rows would otherwise pile up as the list scrolls. A list answer brings the rows
 * and the replayed events of the albums followed once it has landed, no others: an album
 * scrolled away while the answer was in flight is not brought back by its events.
 */
function followedOnly(reducer: ActionReducer<SyncState>): ActionReducer<SyncState> {
  return (state, action) => {
    const next = reducer(state, action);
    return AlbumsApiActions.albumsLoaded.type === action.type
      ? keepAlbums(next, (action as ReturnType<typeof AlbumsApiActions.albumsLoaded>).followed)
      : next;
  };
}

export const syncFeature = createFeature({
  name: 'sync',
  reducer: followedOnly(
    replayingSnapshots<SyncState>(
      createReducer(
        initialState,
        on(NotificationHubActions.photoSyncProgressed, (state, { events }): SyncState =>
          applyProgressBatch(state, events),
        ),
        on(HubEventActions.PhotoSyncCompleted, (state, { event }): SyncState =>
          onTagCompleted(state, event),
        ),
        on(HubEventActions.AlbumTagStatusChanged, (state, { event }): SyncState =>
          onTagStatus(state, event),
        ),
        on(HubEventActions.AlbumSyncStarted, (state, { event }): SyncState =>
          onAlbumStarted(state, event),
        ),
        on(HubEventActions.AlbumSyncCompleted, (state, { event }): SyncState =>
          onAlbumCompleted(state, event),
        ),
        on(HubEventActions.AlbumSyncError, (state, { event }): SyncState =>
          onAlbumFailed(state, event),
        ),
        on(
          AlbumsApiActions.albumLoaded,
          AlbumsApiActions.triggerSucceeded,
          (state, { album }): SyncState => applySnapshot(state, album),
        ),
        on(AlbumsApiActions.albumsLoaded, (state, { page }): SyncState =>
          applyListRows(state, page.items),
        ),
        on(AlbumFollowingActions.albumUnfollowed, (state, { albumId }): SyncState =>
          evictAlbum(state, albumId),
        ),
      ),
    ),
  ),
});

export const { selectAlbums: selectSyncByAlbum } = syncFeature;

/** One album's sync, or null when none was seen. */
export const selectAlbumSync = perAlbumId((albumId) =>
  createSelector(selectSyncByAlbum, (albums) => entryOf(albums, albumId)),
);

/** Whether a sync of one album runs now (the one owner of that fact: see sync-runs.ts). */
export const selectAlbumSyncing = perAlbumId((albumId) =>
  createSelector(selectAlbumSync(albumId), (album) => album?.status === 'syncing'),
);

/** Progress per tag of one album, by tag id. */
export const selectTagProgress = perAlbumId((albumId) =>
  createSelector(selectAlbumSync(albumId), (album) => {
    const byTag: Record<string, SyncProgressView> = {};
    if (album) {
      for (const [tagId, tag] of Object.entries(album.tags)) byTag[tagId] = tagProgress(tag);
    }
    return byTag;
  }),
);

/** One album's overall progress across tags, or null when it never synced here. */
export const selectAlbumProgress = perAlbumId((albumId) =>
  createSelector(selectAlbumSync(albumId), (album) => (album ? albumProgress(album) : null)),
);

/** Overall progress of every album we hear about (the list's small bars), by album id. */
export const selectAlbumProgressById = createSelector(selectSyncByAlbum, (albums) => {
  const byAlbum: Record<string, SyncProgressView> = {};
  for (const [albumId, album] of Object.entries(albums)) byAlbum[albumId] = albumProgress(album);
  return byAlbum;
});
