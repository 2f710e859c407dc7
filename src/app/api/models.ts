/**
 * The shapes of PhotoFlow's REST API and hub events (CONTRACT §3–§5).
 * Only this folder knows how the backend spells them.
 */

/** Album states, in workflow order (CONTRACT §3). */
export const ALBUM_STATES = [
  'Init',
  'Raw',
  'Stock',
  'Rate',
  'Retouch',
  'Feedback',
  'Revision',
  'Approved',
  'Final',
  'Closed',
] as const;
export type AlbumState = (typeof ALBUM_STATES)[number];

/** Tag types, in workflow order. */
export const ALBUM_TAG_TYPES = ['Raw', 'Stock', 'Rate', 'Retouch', 'Final'] as const;
export type AlbumTagType = (typeof ALBUM_TAG_TYPES)[number];

export const ALBUM_TAG_STATUSES = ['Pending', 'Syncing', 'Ready', 'Failed'] as const;
export type AlbumTagStatus = (typeof ALBUM_TAG_STATUSES)[number];

export const ALBUM_TRIGGERS = [
  'SyncRawTag',
  'SyncStockTag',
  'Rate',
  'ConfirmRate',
  'FinishRetouch',
  'RequestRevision',
  'ConfirmFeedback',
  'Finish',
  'Close',
] as const;
/** A workflow trigger; kept open to strings the backend may add later. */
export type AlbumTrigger = (typeof ALBUM_TRIGGERS)[number] | (string & {});

/** Who may fire a transition (the doc's Anonymous role is the client's). */
export type ExecutableBy = 'Photographer' | 'Client' | 'Admin';

/** One page of a list: `page` counts from 1. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
}

/** An album as the list shows it. */
export interface AlbumSummary {
  readonly id: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly coverUrl: string | null;
  readonly photoCount: number;
  readonly syncing: boolean;
  readonly modifiedAt: string;
}

/** The sync running on an album, as `GET /albums/{id}` reports it. */
export interface AlbumSyncSnapshot {
  readonly albumTagId: string;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly startedAt: string;
}

export interface AlbumTag {
  readonly id: string;
  readonly albumId: string;
  readonly type: AlbumTagType;
  readonly status: AlbumTagStatus;
  /** Its Google Drive folder URL, or null when not linked yet. */
  readonly link: string | null;
  readonly folderId: string | null;
  readonly photoCount: number;
}

/** An album in full, as the detail page shows it. */
export interface Album {
  readonly id: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly coverUrl: string | null;
  readonly photoCount: number;
  readonly modifiedAt: string;
  readonly tags: readonly AlbumTag[];
  readonly sync: AlbumSyncSnapshot | null;
}

export interface Transition {
  readonly trigger: AlbumTrigger;
  readonly targetState: AlbumState;
  readonly executableBy: ExecutableBy;
  readonly canExecute: boolean;
  /** Why it cannot be fired now ("Waiting for the client", …). */
  readonly reason?: string | null;
}

export interface Photo {
  readonly id: string;
  readonly albumTagId: string;
  readonly fileName: string;
  readonly thumbnailUrl: string;
  readonly sortOrder: number;
  /** The client's pick. */
  readonly voted: boolean;
  readonly createdAt: string;
}

export interface AlbumQuery {
  readonly search?: string;
  readonly state?: AlbumState | null;
  /** Counts from 1. */
  readonly page?: number;
  readonly pageSize?: number;
}

export interface NewAlbum {
  readonly name: string;
  readonly rawFolderUrl: string;
}

/** `PUT /albums/{id}/state`: 202 when it started a sync (the state changes later), else 200. */
export interface TriggerResult {
  readonly album: Album;
  readonly syncStarted: boolean;
}

export interface AuthTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds. */
  readonly expiresIn: number;
}

/** A problem details body (CONTRACT §5). */
export interface ProblemDetails {
  readonly status?: number;
  readonly title?: string;
  readonly detail?: string;
  readonly code?: string;
}

// Hub events (CONTRACT §4): one JSON argument each, timestamps ISO 8601 UTC.

export interface PhotoSyncProgress {
  readonly albumId: string;
  readonly albumTagId: string;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly albumTagType: AlbumTagType;
  readonly estimatedSecondsRemaining?: number | null;
  readonly timestamp: string;
  readonly type?: 'photo_sync_progress';
}

export interface PhotoSyncCompleted {
  readonly albumId: string;
  readonly albumTagId: string;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly albumTagType: AlbumTagType;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'photo_sync_completed';
}

export interface AlbumStateChanged {
  readonly albumId: string;
  readonly oldState: AlbumState;
  readonly newState: AlbumState;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'album_state_changed';
}

export interface AlbumTagCreated {
  readonly albumId: string;
  readonly albumTagId: string;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'album_tag_created';
}

export interface AlbumTagStatusChanged {
  readonly albumId: string;
  readonly albumTagId: string;
  readonly oldStatus: AlbumTagStatus;
  readonly newStatus: AlbumTagStatus;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'tag_status_changed';
}

export interface AlbumSyncStarted {
  readonly albumId: string;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'sync_started';
}

export interface AlbumSyncCompleted {
  readonly albumId: string;
  readonly albumTagId?: string | null;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'sync_completed';
}

export interface AlbumSyncError {
  readonly albumId: string;
  readonly message: string;
  readonly timestamp: string;
  readonly type?: 'sync_error';
}

/** Hub targets and their payloads. */
export interface HubEventMap {
  PhotoSyncProgress: PhotoSyncProgress;
  PhotoSyncCompleted: PhotoSyncCompleted;
  AlbumStateChanged: AlbumStateChanged;
  AlbumTagCreated: AlbumTagCreated;
  AlbumTagStatusChanged: AlbumTagStatusChanged;
  AlbumSyncStarted: AlbumSyncStarted;
  AlbumSyncCompleted: AlbumSyncCompleted;
  AlbumSyncError: AlbumSyncError;
}
export type HubEventName = keyof HubEventMap;
export const HUB_EVENT_NAMES: readonly HubEventName[] = [
  'PhotoSyncProgress',
  'PhotoSyncCompleted',
  'AlbumStateChanged',
  'AlbumTagCreated',
  'AlbumTagStatusChanged',
  'AlbumSyncStarted',
  'AlbumSyncCompleted',
  'AlbumSyncError',
];
