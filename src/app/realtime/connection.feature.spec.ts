import { connectionFeature, selectIsOffline, selectJoinRefusal } from './connection.feature';
import { SessionActions } from '../auth/session.actions';
import { testUser } from '../auth/session.testing';
import { NotificationHubActions } from './notification-hub.actions';
import { clearSelectorOverrides } from '../albums/data-access/selectors.testing';

describe('connection feature', () => {
  beforeEach(() => clearSelectorOverrides());

  const reducer = connectionFeature.reducer;

  it('follows the connection state and counts reconnects', () => {
    let state = reducer(undefined, { type: '@@init' });
    expect(selectIsOffline({ connection: state })).toBe(true);
    state = reducer(
      state,
      NotificationHubActions.connectionStateChanged({
        connection: { status: 'Connected', lastError: null, nextRetryAt: null },
      }),
    );
    state = reducer(state, NotificationHubActions.reconnected({ albumIds: [] }));
    expect(state).toMatchObject({ status: 'Connected', reconnectCount: 1 });
    expect(selectIsOffline({ connection: state })).toBe(false);
  });

  it('reads a session’s start as connecting, until the link reports its own state', () => {
    const user = testUser;
    let state = reducer(undefined, SessionActions.started({ user }));
    expect(state.status).toBe('Connecting');
    expect(selectIsOffline({ connection: state })).toBe(false);
    // The loaded link's first report, then its start: the link's word wins.
    state = reducer(
      state,
      NotificationHubActions.connectionStateChanged({
        connection: { status: 'Disconnected', lastError: 'Failed to fetch', nextRetryAt: null },
      }),
    );
    expect(state.status).toBe('Disconnected');
    // A failure already reported is not hidden by a later start.
    expect(reducer(state, SessionActions.started({ user })).status).toBe('Disconnected');
    const live = reducer(
      state,
      NotificationHubActions.connectionStateChanged({
        connection: { status: 'Connected', lastError: null, nextRetryAt: null },
      }),
    );
    expect(reducer(live, SessionActions.started({ user })).status).toBe('Connected');
  });

  it("remembers why an album's group was refused", () => {
    const state = reducer(
      undefined,
      NotificationHubActions.albumJoinRefused({ albumId: 'x', reason: 'Forbidden' }),
    );
    expect(selectJoinRefusal('x')({ connection: state })).toBe('Forbidden');
    expect(selectJoinRefusal('y')({ connection: state })).toBeNull();
  });
});
