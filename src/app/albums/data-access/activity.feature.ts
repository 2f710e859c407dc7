import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { AlbumTagType } from '../../api/models';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { AlbumsApiActions } from './albums.actions';
import { selectSelectedAlbumId } from './albums.feature';
import { selectAllTags } from './tags.feature';

/** Entries kept per album: a tab open all day must not grow. */
export const ACTIVITY_LIMIT = 50;

export type ActivityKind = 'state' | 'tag' | 'sync-started' | 'sync-completed' | 'sync-failed' | 'refused';

export interface ActivityEntry {
  /** Unique within the album's log, for `track`. */
  readonly id: number;
  readonly albumId: string;
  readonly kind: ActivityKind;
  /** What happened, in the photographer's words. */
  readonly text: string;
  /** ISO 8601, from the event. */
  readonly at: string;
}

export interface ActivityState {
  /** Newest first, per album. */
  readonly byAlbum: Readonly<Record<string, readonly ActivityEntry[]>>;
  readonly nextId: number;
}

const initialState: ActivityState = { byAlbum: {}, nextId: 1 };

function log(state: ActivityState, albumId: string, kind: ActivityKind, text: string, at: string): ActivityState {
  const entry: ActivityEntry = { id: state.nextId, albumId, kind, text, at };
  const entries = [entry, ...(state.byAlbum[albumId] ?? [])].slice(0, ACTIVITY_LIMIT);
  return { byAlbum: { ...state.byAlbum, [albumId]: entries }, nextId: state.nextId + 1 };
}

const tagName = (type: AlbumTagType | null | undefined) => (type ? `${type} photos` : 'Photos');
const photos = (count: number) => `${count.toLocaleString('en-US')} photo${count === 1 ? '' : 's'}`;

export const activityFeature = createFeature({
  name: 'activity',
  reducer: createReducer(
    initialState,
    on(NotificationHubActions.albumStateChanged, (state, { event }) =>
      log(state, event.albumId, 'state', `Album moved to ${event.newState}`, event.timestamp),
    ),
    on(NotificationHubActions.albumTagCreated, (state, { event }) =>
      log(state, event.albumId, 'tag', 'A new set of photos was created', event.timestamp),
    ),
    on(NotificationHubActions.albumSyncStarted, (state, { event }) =>
      log(state, event.albumId, 'sync-started', 'Photo sync started', event.timestamp),
    ),
    on(NotificationHubActions.photoSyncCompleted, (state, { event }) =>
      log(
        state,
        event.albumId,
        'sync-completed',
        `${tagName(event.albumTagType)}: ${photos(event.totalCount)} synced`,
        event.timestamp,
      ),
    ),
    on(NotificationHubActions.albumTagStatusChanged, (state, { event }) =>
      event.newStatus === 'Failed'
        ? log(state, event.albumId, 'sync-failed', 'A set of photos failed to sync', event.timestamp)
        : state,
    ),
    on(NotificationHubActions.albumSyncFailed, (state, { event }) =>
      log(state, event.albumId, 'sync-failed', `Photo sync failed: ${event.message}`, event.timestamp),
    ),
    on(AlbumsApiActions.triggerFailed, (state, { albumId, error }) =>
      log(state, albumId, 'refused', error.message, new Date().toISOString()),
    ),
  ),
  extraSelectors: ({ selectByAlbum }) => ({
    /** The opened album's activity, newest first. */
    selectSelectedAlbumActivity: createSelector(
      selectByAlbum,
      selectSelectedAlbumId,
      (byAlbum, albumId): readonly ActivityEntry[] => (albumId ? (byAlbum[albumId] ?? []) : []),
    ),
  }),
});

export const { selectSelectedAlbumActivity } = activityFeature;
/** Kept for UI code that wants tags beside the feed without another import. */
export { selectAllTags };
