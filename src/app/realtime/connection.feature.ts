import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import { initialConnectionState, type ConnectionState } from './connection-status';
import { SessionActions } from '../auth/session.actions';
import { NotificationHubActions } from './notification-hub.actions';

export interface ConnectionFeatureState extends ConnectionState {
  /** How many times the connection came back since the app started. */
  readonly reconnectCount: number;
  /** Albums whose group the server refused, with its reason. */
  readonly refusedAlbums: Readonly<Record<string, string>>;
}

const initialState: ConnectionFeatureState = {
  ...initialConnectionState,
  reconnectCount: 0,
  refusedAlbums: {},
};

export const connectionFeature = createFeature({
  name: 'connection',
  reducer: createReducer(
    initialState,
    on(
      NotificationHubActions.connectionStateChanged,
      (state, { connection }): ConnectionFeatureState => ({
        ...state,
        ...connection,
      }),
    ),
    // A session's start asks for the hub (hub-session.effects.ts): it is on its way from
    // then, though its layer may still be loading, or held until the album list's first
    // screen is in (hub-start.ts). Connecting, not offline: the bar does not say "Offline"
    // with "Reconnect now" meanwhile, and an album page opened then waits for its join
    // (first-snapshot.ts). The link's own reports take over once it is there.
    on(SessionActions.started, (state): ConnectionFeatureState =>
      state.status === 'Disconnected' && state.lastError === null
        ? { ...state, status: 'Connecting' }
        : state,
    ),
    on(NotificationHubActions.reconnected, (state): ConnectionFeatureState => ({
      ...state,
      reconnectCount: state.reconnectCount + 1,
    })),
    on(
      NotificationHubActions.albumJoinRefused,
      (state, { albumId, reason }): ConnectionFeatureState => ({
        ...state,
        refusedAlbums: { ...state.refusedAlbums, [albumId]: reason },
      }),
    ),
    // A refusal holds until the hub lets the album in.
    on(NotificationHubActions.albumGroupsJoined, (state, { albumIds }): ConnectionFeatureState => {
      if (!albumIds.some((albumId) => albumId in state.refusedAlbums)) return state;
      const refusedAlbums = { ...state.refusedAlbums };
      for (const albumId of albumIds) delete refusedAlbums[albumId];
      return { ...state, refusedAlbums };
    }),
  ),
  extraSelectors: ({ selectStatus }) => ({
    selectIsConnected: createSelector(selectStatus, (status) => status === 'Connected'),
    /** Offline: neither connected nor trying right now; the UI offers "Reconnect now". */
    selectIsOffline: createSelector(selectStatus, (status) => status === 'Disconnected'),
  }),
});

export const {
  selectStatus: selectConnectionStatus,
  selectLastError: selectConnectionLastError,
  selectNextRetryAt: selectConnectionNextRetryAt,
  selectReconnectCount,
  selectRefusedAlbums,
  selectIsConnected,
  selectIsOffline,
} = connectionFeature;

/** Why the server refused an album's group, or null. */
export const selectJoinRefusal = (albumId: string) =>
  createSelector(selectRefusedAlbums, (refused) => refused[albumId] ?? null);
