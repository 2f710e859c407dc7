import type { Album, PhotoSyncCompleted, PhotoSyncProgress } from '../../api/models';
import { HubEventActions, NotificationHubActions } from '../../realtime/notification-hub.actions';
import { AlbumsApiActions } from './albums.actions';
import { selectAlbumProgressById, syncFeature } from './sync.feature';
import { albumProgress, estimateSecondsRemaining, tagProgress } from './sync-progress';
import type { SyncState } from './sync-runs';
import { clearSelectorOverrides } from './selectors.testing';

const reducer = syncFeature.reducer;
const initial = reducer(undefined, { type: '@@init' });
const at = (second: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, second)).toISOString();

const progress = (
  processedCount: number,
  second: number,
  extra: Partial<PhotoSyncProgress> = {},
): PhotoSyncProgress => ({
  albumId: 'album-1',
  albumTagId: 'raw',
  processedCount,
  totalCount: 2000,
  albumTagType: 'Raw',
  timestamp: at(second),
  ...extra,
});

const completed = (second: number): PhotoSyncCompleted => ({
  albumId: 'album-1',
  albumTagId: 'raw',
  processedCount: 2000,
  totalCount: 2000,
  albumTagType: 'Raw',
  message: 'done',
  timestamp: at(second),
});

const batch = (state: SyncState, ...events: PhotoSyncProgress[]) =>
  reducer(state, NotificationHubActions.photoSyncProgressed({ events }));

const tag = (state: SyncState, albumId = 'album-1', tagId = 'raw') =>
  state.albums[albumId].tags[tagId];

const started = (second: number) =>
  HubEventActions.AlbumSyncStarted({
    event: { albumId: 'album-1', message: 'started', timestamp: at(second) },
  });

