import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { AlbumTag, AlbumTagType } from '../../api/models';
import { photoCount } from '../../i18n/formats';
import { stageLabel, tagLabel } from '../../i18n/labels';
import { hubDetail } from '../../i18n/language';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { AlbumFollowingActions } from './albums.actions';
import { entryOf, perAlbumId } from './album-selector';
import { selectAllTags } from './tags.feature';
import { withoutKey } from './without-key';

/** Entries kept per album: a tab open all day must not grow. */
export const ACTIVITY_LIMIT = 50;

export type ActivityKind =
  | 'state-changed'
  | 'tag-created'
  | 'tag-failed'
  | 'sync-started'
  | 'sync-completed'
  | 'sync-failed';

/** One thing that happened to an album, as logged from a hub event. */
export interface ActivityRecord {
  /** Unique across the log, for `track`. */
  readonly id: number;
  readonly albumId: string;
  readonly kind: ActivityKind;
  /** ISO 8601, from the event. */
  readonly at: string;
  readonly albumTagId?: string;
  readonly albumTagType?: AlbumTagType;
  readonly newState?: string;
  readonly count?: number;
  /** The backend's own words, used when a sync fails. */
  readonly detail?: string;
}

/** An activity record with its sentence, for the feed. */
export interface ActivityEntry extends ActivityRecord {
  readonly text: string;
}

export interface ActivityState {
  /** Newest first, per album. */
  readonly byAlbum: Readonly<Record<string, readonly ActivityRecord[]>>;
  readonly nextId: number;
}

const initialState: ActivityState = { byAlbum: {}, nextId: 1 };

function log(state: ActivityState, record: Omit<ActivityRecord, 'id'>): ActivityState {
  const entries = [{ ...record, id: state.nextId }, ...(state.byAlbum[record.albumId] ?? [])];
  return {
    byAlbum: { ...state.byAlbum, [record.albumId]: entries.slice(0, ACTIVITY_LIMIT) },
    nextId: state.nextId + 1,
  };
}

/** The sentence a photographer reads for one record; `tags` name the tag when known. */
export function describeActivity(record: ActivityRecord, tags: readonly AlbumTag[] = []): string {
  const type = record.albumTagType ?? tags.find((tag) => tag.id === record.albumTagId)?.type;
  const name = type ? tagLabel(type) : null;
  switch (record.kind) {
    case 'state-changed':
      return albumMovedTo(record.newState ?? '');
    case 'tag-created':
      return name ? $localize`${name}:type: tag created` : $localize`A tag was created`;
    case 'tag-failed':
      return name ? $localize`${name}:type: tag failed to sync` : $localize`A tag failed to sync`;
    case 'sync-started':
      return $localize`Photo sync started`;
    case 'sync-completed': {
      const photos = photoCount(record.count ?? 0);
      return name
        ? $localize`${name}:type: tag synced: ${photos}:photos:`
        : $localize`A tag synced: ${photos}:photos:`;
    }
    case 'sync-failed':
      return syncFailed(record.detail);
  }
}

/** PhotoFlow's own wording for a move, in the page's language. */
export function albumMovedTo(state: string): string {
  const stage = stageLabel(state);
  return $localize`Album moved to ${stage}:stage:`;
}

/** The backend's reason is in the server's language: shown only on a page in that language. */
export function syncFailed(message: string | undefined): string {
  const detail = hubDetail(message);
  return detail ? $localize`Photo sync failed: ${detail}:reason:` : $localize`Photo sync failed`;
}

export const activityFeature = createFeature({
  name: 'activity',
  reducer: createReducer(
    initialState,
    on(AlbumFollowingActions.albumUnfollowed, (state, { albumId }): ActivityState => {
      const byAlbum = withoutKey(state.byAlbum, albumId);
      return byAlbum === state.byAlbum ? state : { ...state, byAlbum };
    }),
    on(HubEventActions.AlbumStateChanged, (state, { event }): ActivityState =>
      log(state, {
        albumId: event.albumId,
        kind: 'state-changed',
        at: event.timestamp,
        newState: event.newState,
      }),
    ),
    on(HubEventActions.AlbumTagCreated, (state, { event }): ActivityState =>
      log(state, {
        albumId: event.albumId,
        kind: 'tag-created',
        at: event.timestamp,
        albumTagId: event.albumTagId,
      }),
    ),
    on(HubEventActions.AlbumSyncStarted, (state, { event }): ActivityState =>
      log(state, { albumId: event.albumId, kind: 'sync-started', at: event.timestamp }),
    ),
    on(HubEventActions.PhotoSyncCompleted, (state, { event }): ActivityState =>
      log(state, {
        albumId: event.albumId,
        kind: 'sync-completed',
        at: event.timestamp,
        albumTagId: event.albumTagId,
        albumTagType: event.albumTagType,
        count: event.totalCount,
      }),
    ),
    on(HubEventActions.AlbumTagStatusChanged, (state, { event }): ActivityState =>
      event.newStatus === 'Failed'
        ? log(state, {
            albumId: event.albumId,
            kind: 'tag-failed',
            at: event.timestamp,
            albumTagId: event.albumTagId,
          })
        : state,
    ),
    on(HubEventActions.AlbumSyncError, (state, { event }): ActivityState =>
      log(state, {
        albumId: event.albumId,
        kind: 'sync-failed',
        at: event.timestamp,
        detail: event.message,
      }),
    ),
  ),
});

export const { selectByAlbum: selectActivityByAlbum } = activityFeature;

/** One album's activity, newest first, in words. */
export const selectAlbumActivity = perAlbumId((albumId) =>
  createSelector(selectActivityByAlbum, selectAllTags, (byAlbum, tags): readonly ActivityEntry[] =>
    (entryOf(byAlbum, albumId) ?? []).map((record) => ({
      ...record,
      text: describeActivity(record, tags),
    })),
  ),
);
