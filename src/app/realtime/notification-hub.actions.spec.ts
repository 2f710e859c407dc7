import { HUB_EVENT_NAMES, type AlbumSyncError, type HubEventMap } from '../api/models';
import { HubEventActions } from './notification-hub.actions';

/** The schema table's names (api/hub-event-schemas.ts), the one place they are written. */
const singleEvents = HUB_EVENT_NAMES.filter((name) => name !== 'PhotoSyncProgress');

describe('the hub events as actions', () => {
  it('gives every hub event but progress an action named after it, and no other', () => {
    expect(singleEvents.length).toBe(HUB_EVENT_NAMES.length - 1);
    expect(Object.keys(HubEventActions).sort()).toEqual([...singleEvents].sort());
    for (const name of singleEvents) {
      expect(HubEventActions[name].type).toBe(`[Notification Hub] ${name}`);
    }
    expect('PhotoSyncProgress' in HubEventActions).toBe(false);
  });

  it("carries the event's payload as it came", () => {
    const event: AlbumSyncError = {
      albumId: 'album-1',
      message: 'Drive said no',
      timestamp: '2026-12-06T10:00:00Z',
    };
    expect(HubEventActions.AlbumSyncError({ event })).toEqual({
      type: '[Notification Hub] AlbumSyncError',
      event,
    });
    // What a reducer's `on(HubEventActions.AlbumSyncError, …)` sees: the event's own type.
    expectTypeOf(HubEventActions.AlbumSyncError)
      .returns.toHaveProperty('event')
      .toEqualTypeOf<HubEventMap['AlbumSyncError']>();
  });
});
