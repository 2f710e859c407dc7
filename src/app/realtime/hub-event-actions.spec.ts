import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import type { AlbumStateChanged, PhotoSyncProgress } from '../api/models';
import { hubEventActions } from './hub-event-actions';
import { NotificationHubActions } from './notification-hub.actions';
import type { SignalRService } from './signalr.service';

const progress = (albumTagId: string, processedCount: number, second = 0): PhotoSyncProgress => ({
  albumId: 'album-1',
  albumTagId,
  processedCount,
  totalCount: 1000,
  albumTagType: 'Raw',
  timestamp: `2026-11-22T10:00:${String(second).padStart(2, '0')}Z`,
});

describe('hubEventActions', () => {
  let streams: Record<string, Subject<unknown>>;
  let frames: (() => void)[];
  let actions: Action[];
  let renders: number;

  beforeEach(() => {
    streams = {};
    const hub = new Proxy({} as SignalRService, {
      get: (_, name: string) => () => (streams[name] ??= new Subject<unknown>()),
    });
    frames = [];
    actions = [];
    renders = 0;
    hubEventActions(
      hub,
      (callback) => {
        frames.push(callback);
        return () => (frames = frames.filter((frame) => frame !== callback));
      },
      () => renders++,
    ).subscribe((action) => actions.push(action));
  });

  const nextFrame = () => frames.splice(0).forEach((frame) => frame());

  it('coalesces a frame of progress into ONE batched action, the freshest event per tag', () => {
    for (let i = 1; i <= 500; i++)
      streams['getPhotoSyncProgress$'].next(progress(`tag-${i % 5}`, i));
    expect(actions).toEqual([]);
    expect(frames).toHaveLength(1); // one frame requested, not 500
    nextFrame();
    expect(actions).toHaveLength(1);
    expect(renders).toBe(1); // rendered once, in the frame that flushed
    const { events } = actions[0] as ReturnType<typeof NotificationHubActions.photoSyncProgressed>;
    expect(events.map((event) => [event.albumTagId, event.processedCount])).toEqual([
      ['tag-1', 496],
      ['tag-2', 497],
      ['tag-3', 498],
      ['tag-4', 499],
      ['tag-0', 500],
    ]);
  });

  it('keeps a late, smaller count out of the batch', () => {
    streams['getPhotoSyncProgress$'].next(progress('tag-1', 80, 5));
    streams['getPhotoSyncProgress$'].next(progress('tag-1', 60, 4));
    nextFrame();
    const { events } = actions[0] as ReturnType<typeof NotificationHubActions.photoSyncProgressed>;
    expect(events.map((event) => event.processedCount)).toEqual([80]);
  });

  it("flushes pending progress before any other event, keeping the hub's order", () => {
    const stateChanged: AlbumStateChanged = {
      albumId: 'album-1',
      oldState: 'Init',
      newState: 'Raw',
      message: 'moved',
      timestamp: '2026-11-22T10:00:09Z',
    };
    streams['getPhotoSyncProgress$'].next(progress('tag-1', 100));
    streams['getAlbumStateChanged$'].next(stateChanged);
    expect(actions.map((action) => action.type)).toEqual([
      NotificationHubActions.photoSyncProgressed.type,
      NotificationHubActions.albumStateChanged.type,
    ]);
    expect(frames).toHaveLength(0); // the frame it had asked for is cancelled
    nextFrame();
    expect(actions).toHaveLength(2);
    expect(renders).toBe(0);
  });

  it('asks for a new frame after each flush', () => {
    streams['getPhotoSyncProgress$'].next(progress('tag-1', 1));
    nextFrame();
    streams['getPhotoSyncProgress$'].next(progress('tag-1', 2));
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(actions).toHaveLength(2);
    expect(renders).toBe(2);
  });

  it('maps every hub event to its action', () => {
    const names = [
      ['getPhotoSyncCompleted$', NotificationHubActions.photoSyncCompleted.type],
      ['getAlbumTagCreated$', NotificationHubActions.albumTagCreated.type],
      ['getAlbumTagStatusChanged$', NotificationHubActions.albumTagStatusChanged.type],
      ['getAlbumSyncStarted$', NotificationHubActions.albumSyncStarted.type],
      ['getAlbumSyncCompleted$', NotificationHubActions.albumSyncCompleted.type],
      ['getAlbumSyncError$', NotificationHubActions.albumSyncFailed.type],
    ] as const;
    for (const [stream] of names) streams[stream].next({ albumId: 'album-1' });
    expect(actions.map((action) => action.type)).toEqual(names.map(([, type]) => type));
  });
});
