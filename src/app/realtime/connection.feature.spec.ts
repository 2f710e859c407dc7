import { connectionFeature, selectIsOffline, selectJoinRefusal } from './connection.feature';
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

  it("remembers why an album's group was refused", () => {
    const state = reducer(
      undefined,
      NotificationHubActions.albumJoinRefused({ albumId: 'x', reason: 'Forbidden' }),
    );
    expect(selectJoinRefusal('x')({ connection: state })).toBe('Forbidden');
    expect(selectJoinRefusal('y')({ connection: state })).toBeNull();
  });
});
