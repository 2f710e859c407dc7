import type { AlbumState, TagStatus, TagType } from './model.ts';

/** Server → client events of CONTRACT §4, each sent to group `album_{albumId}`. */
export type AlbumEvent =
  | { readonly target: 'PhotoSyncProgress'; readonly payload: PhotoSyncProgress }
  | { readonly target: 'PhotoSyncCompleted'; readonly payload: PhotoSyncCompleted }
  | { readonly target: 'AlbumStateChanged'; readonly payload: AlbumStateChanged }
  | { readonly target: 'AlbumTagCreated'; readonly payload: AlbumTagCreated }
  | { readonly target: 'AlbumTagStatusChanged'; readonly payload: AlbumTagStatusChanged }
  | { readonly target: 'AlbumSyncStarted'; readonly payload: AlbumSyncStarted }
  | { readonly target: 'AlbumSyncCompleted'; readonly payload: AlbumSyncCompleted }
  | { readonly target: 'AlbumSyncError'; readonly payload: AlbumSyncError };

/** What the hub sets on every event itself, as PhotoFlow's NotificationService does. */
export const hubSetFields = ['type', 'timestamp'] as const;
type HubSet = (typeof hubSetFields)[number];

interface Base {
  readonly albumId: string;
  readonly timestamp: string;
}
interface TagProgress extends Base {
  readonly albumTagId: string;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly albumTagType: TagType;
}
export interface PhotoSyncProgress extends TagProgress {
  readonly type: 'photo_sync_progress';
  readonly estimatedSecondsRemaining?: number;
}
export interface PhotoSyncCompleted extends TagProgress {
  readonly type: 'photo_sync_completed';
  readonly message: string;
}
export interface AlbumStateChanged extends Base {
  readonly type: 'album_state_changed';
  readonly oldState: AlbumState;
  readonly newState: AlbumState;
  readonly message: string;
}
export interface AlbumTagCreated extends Base {
  readonly type: 'album_tag_created';
  readonly albumTagId: string;
  readonly message: string;
}
export interface AlbumTagStatusChanged extends Base {
  readonly type: 'tag_status_changed';
  readonly albumTagId: string;
  readonly oldStatus: TagStatus;
  readonly newStatus: TagStatus;
  readonly message: string;
}
export interface AlbumSyncStarted extends Base {
  readonly type: 'sync_started';
  readonly message: string;
}
export interface AlbumSyncCompleted extends Base {
  readonly type: 'sync_completed';
  readonly albumTagId?: string;
  readonly message: string;
}
export interface AlbumSyncError extends Base {
  readonly type: 'sync_error';
  readonly message: string;
}

export type AlbumEventListener = (albumId: string, event: AlbumEvent) => void;

/** Where the domain publishes album events; the hub (and tests) subscribe. */
export class AlbumEvents {
  readonly #listeners = new Set<AlbumEventListener>();

  subscribe(listener: AlbumEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: AlbumEvent): void {
    for (const listener of this.#listeners) listener(event.payload.albumId, event);
  }
}

const now = (): string => new Date().toISOString();

export const albumEvent = {
  tagCreated: (albumId: string, albumTagId: string, tagType: TagType): AlbumEvent => ({
    target: 'AlbumTagCreated',
    payload: {
      type: 'album_tag_created',
      albumId,
      albumTagId,
      message: `The ${tagType} tag was created`,
      timestamp: now(),
    },
  }),
  syncStarted: (albumId: string, tagType: TagType): AlbumEvent => ({
    target: 'AlbumSyncStarted',
    payload: {
      type: 'sync_started',
      albumId,
      message: `Sync of the ${tagType} tag started`,
      timestamp: now(),
    },
  }),
  tagStatusChanged: (
    albumId: string,
    albumTagId: string,
    tagType: TagType,
    oldStatus: TagStatus,
    newStatus: TagStatus,
  ): AlbumEvent => ({
    target: 'AlbumTagStatusChanged',
    payload: {
      type: 'tag_status_changed',
      albumId,
      albumTagId,
      oldStatus,
      newStatus,
      message: `The ${tagType} tag is ${newStatus}`,
      timestamp: now(),
    },
  }),
  syncProgress: (progress: Omit<PhotoSyncProgress, HubSet>): AlbumEvent => ({
    target: 'PhotoSyncProgress',
    payload: { type: 'photo_sync_progress', ...progress, timestamp: now() },
  }),
  photoSyncCompleted: (
    progress: Omit<PhotoSyncCompleted, HubSet | 'message'>,
  ): AlbumEvent => ({
    target: 'PhotoSyncCompleted',
    payload: {
      type: 'photo_sync_completed',
      ...progress,
      message: `${progress.processedCount} photos synced to the ${progress.albumTagType} tag`,
      timestamp: now(),
    },
  }),
  syncCompleted: (albumId: string, albumTagId: string, tagType: TagType): AlbumEvent => ({
    target: 'AlbumSyncCompleted',
    payload: {
      type: 'sync_completed',
      albumId,
      albumTagId,
      message: `Sync of the ${tagType} tag completed`,
      timestamp: now(),
    },
  }),
  syncError: (albumId: string, message: string): AlbumEvent => ({
    target: 'AlbumSyncError',
    payload: { type: 'sync_error', albumId, message, timestamp: now() },
  }),
  stateChanged: (albumId: string, oldState: AlbumState, newState: AlbumState): AlbumEvent => ({
    target: 'AlbumStateChanged',
    payload: {
      type: 'album_state_changed',
      albumId,
      oldState,
      newState,
      message: `The album moved from ${oldState} to ${newState}`,
      timestamp: now(),
    },
  }),
};
