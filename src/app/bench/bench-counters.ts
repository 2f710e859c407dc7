import {
  ApplicationRef,
  Injector,
  inject,
  provideAppInitializer,
  type EnvironmentProviders,
  type Provider,
} from '@angular/core';
import { Store } from '@ngrx/store';
import { APP_ENVIRONMENT } from '../api/app-environment';
import {
  buildHubConnection,
  HUB_CONNECTION_FACTORY,
  type HubConnectionLike,
} from '../realtime/hub-connection';
import {
  browserFrameScheduler,
  FRAME_SCHEDULER,
  type FrameScheduler,
} from '../realtime/animation-frame';
import { SignalRService } from '../realtime/signalr.service';

/**
 * What `window.__pfBench` offers the benchmark: counters and snapshots, read only. It
 * observes the app from outside (the hub connection the app builds, the application's
 * change detection, the store's state); it changes nothing the app does.
 */
export interface BenchCounters {
  /** Change-detection passes of the whole application (each renders a view at most once). */
  readonly changeDetections: number;
  /**
   * Frames by how many change-detection passes ran in them ({1: 812, 2: 3}): passes that
   * saw the same document timeline time ran between the same two renderings.
   */
  readonly detectionsPerFrame: Readonly<Record<number, number>>;
  /** Hub invocations delivered to the app's handlers, by target. */
  readonly eventsReceived: Readonly<Record<string, number>>;
  /** performance.now() of the first and the last PhotoSyncProgress handled. */
  readonly firstProgressAt: number | null;
  readonly lastProgressAt: number | null;
  /** PhotoSyncProgress the service delivered to the app in a follower tab (relayed by the leader). */
  readonly relayedProgress: number;
  /** Whether this tab holds the browser's hub connection, and its connection status. */
  isLeader(): boolean;
  connectionStatus(): string;
  /** Handlers the app registered on the hub connection, and group ref-counts (SignalRService). */
  hubStats(): { handlers: number; groupRefCounts: Record<string, number>; joinedGroups: string[] };
  /** The processed count the store holds for each tag of an album's sync. */
  syncCounts(albumId: string): Record<string, number>;
  resetEventCounts(): void;
}

declare global {
  interface Window {
    __pfBench?: BenchCounters;
  }
}

/**
 * `naive`: the documented pattern inside this very app, for figure 5: no coalescing
 * (progress reaches the store at once, one action per event) and one change-detection
 * pass of the whole app after every hub event (what zone.js does after each message).
 */
export function provideBenchCounters(
  options: { naive?: boolean } = {},
): (Provider | EnvironmentProviders)[] {
  const eventsReceived: Record<string, number> = {};
  let firstProgressAt: number | null = null;
  let lastProgressAt: number | null = null;
  let changeDetections = 0;
  const detectionsPerFrame: Record<number, number> = {};
  let frameTime: number | null = null;
  let inFrame = 0;
  const countDetection = () => {
    changeDetections++;
    const now = Number(document.timeline.currentTime ?? 0);
    if (now !== frameTime) {
      frameTime = now;
      inFrame = 0;
    } else {
      detectionsPerFrame[inFrame] = (detectionsPerFrame[inFrame] ?? 1) - 1;
    }
    inFrame++;
    detectionsPerFrame[inFrame] = (detectionsPerFrame[inFrame] ?? 0) + 1;
  };

  function countHandlers(connection: HubConnectionLike, afterEach: () => void): HubConnectionLike {
    const on = connection.on.bind(connection);
    connection.on = (name: string, handler: Parameters<HubConnectionLike['on']>[1]) =>
      on(name, (...args: unknown[]) => {
        const result = handler(...args);
        eventsReceived[name] = (eventsReceived[name] ?? 0) + 1;
        if (name === 'PhotoSyncProgress') {
          const now = performance.now();
          firstProgressAt ??= now;
          lastProgressAt = now;
        }
        afterEach();
        return result;
      });
    return connection;
  }

  return [
    ...(options.naive
      ? [
          {
            // Every event is a frame of its own, so each is flushed at once, never batched.
            provide: FRAME_SCHEDULER,
            useFactory: (): FrameScheduler => {
              let frame = 0;
              return { ...browserFrameScheduler, currentFrame: () => ++frame };
            },
          },
        ]
      : []),
    {
      // The app's own connection (stateful reconnect as the environment asks, as the app's
      // own factory builds it), with each handler counted after it ran.
      provide: HUB_CONNECTION_FACTORY,
      useFactory: () => {
        const injector = inject(Injector);
        const statefulReconnect = inject(APP_ENVIRONMENT).statefulReconnect ?? true;
        return (config: Parameters<typeof buildHubConnection>[0]) =>
          countHandlers(buildHubConnection(config, statefulReconnect), () => {
            if (options.naive) injector.get(ApplicationRef).tick();
          });
      },
    },
    provideAppInitializer(() => {
      const appRef = inject(ApplicationRef) as ApplicationRef & { _tick(): void };
      const tick = appRef._tick.bind(appRef);
      appRef._tick = () => {
        countDetection();
        tick();
      };
      const hub = inject(SignalRService);
      // A follower has no connection of its own: its events are counted where the service
      // hands them to the app (with the same first/last times as the handlers' count).
      let relayedProgress = 0;
      hub.getPhotoSyncProgress$().subscribe(() => {
        if (hub.isLeader()) return;
        relayedProgress++;
        eventsReceived['PhotoSyncProgress'] = (eventsReceived['PhotoSyncProgress'] ?? 0) + 1;
        const now = performance.now();
        firstProgressAt ??= now;
        lastProgressAt = now;
      });
      interface SyncSlice {
        sync?: { albums?: Record<string, { tags?: Record<string, { processedCount: number }> }> };
      }
      let state: SyncSlice = {};
      inject(Store<SyncSlice>).subscribe((next) => (state = next));
      const counters: BenchCounters = {
        get changeDetections() {
          return changeDetections;
        },
        get detectionsPerFrame() {
          return { ...detectionsPerFrame };
        },
        get eventsReceived() {
          return { ...eventsReceived };
        },
        get relayedProgress() {
          return relayedProgress;
        },
        isLeader: () => hub.isLeader(),
        connectionStatus: () => hub.connectionState().status,
        get firstProgressAt() {
          return firstProgressAt;
        },
        get lastProgressAt() {
          return lastProgressAt;
        },
        hubStats: () => {
          const stats = hub.stats();
          return {
            handlers: stats.handlers,
            groupRefCounts: { ...stats.groupRefCounts },
            joinedGroups: [...stats.joinedGroups],
          };
        },
        syncCounts: (albumId) => {
          const tags = state?.sync?.albums?.[albumId]?.tags ?? {};
          return Object.fromEntries(
            Object.entries(tags).map(([id, tag]) => [id, tag.processedCount]),
          );
        },
        resetEventCounts: () => {
          for (const key of Object.keys(eventsReceived)) delete eventsReceived[key];
          firstProgressAt = lastProgressAt = null;
          relayedProgress = 0;
        },
      };
      Object.defineProperty(window, '__pfBench', { value: Object.freeze(counters) });
    }),
  ];
}
