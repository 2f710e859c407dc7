import type * as v from 'valibot';
import type { HubEventMap } from './hub-event-schemas';
import type {
  albumSchema,
  albumSummarySchema,
  albumSyncSnapshotSchema,
  albumTagSchema,
  authTokensSchema,
  photoDetailSchema,
  photoSchema,
  problemDetailsSchema,
  transitionSchema,
} from './resource-schemas';
import type {
  ALBUM_STATES,
  ALBUM_TAG_STATUSES,
  ALBUM_TAG_TYPES,
  EXECUTABLE_BY,
} from './schema-rules';

/**
 * The shapes of PhotoFlow's REST API and hub events (CONTRACT §3–§5), as the app reads
 * them: each type is inferred from the schema that checks it (./resource-schemas,
 * ./hub-event-schemas), so the type and the check cannot drift apart.
 * Only this folder knows how the backend spells them.
 */

export {
  ALBUM_STATES,
  ALBUM_TAG_STATUSES,
  ALBUM_TAG_TYPES,
  ALBUM_TRIGGERS,
  EXECUTABLE_BY,
  type AlbumTrigger,
  type Page,
} from './schema-rules';
export { HUB_EVENT_NAMES, type HubEventMap, type HubEventName } from './hub-event-schemas';

export type AlbumState = (typeof ALBUM_STATES)[number];
export type AlbumTagType = (typeof ALBUM_TAG_TYPES)[number];
export type AlbumTagStatus = (typeof ALBUM_TAG_STATUSES)[number];
export type ExecutableBy = (typeof EXECUTABLE_BY)[number];

/** An album as the list shows it. */
export type AlbumSummary = v.InferOutput<typeof albumSummarySchema>;
/** The sync running on an album, as `GET /albums/{id}` reports it. */
export type AlbumSyncSnapshot = v.InferOutput<typeof albumSyncSnapshotSchema>;
export type AlbumTag = v.InferOutput<typeof albumTagSchema>;
/** An album in full, as the detail page shows it. */
export type Album = v.InferOutput<typeof albumSchema>;
export type Transition = v.InferOutput<typeof transitionSchema>;
export type Photo = v.InferOutput<typeof photoSchema>;
/** One photo as `GET /albums/{albumId}/photos/{photoId}` answers it. */
export type PhotoDetail = v.InferOutput<typeof photoDetailSchema>;
export type AuthTokens = v.InferOutput<typeof authTokensSchema>;
/** A problem details body (CONTRACT §5). */
export type ProblemDetails = v.InferOutput<typeof problemDetailsSchema>;

export type PhotoSyncProgress = HubEventMap['PhotoSyncProgress'];
export type PhotoSyncCompleted = HubEventMap['PhotoSyncCompleted'];
export type AlbumStateChanged = HubEventMap['AlbumStateChanged'];
export type AlbumTagCreated = HubEventMap['AlbumTagCreated'];
export type AlbumTagStatusChanged = HubEventMap['AlbumTagStatusChanged'];
export type AlbumSyncStarted = HubEventMap['AlbumSyncStarted'];
export type AlbumSyncCompleted = HubEventMap['AlbumSyncCompleted'];
export type AlbumSyncError = HubEventMap['AlbumSyncError'];

// What the app sends: no schema, the app writes these itself.

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
