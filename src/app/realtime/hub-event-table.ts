import type { HubEventMap, HubEventName } from '../api/models';
import { NotificationHubActions } from './notification-hub.actions';

/** The hub events that become one action each (progress is coalesced per frame instead). */
export type SingleHubEventName = Exclude<HubEventName, 'PhotoSyncProgress'>;

type EventAction<K extends HubEventName> = ((props: { event: HubEventMap[K] }) => {
  readonly type: string;
  readonly event: HubEventMap[K];
}) & { readonly type: string };

/**
 * The hub's events, one row each: the one place that pairs a hub event's name (the C#
 * hub's, checked by `hub-event-names.spec.ts`; its payload schema is the row of the same
 * name in `api/hub-event-schemas.ts`) with the action the store hears. Typed over every
 * event name, so a new event does not compile until it has its row here and in the
 * re-fetch table (`albums/data-access/invalidation.ts`, `STALE_AFTER`). Derived from it:
 * the per-event relays into the store (`hub-event-actions.ts`), the re-fetch rules'
 * causes (`following.effects.ts`) and the actions a snapshot replays (`snapshot-replay.ts`).
 */
export const HUB_EVENT_ACTIONS: {
  readonly [K in SingleHubEventName]: EventAction<K>;
} = {
  PhotoSyncCompleted: NotificationHubActions.photoSyncCompleted,
  AlbumStateChanged: NotificationHubActions.albumStateChanged,
  AlbumTagCreated: NotificationHubActions.albumTagCreated,
  AlbumTagStatusChanged: NotificationHubActions.albumTagStatusChanged,
  AlbumSyncStarted: NotificationHubActions.albumSyncStarted,
  AlbumSyncCompleted: NotificationHubActions.albumSyncCompleted,
  AlbumSyncError: NotificationHubActions.albumSyncFailed,
};

export const SINGLE_HUB_EVENT_NAMES = Object.keys(
  HUB_EVENT_ACTIONS,
) as readonly SingleHubEventName[];

/** Every action that carries hub events (progress batched, the others one each): what snapshots replay. */
export const HUB_EVENT_ACTION_TYPES: ReadonlySet<string> = new Set([
  NotificationHubActions.photoSyncProgressed.type,
  ...SINGLE_HUB_EVENT_NAMES.map((name) => HUB_EVENT_ACTIONS[name].type),
]);
