import {
  createAction,
  createActionGroup,
  emptyProps,
  props,
  type Action,
  type ActionCreator,
} from '@ngrx/store';
import {
  HUB_EVENT_NAMES,
  type HubEventMap,
  type HubEventName,
  type PhotoSyncProgress,
} from '../api/models';
import type { ConnectionState } from './connection-status';

/** The hub events that become one action each (progress is coalesced per frame instead). */
export type SingleHubEventName = Exclude<HubEventName, 'PhotoSyncProgress'>;

export const SINGLE_HUB_EVENT_NAMES = HUB_EVENT_NAMES.filter(
  (name): name is SingleHubEventName => name !== 'PhotoSyncProgress',
);

/** The action of hub event `K`, its type named as the hub names the event. */
export type HubEventAction<K extends SingleHubEventName> = ActionCreator<
  `[Notification Hub] ${K}`,
  (props: {
    event: HubEventMap[K];
  }) => { event: HubEventMap[K] } & Action<`[Notification Hub] ${K}`>
>;

const hubEventAction = <K extends SingleHubEventName>(name: K) =>
  createAction(`[Notification Hub] ${name}`, props<{ event: unknown }>()) as HubEventAction<K>;

/**
 * One action per hub event but progress, keyed by the hub's name for it
 * (`HubEventActions.AlbumSyncError`, type `[Notification Hub] AlbumSyncError`). Derived
 * from the names of the schema table (`api/hub-event-schemas.ts`), the one place they are
 * written: a new event has its action as soon as it has its schema. Derived in turn: the
 * per-event relays into the store (`hub-event-actions.ts`), the re-fetch rules' causes
 * (`following.effects.ts`) and the actions a snapshot replays (`snapshot-replay.ts`).
 */
export const HubEventActions = Object.fromEntries(
  SINGLE_HUB_EVENT_NAMES.map((name) => [name, hubEventAction(name)]),
) as { readonly [K in SingleHubEventName]: HubEventAction<K> };

/**
 * What the notification hub tells the app besides its events: the connection, progress
 * batched per frame, and the rounds of joins.
 */
export const NotificationHubActions = createActionGroup({
  source: 'Notification Hub',
  events: {
    'Connection State Changed': props<{ connection: ConnectionState }>(),
    /** Every progress event received during one animation frame, in arrival order. */
    'Photo Sync Progressed': props<{ events: readonly PhotoSyncProgress[] }>(),
    /** The connection came back (automatic reconnect or recovery); groups are rejoined. */
    Reconnected: props<{ albumIds: readonly string[] }>(),
    /**
     * A round of joins succeeded (a view's first join, or every rejoin after a reconnect):
     * events sent before them were not ours, so these albums are re-fetched.
     */
    'Album Groups Joined': props<{ albumIds: readonly string[]; reconnect: boolean }>(),
    /** The hub refused an album's group (a HubException: unknown, deleted, or not this studio's). */
    'Album Join Refused': props<{ albumId: string; reason: string }>(),
  },
});

/** Every action that carries hub events (progress batched, the others one each): what snapshots replay. */
export const HUB_EVENT_ACTION_TYPES: ReadonlySet<string> = new Set([
  NotificationHubActions.photoSyncProgressed.type,
  ...SINGLE_HUB_EVENT_NAMES.map((name) => HubEventActions[name].type),
]);

/** The shell's connection indicator. */
export const ConnectionIndicatorActions = createActionGroup({
  source: 'Connection Indicator',
  events: {
    'Reconnect Requested': emptyProps(),
  },
});
