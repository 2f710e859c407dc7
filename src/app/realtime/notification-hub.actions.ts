import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type {
  AlbumStateChanged,
  AlbumSyncCompleted,
  AlbumSyncError,
  AlbumSyncStarted,
  AlbumTagCreated,
  AlbumTagStatusChanged,
  PhotoSyncCompleted,
  PhotoSyncProgress,
} from '../api/models';
import type { ConnectionState } from './connection-status';

/** What the notification hub tells the app: one action per hub event, progress batched. */
export const NotificationHubActions = createActionGroup({
  source: 'Notification Hub',
  events: {
    'Connection State Changed': props<{ connection: ConnectionState }>(),
    /** Every progress event received during one animation frame, in arrival order. */
    'Photo Sync Progressed': props<{ events: readonly PhotoSyncProgress[] }>(),
    'Photo Sync Completed': props<{ event: PhotoSyncCompleted }>(),
    'Album State Changed': props<{ event: AlbumStateChanged }>(),
    'Album Tag Created': props<{ event: AlbumTagCreated }>(),
    'Album Tag Status Changed': props<{ event: AlbumTagStatusChanged }>(),
    'Album Sync Started': props<{ event: AlbumSyncStarted }>(),
    'Album Sync Completed': props<{ event: AlbumSyncCompleted }>(),
    'Album Sync Failed': props<{ event: AlbumSyncError }>(),
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

/** The shell's connection indicator. */
export const ConnectionIndicatorActions = createActionGroup({
  source: 'Connection Indicator',
  events: {
    'Reconnect Requested': emptyProps(),
  },
});
