import * as v from 'valibot';
import {
  albumState,
  albumTagStatus,
  albumTagType,
  count,
  id,
  instant,
  message,
} from './schema-rules';

// The hub's events (CONTRACT §4): one JSON argument each. The realtime layer checks every
// invocation against these before anything subscribes to it (realtime/hub-events.ts).

export const photoSyncProgressSchema = v.pipe(
  v.object({
    albumId: id,
    albumTagId: id,
    processedCount: count,
    totalCount: count,
    albumTagType,
    estimatedSecondsRemaining: v.nullish(v.pipe(v.number(), v.minValue(0))),
    timestamp: instant,
    type: v.optional(v.literal('photo_sync_progress')),
  }),
  v.check(
    (counts) => counts.processedCount <= counts.totalCount,
    'processedCount exceeds totalCount',
  ),
  v.readonly(),
);

export const hubEventSchemas = {
  PhotoSyncProgress: photoSyncProgressSchema,
  PhotoSyncCompleted: v.pipe(
    v.object({
      albumId: id,
      albumTagId: id,
      processedCount: count,
      totalCount: count,
      albumTagType,
      message,
      timestamp: instant,
      type: v.optional(v.literal('photo_sync_completed')),
    }),
    v.check(
      (counts) => counts.processedCount <= counts.totalCount,
      'processedCount exceeds totalCount',
    ),
    v.readonly(),
  ),
  AlbumStateChanged: v.pipe(
    v.object({
      albumId: id,
      oldState: albumState,
      newState: albumState,
      message,
      timestamp: instant,
      type: v.optional(v.literal('album_state_changed')),
    }),
    v.readonly(),
  ),
  AlbumTagCreated: v.pipe(
    v.object({
      albumId: id,
      albumTagId: id,
      message,
      timestamp: instant,
      type: v.optional(v.literal('album_tag_created')),
    }),
    v.readonly(),
  ),
  AlbumTagStatusChanged: v.pipe(
    v.object({
      albumId: id,
      albumTagId: id,
      oldStatus: albumTagStatus,
      newStatus: albumTagStatus,
      message,
      timestamp: instant,
      type: v.optional(v.literal('tag_status_changed')),
    }),
    v.readonly(),
  ),
  AlbumSyncStarted: v.pipe(
    v.object({
      albumId: id,
      message,
      timestamp: instant,
      type: v.optional(v.literal('sync_started')),
    }),
    v.readonly(),
  ),
  AlbumSyncCompleted: v.pipe(
    v.object({
      albumId: id,
      albumTagId: v.nullish(id),
      message,
      timestamp: instant,
      type: v.optional(v.literal('sync_completed')),
    }),
    v.readonly(),
  ),
  AlbumSyncError: v.pipe(
    v.object({
      albumId: id,
      message,
      timestamp: instant,
      type: v.optional(v.literal('sync_error')),
    }),
    v.readonly(),
  ),
};

/** Hub targets and their payloads. */
export type HubEventMap = {
  [Name in keyof typeof hubEventSchemas]: v.InferOutput<(typeof hubEventSchemas)[Name]>;
};
export type HubEventName = keyof HubEventMap;
export const HUB_EVENT_NAMES = Object.keys(hubEventSchemas) as readonly HubEventName[];
