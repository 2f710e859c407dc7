import type { HubEventMap, HubEventName } from '../api/models';
import { NotificationHubActions } from './notification-hub.actions';

/** The hub events that become one action each (progress is coalesced per frame instead). */
export type SingleHubEventName = Exclude<HubEventName, 'PhotoSyncProgress'>;

/**
 * Each hub event's action: the one place that pairs a hub event name (the C# hub's, checked
 * by `hub-event-names.spec.ts`) with what the store hears. The per-event effect relays and
 * the re-fetch rules read it rather than listing the events again.
 */
export const HUB_EVENT_ACTIONS: {
  readonly [K in SingleHubEventName]: ((props: { event: HubEventMap[K] }) => {
    readonly type: string;
    readonly event: HubEventMap[K];
  }) & { readonly type: string };
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
