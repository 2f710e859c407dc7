import { HubEventActions, NotificationHubActions } from '../../realtime/notification-hub.actions';
import { ACTIVITY_LIMIT, activityFeature, selectAlbumActivity } from './activity.feature';
import { tagsFeature } from './tags.feature';
import { tagsLoaded } from './album-answers.testing';
import { clearSelectorOverrides } from './selectors.testing';

const at = '2026-11-22T10:00:00Z';

describe('activity feature', () => {
  beforeEach(() => clearSelectorOverrides());

  const tags = tagsFeature.reducer(
    undefined,
    tagsLoaded({
      albumId: 'a',
      tags: [
        {
          id: 's',
          albumId: 'a',
          type: 'Stock',
          status: 'Pending',
          link: null,
          folderId: null,
          photoCount: 0,
        },
      ],
    }),
  );

  it('tells what happened in plain words, newest first', () => {
    let state = activityFeature.reducer(
      undefined,
      HubEventActions.AlbumSyncStarted({
        event: { albumId: 'a', message: 'x', timestamp: at },
      }),
    );
    state = activityFeature.reducer(
      state,
      HubEventActions.AlbumTagCreated({
        event: { albumId: 'a', albumTagId: 's', message: 'x', timestamp: at },
      }),
    );
    state = activityFeature.reducer(
      state,
      HubEventActions.PhotoSyncCompleted({
        event: {
          albumId: 'a',
          albumTagId: 's',
          processedCount: 2400,
          totalCount: 2400,
          albumTagType: 'Stock',
          message: 'x',
          timestamp: at,
        },
      }),
    );
    state = activityFeature.reducer(
      state,
      HubEventActions.AlbumStateChanged({
        event: { albumId: 'a', oldState: 'Raw', newState: 'Stock', message: 'x', timestamp: at },
      }),
    );
    state = activityFeature.reducer(
      state,
      HubEventActions.AlbumSyncError({
        event: { albumId: 'b', message: 'Drive said no', timestamp: at },
      }),
    );
    expect(selectAlbumActivity('a')({ tags, activity: state }).map((entry) => entry.text)).toEqual([
      'Album moved to Stock',
      'Stock tag synced: 2,400 photos',
      'Stock tag created',
      'Photo sync started',
    ]);
    expect(state.byAlbum['b'][0]).toMatchObject({ kind: 'sync-failed', detail: 'Drive said no' });
  });

  it('keeps at most the last entries per album, and logs no progress', () => {
    let state = activityFeature.reducer(undefined, { type: '@@init' });
    for (let i = 0; i < ACTIVITY_LIMIT + 20; i++) {
      state = activityFeature.reducer(
        state,
        HubEventActions.AlbumSyncStarted({
          event: { albumId: 'a', message: '', timestamp: at },
        }),
      );
    }
    state = activityFeature.reducer(
      state,
      NotificationHubActions.photoSyncProgressed({
        events: [
          {
            albumId: 'a',
            albumTagId: 's',
            processedCount: 1,
            totalCount: 2,
            albumTagType: 'Raw',
            timestamp: at,
          },
        ],
      }),
    );
    expect(state.byAlbum['a']).toHaveLength(ACTIVITY_LIMIT);
    expect(state.byAlbum['a'][0].id).toBe(ACTIVITY_LIMIT + 20);
  });
});
