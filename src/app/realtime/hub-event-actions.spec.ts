import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import { HUB_EVENT_NAMES, type AlbumStateChanged, type PhotoSyncProgress } from '../api/models';
import type { FrameScheduler } from './animation-frame';
import { hubEventActions } from './hub-event-actions';
import { HubEventActions, NotificationHubActions } from './notification-hub.actions';
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
  /** Albums whose last view closed. */
  let unwanted: Set<string>;
  let frames: (() => void)[];
  /** document.timeline.currentTime; null (unknown) unless a test sets it. */
  let frame: number | null;
  let actions: Action[];
  let renders: number;
  /** The frame each render ran in, as the benchmark counts them. */
  let renderedIn: (number | null)[];

  beforeEach(() => {
    streams = {};
    unwanted = new Set();
    const hub: Pick<SignalRService, 'event$' | 'isAlbumWanted'> = {
      isAlbumWanted: (albumId) => !unwanted.has(albumId),
      event$: (name) => (streams[name] ??= new Subject<unknown>()) as never,
    };
    frames = [];
    frame = null;
    actions = [];
    renders = 0;
    renderedIn = [];
    const scheduler: FrameScheduler = {
      request: (callback) => {
        frames.push(callback);
        return () => (frames = frames.filter((queued) => queued !== callback));
      },
      currentFrame: () => frame,
    };
    hubEventActions(hub, scheduler, () => {
      renders++;
      renderedIn.push(frame);
    }).subscribe((action) => actions.push(action));
  });

  /** Like the browser: the timeline moves on, then the frame's callbacks run. */
  const nextFrame = () => {
    if (frame !== null) frame += 16;
    frames.splice(0).forEach((callback) => callback());
  };

  describe('when the current frame is unknown (null)', () => {
    it('coalesces a frame of progress into ONE batched action, the freshest event per tag', () => {
      for (let i = 1; i <= 500; i++) streams['PhotoSyncProgress'].next(progress(`tag-${i % 5}`, i));
      expect(actions).toEqual([]);
      expect(frames).toHaveLength(1); // one frame requested, not 500
      nextFrame();
      expect(actions).toHaveLength(1);
      expect(renders).toBe(1); // rendered once, in the frame that flushed
      const { events } = actions[0] as ReturnType<
        typeof NotificationHubActions.photoSyncProgressed
      >;
      expect(events.map((event) => [event.albumTagId, event.processedCount])).toEqual([
        ['tag-1', 496],
        ['tag-2', 497],
        ['tag-3', 498],
        ['tag-4', 499],
        ['tag-0', 500],
      ]);
    });

    it('leaves out the progress of an album whose last view closed before the frame', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 10));
      streams['PhotoSyncProgress'].next({ ...progress('tag-2', 20), albumId: 'album-2' });
      unwanted.add('album-1');
      nextFrame();
      const { events } = actions[0] as ReturnType<
        typeof NotificationHubActions.photoSyncProgressed
      >;
      expect(events.map((event) => event.albumId)).toEqual(['album-2']);
      unwanted.add('album-2');
      streams['PhotoSyncProgress'].next({ ...progress('tag-2', 30), albumId: 'album-2' });
      nextFrame();
      expect(actions).toHaveLength(1); // nothing left: no empty batch
    });

    it('keeps a late, smaller count out of the batch', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 80, 5));
      streams['PhotoSyncProgress'].next(progress('tag-1', 60, 4));
      nextFrame();
      const { events } = actions[0] as ReturnType<
        typeof NotificationHubActions.photoSyncProgressed
      >;
      expect(events.map((event) => event.processedCount)).toEqual([80]);
    });

    it('orders a smaller count by its instant, however the server wrote the time', () => {
      const at = (processedCount: number, timestamp: string) => ({
        ...progress('tag-1', processedCount),
        timestamp,
      });
      const batchAfter = (...events: PhotoSyncProgress[]) => {
        actions = [];
        events.forEach((event) => streams['PhotoSyncProgress'].next(event));
        nextFrame();
        const [action] = actions as ReturnType<typeof NotificationHubActions.photoSyncProgressed>[];
        return action.events.map((event) => event.processedCount);
      };
      // Sent half a second later, so a new run: as strings, "…05.5Z" < "…05Z".
      expect(batchAfter(at(80, '2026-11-22T10:00:05Z'), at(10, '2026-11-22T10:00:05.5Z'))).toEqual([
        10,
      ]);
      // Sent an hour earlier (09:00:06Z), so late: as strings, "…T16" > "…T10".
      expect(
        batchAfter(at(80, '2026-11-22T10:00:05Z'), at(60, '2026-11-22T16:00:06+07:00')),
      ).toEqual([80]);
    });

    it("flushes pending progress before any other event, keeping the hub's order", () => {
      const stateChanged: AlbumStateChanged = {
        albumId: 'album-1',
        oldState: 'Init',
        newState: 'Raw',
        message: 'moved',
        timestamp: '2026-11-22T10:00:09Z',
      };
      streams['PhotoSyncProgress'].next(progress('tag-1', 100));
      streams['AlbumStateChanged'].next(stateChanged);
      expect(actions.map((action) => action.type)).toEqual([
        NotificationHubActions.photoSyncProgressed.type,
        HubEventActions.AlbumStateChanged.type,
      ]);
      expect(frames).toHaveLength(0); // the frame it had asked for is cancelled
      nextFrame();
      expect(actions).toHaveLength(2);
      expect(renders).toBe(0);
    });

    it('asks for a new frame after each flush', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      nextFrame();
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      expect(frames).toHaveLength(1);
      nextFrame();
      expect(actions).toHaveLength(2);
      expect(renders).toBe(2);
    });

    it('coalesces even a lone event into the next frame', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      expect(actions).toEqual([]);
      expect(renders).toBe(0);
      nextFrame();
      expect(actions).toHaveLength(1);
      expect(renders).toBe(1);
    });
  });

  describe('when the current frame is known', () => {
    beforeEach(() => (frame = 1000));

    const progressed = (action: Action) =>
      (action as ReturnType<typeof NotificationHubActions.photoSyncProgressed>).events.map(
        (event) => event.processedCount,
      );

    it('dispatches and renders a lone event at once, not at the next frame', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 7));
      expect(actions.map(progressed)).toEqual([[7]]);
      expect(renders).toBe(1);
      expect(frames).toHaveLength(0); // no frame asked for
    });

    it('coalesces a second event of the same frame into the next frame', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      expect(actions).toHaveLength(1);
      expect(renders).toBe(1);
      expect(frames).toHaveLength(1);
      nextFrame();
      expect(actions.map(progressed)).toEqual([[1], [2]]);
      expect(renders).toBe(2);
    });

    it("waits for the next frame once this frame's callback has flushed", () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      nextFrame(); // nothing pending: no flush
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      expect(actions).toHaveLength(2); // a new frame: at once
      streams['PhotoSyncProgress'].next(progress('tag-1', 3));
      nextFrame(); // flushes in its callback, in frame 1032
      streams['PhotoSyncProgress'].next(progress('tag-1', 4)); // same frame, after it
      expect(actions).toHaveLength(3);
      expect(frames).toHaveLength(1);
    });

    it('is immediate again once the frame moves on', () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      frame = 1016; // no frame was asked for: time moves on all the same
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      expect(actions.map(progressed)).toEqual([[1], [2]]);
      expect(renders).toBe(2);
      expect(frames).toHaveLength(0);
    });

    it('turns a flood into one immediate action and one batch, at most one render a frame', () => {
      for (let i = 1; i <= 500; i++) {
        streams['PhotoSyncProgress'].next(progress(`tag-${i % 5}`, i));
      }
      expect(actions).toHaveLength(1); // the first one, at once
      expect(frames).toHaveLength(1);
      nextFrame();
      expect(actions).toHaveLength(2);
      expect(progressed(actions[1]).sort()).toEqual([496, 497, 498, 499, 500]); // freshest per tag
      for (let i = 501; i <= 1000; i++) {
        streams['PhotoSyncProgress'].next(progress(`tag-${i % 5}`, i));
      }
      nextFrame();
      expect(actions).toHaveLength(3);
      expect(renderedIn).toEqual([1000, 1016, 1032]); // one per frame
    });

    it('defers the batch a frame when the immediate flush already rendered into this frame', () => {
      // Chromium between frames: the clock reads the coming frame, so the lone event
      // flushed at once and the next frame's callback share one frame.
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      frames.splice(0).forEach((callback) => callback()); // that frame's callbacks, clock unmoved
      expect(actions.map(progressed)).toEqual([[1]]);
      expect(frames).toHaveLength(1); // asked again
      nextFrame();
      expect(actions.map(progressed)).toEqual([[1], [2]]);
      expect(renderedIn).toEqual([1000, 1016]); // one render per frame
    });

    it("keeps the hub's order when another event flushes the next frame's batch", () => {
      streams['PhotoSyncProgress'].next(progress('tag-1', 1));
      streams['PhotoSyncProgress'].next(progress('tag-1', 2));
      streams['AlbumSyncStarted'].next({ albumId: 'album-1' });
      expect(actions.map((action) => action.type)).toEqual([
        NotificationHubActions.photoSyncProgressed.type,
        NotificationHubActions.photoSyncProgressed.type,
        HubEventActions.AlbumSyncStarted.type,
      ]);
      expect(frames).toHaveLength(0);
    });
  });

  it("relays every hub event but progress, by the schema table's names, to the action named after it", () => {
    // From the schemas' names, not from the actions: an event without its action fails here.
    const names = HUB_EVENT_NAMES.filter((name) => name !== 'PhotoSyncProgress');
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      streams[name].next({ albumId: 'album-1', message: name });
    }
    expect(actions).toEqual(
      names.map((name) => ({
        type: `[Notification Hub] ${name}`,
        event: { albumId: 'album-1', message: name },
      })),
    );
    expect(actions.map((action) => action.type)).toEqual(
      names.map((name) => HubEventActions[name].type),
    );
  });
});
