import type { Action } from '@ngrx/store';
import { HUB_EVENT_NAMES } from '../../api/models';
import {
  HUB_EVENT_ACTION_TYPES,
  HubEventActions,
  NotificationHubActions,
} from '../../realtime/notification-hub.actions';
import { hubActionFor } from './snapshot-replay';

const singleEvents = HUB_EVENT_NAMES.filter((name) => name !== 'PhotoSyncProgress');

describe('what a snapshot replays', () => {
  it('replays, over a snapshot, exactly the actions that carry hub events', () => {
    expect(HUB_EVENT_ACTION_TYPES).toEqual(
      new Set([
        NotificationHubActions.photoSyncProgressed.type,
        ...singleEvents.map((name) => `[Notification Hub] ${name}`),
      ]),
    );
    const mine = (albumId: string) => albumId === 'album-1';
    for (const name of singleEvents) {
      const action: Action = HubEventActions[name]({ event: { albumId: 'album-1' } } as never);
      expect(hubActionFor(action, mine), name).toBe(action);
    }
    const joined = NotificationHubActions.albumGroupsJoined({
      albumIds: ['album-1'],
      reconnect: false,
    });
    expect(hubActionFor(joined, mine)).toBe(null);
  });
});