describe('sync feature', () => {
  beforeEach(() => clearSelectorOverrides());

  describe('progress within a run', () => {
    it('never moves backwards when events arrive late or twice', () => {
      let state = batch(initial, progress(100, 1), progress(300, 3));
      state = batch(state, progress(200, 2));
      expect(tag(state).processedCount).toBe(300);
      state = batch(state, progress(300, 3));
      expect(tag(state).processedCount).toBe(300);
      state = batch(state, progress(250, 4)); // a recount arriving out of order
      expect(tag(state).processedCount).toBe(300);
      expect(tag(state).status).toBe('syncing');
    });

    it('answers the same state for a repeated event, so selectors stay memoized', () => {
      const state = batch(initial, progress(100, 1));
      expect(batch(state, progress(100, 1))).toBe(state);
      expect(batch(state, progress(50, 0))).toBe(state);
    });

    it('applies a whole batch across albums and tags in one action', () => {
      const state = batch(
        initial,
        progress(10, 1),
        progress(20, 1, { albumTagId: 'stock', albumTagType: 'Stock' }),
        progress(5, 1, { albumId: 'album-2' }),
        progress(40, 2),
      );
      expect(tag(state).processedCount).toBe(40);
      expect(tag(state, 'album-1', 'stock').processedCount).toBe(20);
      expect(tag(state, 'album-2').processedCount).toBe(5);
      expect(state.albums['album-1'].runTagIds).toEqual(['raw', 'stock']);
    });

    it('does not mutate the state it was given', () => {
      const before = batch(initial, progress(10, 1));
      const frozen = structuredClone(before);
      batch(before, progress(20, 2), progress(30, 3));
      expect(before).toEqual(frozen);
    });

    it('shows 100 % once the tag completes, and ignores progress arriving after that', () => {
      let state = batch(reducer(initial, started(0)), progress(1900, 5));
      state = reducer(
        state,
        HubEventActions.PhotoSyncCompleted({
          event: completed(6),
        }),
      );
      expect(tagProgress(tag(state)).fraction).toBe(1);
      state = batch(state, progress(1950, 5));
      expect(tag(state).processedCount).toBe(2000);
      expect(tag(state).status).toBe('completed');
    });

    it('shows 100 % when the tag turns Ready even if the last batches were never seen', () => {
      let state = batch(initial, progress(700, 5));
      state = reducer(
        state,
        HubEventActions.AlbumTagStatusChanged({
          event: {
            albumId: 'album-1',
            albumTagId: 'raw',
            oldStatus: 'Syncing',
            newStatus: 'Ready',
            message: '',
            timestamp: at(9),
          },
        }),
      );
      expect(tagProgress(tag(state))).toMatchObject({
        status: 'completed',
        fraction: 1,
        processedCount: 2000,
      });
    });

    it("starts a new run from zero when the tag syncs again, and ignores the old run's stragglers", () => {
      let state = batch(initial, progress(2000, 5));
      state = reducer(state, HubEventActions.PhotoSyncCompleted({ event: completed(6) }));
      state = reducer(
        state,
        HubEventActions.AlbumTagStatusChanged({
          event: {
            albumId: 'album-1',
            albumTagId: 'raw',
            oldStatus: 'Ready',
            newStatus: 'Syncing',
            message: '',
            timestamp: at(20),
          },
        }),
      );
      expect(tag(state)).toMatchObject({ status: 'syncing', processedCount: 0 });
      state = batch(state, progress(1500, 5)); // from the first run
      expect(tag(state).processedCount).toBe(0);
      state = batch(state, progress(50, 21));
      expect(tag(state).processedCount).toBe(50);
    });

    it('begins the next run from a progress event newer than the last finish (its start was missed)', () => {
      let state = reducer(initial, HubEventActions.PhotoSyncCompleted({ event: completed(6) }));
      state = batch(state, progress(100, 30));
      expect(tag(state)).toMatchObject({ status: 'syncing', processedCount: 100 });
      expect(state.albums['album-1'].status).toBe('syncing');
    });

    it("marks the running tags failed when the album's sync fails, keeping their count", () => {
      let state = batch(reducer(initial, started(0)), progress(400, 3));
      state = reducer(
        state,
        HubEventActions.AlbumSyncError({
          event: { albumId: 'album-1', message: 'Drive refused', timestamp: at(4) },
        }),
      );
      expect(state.albums['album-1']).toMatchObject({ status: 'failed', error: 'Drive refused' });
      expect(tag(state)).toMatchObject({ status: 'failed', processedCount: 400 });
    });
  });

  describe('ETA', () => {
    it("uses the backend's estimate when it gives one", () => {
      const state = batch(initial, progress(500, 10, { estimatedSecondsRemaining: 42 }));
      expect(estimateSecondsRemaining(tag(state))).toBe(42);
    });

    it("otherwise measures this run's pace: 100 photos/s with 1,000 left is 10 s", () => {
      const state = batch(initial, progress(0, 0), progress(1000, 10));
      expect(estimateSecondsRemaining(tag(state))).toBe(10);
    });

    it('is unknown before any pace is seen, and 0 once complete', () => {
      let state = batch(initial, progress(10, 1));
      expect(estimateSecondsRemaining(tag(state))).toBeNull();
      state = reducer(state, HubEventActions.PhotoSyncCompleted({ event: completed(6) }));
      expect(estimateSecondsRemaining(tag(state))).toBe(0);
    });
  });

  describe('overall album progress', () => {
    it('sums every tag of the current run', () => {
      const state = batch(
        reducer(initial, started(0)),
        progress(500, 1, { totalCount: 1000 }),
        progress(100, 1, { albumTagId: 'stock', albumTagType: 'Stock', totalCount: 1000 }),
      );
      expect(albumProgress(state.albums['album-1'])).toMatchObject({
        status: 'syncing',
        processedCount: 600,
        totalCount: 2000,
        fraction: 0.3,
      });
    });

    it('forgets the tags of the previous run when a new sync starts', () => {
      let state = batch(reducer(initial, started(0)), progress(1000, 1, { totalCount: 1000 }));
      state = reducer(
        state,
        HubEventActions.AlbumSyncCompleted({
          event: { albumId: 'album-1', albumTagId: 'raw', message: '', timestamp: at(2) },
        }),
      );
      expect(albumProgress(state.albums['album-1']).fraction).toBe(1);
      state = reducer(state, started(10));
      state = batch(
        state,
        progress(50, 11, { albumTagId: 'stock', albumTagType: 'Stock', totalCount: 100 }),
      );
      expect(albumProgress(state.albums['album-1'])).toMatchObject({
        processedCount: 50,
        totalCount: 100,
        fraction: 0.5,
      });
    });

    it('is memoized per state: the same progress object until something changes', () => {
      const state = batch(initial, progress(10, 1));
      const root = { sync: state };
      expect(selectAlbumProgressById(root)).toBe(selectAlbumProgressById({ sync: state }));
    });

    it('keeps the view of an album or tag a batch left alone, so its bar is not touched', () => {
      const before = batch(initial, progress(10, 1), progress(5, 1, { albumId: 'album-2' }));
      const after = batch(before, progress(20, 2));
      expect(selectAlbumProgressById({ sync: after })['album-2']).toBe(
        selectAlbumProgressById({ sync: before })['album-2'],
      );
      expect(selectAlbumProgressById({ sync: after })['album-1']).not.toBe(
        selectAlbumProgressById({ sync: before })['album-1'],
      );
      const run = tag(after, 'album-2');
      expect(tagProgress(run)).toBe(tagProgress(run));
    });
  });

  describe('REST snapshots (recovering what was missed)', () => {
    const album = (
      sync: Album['sync'],
      tagStatus: 'Syncing' | 'Ready' | 'Failed' = 'Syncing',
    ): Album => ({
      id: 'album-1',
      name: 'Wedding',
      state: 'Init',
      coverUrl: null,
      photoCount: 0,
      modifiedAt: at(40),
      tags: [
        {
          id: 'raw',
          albumId: 'album-1',
          type: 'Raw',
          status: tagStatus,
          link: null,
          folderId: 'f',
          photoCount: 0,
        },
      ],
      sync,
    });

    it('picks up a sync running on the backend', () => {
      const state = reducer(
        initial,
        AlbumsApiActions.albumLoaded({
          replay: [],
          album: album({
            albumTagId: 'raw',
            processedCount: 300,
            totalCount: 2000,
            startedAt: at(0),
          }),
        }),
      );
      expect(state.albums['album-1'].status).toBe('syncing');
      expect(tag(state)).toMatchObject({
        status: 'syncing',
        processedCount: 300,
        totalCount: 2000,
        albumTagType: 'Raw',
      });
    });

    it('never moves a bar back to an older snapshot', () => {
      let state = batch(reducer(initial, started(0)), progress(900, 5));
      state = reducer(
        state,
        AlbumsApiActions.albumLoaded({
          replay: [],
          album: album({
            albumTagId: 'raw',
            processedCount: 300,
            totalCount: 2000,
            startedAt: at(0),
          }),
        }),
      );
      expect(tag(state).processedCount).toBe(900);
    });

    it('completes a sync that ended while we were away', () => {
      let state = batch(reducer(initial, started(0)), progress(900, 5));
      state = reducer(
        state,
        AlbumsApiActions.albumLoaded({ replay: [], album: album(null, 'Ready') }),
      );
      expect(state.albums['album-1'].status).toBe('completed');
      expect(tagProgress(tag(state)).fraction).toBe(1);
    });

    it('fails a sync that failed while we were away', () => {
      let state = batch(reducer(initial, started(0)), progress(900, 5));
      state = reducer(
        state,
        AlbumsApiActions.albumLoaded({ replay: [], album: album(null, 'Failed') }),
      );
      expect(state.albums['album-1'].status).toBe('failed');
      expect(tag(state).status).toBe('failed');
    });
  });

  it("keeps an unknown album's events to that album: others are untouched", () => {
    const state = batch(initial, progress(10, 1));
    const next = batch(state, progress(99, 2, { albumId: 'stranger' }));
    expect(next.albums['album-1']).toBe(state.albums['album-1']);
  });
});
