import * as v from 'valibot';
import { hubEventSchemas } from '../api/hub-event-schemas';
import { canonicalInstant } from '../api/instant';
import {
  ALBUM_TAG_TYPES,
  type AlbumTagType,
  type HubEventMap,
  type HubEventName,
  type PhotoSyncProgress,
} from '../api/models';
import { isStoreKey } from '../api/store-key';

// Every hub invocation is checked against the event schemas (../api/hub-event-schemas)
// here; anything else is dropped before it reaches a subscriber: the store trusts what
// comes out of here.

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
  const { albumId, albumTagId, processedCount, totalCount, albumTagType, type } = event;
  const eta = event['estimatedSecondsRemaining'];
  const timestamp =
    typeof event['timestamp'] === 'string' ? canonicalInstant(event['timestamp']) : null;
  if (
    !isId(albumId) ||
    !isId(albumTagId) ||
    !isCount(processedCount) ||
    !isCount(totalCount) ||
    processedCount > totalCount ||
    typeof albumTagType !== 'string' ||
    !tagTypes.has(albumTagType) ||
    timestamp === null ||
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
