import { HUB_EVENT_NAMES } from '../api/models';
import {
  HUB_EVENT_ACTIONS,
  HUB_EVENT_ACTION_TYPES,
  SINGLE_HUB_EVENT_NAMES,
} from './hub-event-table';
import { NotificationHubActions } from './notification-hub.actions';

describe('the table of hub events', () => {
  it('gives every hub event but progress an action of its own, and progress its batch', () => {
    expect([...SINGLE_HUB_EVENT_NAMES, 'PhotoSyncProgress'].sort()).toEqual(
      [...HUB_EVENT_NAMES].sort(),
    );
    const types = SINGLE_HUB_EVENT_NAMES.map((name) => HUB_EVENT_ACTIONS[name].type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('replays, over a snapshot, exactly the actions that carry hub events', () => {
    expect(HUB_EVENT_ACTION_TYPES).toEqual(
      new Set([
        NotificationHubActions.photoSyncProgressed.type,
        ...Object.values(HUB_EVENT_ACTIONS).map((creator) => creator.type),
      ]),
    );
    expect(HUB_EVENT_ACTION_TYPES.size).toBe(HUB_EVENT_NAMES.length);
    expect(HUB_EVENT_ACTION_TYPES.has(NotificationHubActions.albumGroupsJoined.type)).toBe(false);
  });
});
