import * as v from 'valibot';
import {
  ALBUM_STATES,
  ALBUM_TAG_STATUSES,
  ALBUM_TAG_TYPES,
  type AlbumTagType,
  type HubEventMap,
  type HubEventName,
  type PhotoSyncProgress,
} from '../api/models';
import { isStoreKey } from '../api/store-key';

// Runtime shapes of the hub's events (CONTRACT §4). Anything else is dropped before
// it reaches a subscriber: the store trusts what comes out of here.

const id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(100),
  v.check(isStoreKey, 'names a built-in object property'),
);
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const timestamp = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'not an ISO 8601 timestamp'),
);
/** Long enough for any sentence; a huge one is a broken or hostile event. */
const message = v.pipe(v.string(), v.maxLength(2000));
const tagType = v.picklist(ALBUM_TAG_TYPES);
const tagStatus = v.picklist(ALBUM_TAG_STATUSES);
const albumState = v.picklist(ALBUM_STATES);

export const hubEventSchemas = {
  PhotoSyncProgress: v.pipe(
    v.object({
      albumId: id,
      albumTagId: id,
      processedCount: count,
      totalCount: count,
      albumTagType: tagType,
      estimatedSecondsRemaining: v.nullish(v.pipe(v.number(), v.minValue(0))),
      timestamp,
      type: v.optional(v.literal('photo_sync_progress')),
    }),
    v.check(
      (event) => event.processedCount <= event.totalCount,
      'processedCount exceeds totalCount',
    ),
  ),
  PhotoSyncCompleted: v.pipe(
    v.object({
      albumId: id,
      albumTagId: id,
      processedCount: count,
      totalCount: count,
      albumTagType: tagType,
      message,
      timestamp,
      type: v.optional(v.literal('photo_sync_completed')),
    }),
    v.check(
      (event) => event.processedCount <= event.totalCount,
      'processedCount exceeds totalCount',
    ),
  ),
  AlbumStateChanged: v.object({
    albumId: id,
    oldState: albumState,
    newState: albumState,
    message,
    timestamp,
    type: v.optional(v.literal('album_state_changed')),
  }),
  AlbumTagCreated: v.object({
    albumId: id,
    albumTagId: id,
    message,
    timestamp,
    type: v.optional(v.literal('album_tag_created')),
  }),
  AlbumTagStatusChanged: v.object({
    albumId: id,
    albumTagId: id,
    oldStatus: tagStatus,
    newStatus: tagStatus,
    message,
    timestamp,
    type: v.optional(v.literal('tag_status_changed')),
  }),
  AlbumSyncStarted: v.object({
    albumId: id,
    message,
    timestamp,
    type: v.optional(v.literal('sync_started')),
  }),
  AlbumSyncCompleted: v.object({
    albumId: id,
    albumTagId: v.nullish(id),
    message,
    timestamp,
    type: v.optional(v.literal('sync_completed')),
  }),
  AlbumSyncError: v.object({
    albumId: id,
    message,
    timestamp,
    type: v.optional(v.literal('sync_error')),
  }),
} satisfies Record<HubEventName, v.GenericSchema>;

/** Targets are matched case-insensitively, as the SignalR client does. */
const namesByLowerCase = new Map<string, HubEventName>(
  (Object.keys(hubEventSchemas) as HubEventName[]).map((name) => [name.toLowerCase(), name]),
);

export type HubEventCheck =
  | { readonly ok: true; readonly name: HubEventName; readonly payload: HubEventMap[HubEventName] }
  | {
      readonly ok: false;
      readonly reason: 'unknown-target' | 'malformed';
      readonly detail: string;
    };

const tagTypes = new Set<string>(ALBUM_TAG_TYPES);
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 100 && isStoreKey(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * The hot path: the same rules as the `PhotoSyncProgress` schema, hand-written, since a
 * flood brings thousands a second. Answers null when anything is off; the schema then
 * says what (a spec keeps the two in agreement).
 */
export function fastCheckProgress(value: unknown): PhotoSyncProgress | null {
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  const { albumId, albumTagId, processedCount, totalCount, albumTagType, timestamp, type } = event;
  const eta = event['estimatedSecondsRemaining'];
  if (
    !isId(albumId) ||
    !isId(albumTagId) ||
    !isCount(processedCount) ||
    !isCount(totalCount) ||
    processedCount > totalCount ||
    typeof albumTagType !== 'string' ||
    !tagTypes.has(albumTagType) ||
    typeof timestamp !== 'string' ||
    timestamp.length > 64 ||
    Number.isNaN(Date.parse(timestamp)) ||
    (type !== undefined && type !== 'photo_sync_progress') ||
    (eta !== undefined &&
      eta !== null &&
      !(typeof eta === 'number' && !Number.isNaN(eta) && eta >= 0))
  ) {
    return null;
  }
  // One literal shape (absent optional fields as undefined): cheaper than spreading.
  return {
    albumId,
    albumTagId,
    processedCount,
    totalCount,
    albumTagType: albumTagType as AlbumTagType,
    estimatedSecondsRemaining: eta as number | null | undefined,
    timestamp,
    type: type as 'photo_sync_progress' | undefined,
  };
}

/** Checks one hub invocation: a known target with exactly one well-formed argument. */
export function checkHubEvent(target: string, args: readonly unknown[]): HubEventCheck {
  const name = namesByLowerCase.get(target.toLowerCase());
  if (!name) return { ok: false, reason: 'unknown-target', detail: `no event named ${target}` };
  if (args.length !== 1) {
    return { ok: false, reason: 'malformed', detail: `expected 1 argument, got ${args.length}` };
  }
  if (name === 'PhotoSyncProgress') {
    const payload = fastCheckProgress(args[0]);
    if (payload) return { ok: true, name, payload };
  }
  const result = v.safeParse(hubEventSchemas[name], args[0]);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, reason: 'malformed', detail: `${path ? `${path}: ` : ''}${issue.message}` };
  }
  return { ok: true, name, payload: result.output as HubEventMap[HubEventName] };
}
