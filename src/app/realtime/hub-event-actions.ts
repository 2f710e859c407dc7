import type { Action } from '@ngrx/store';
import { Observable, type Subscription } from 'rxjs';
import type { PhotoSyncProgress } from '../api/models';
import type { FrameScheduler } from './animation-frame';
import { NotificationHubActions } from './notification-hub.actions';
import type { SignalRService } from './signalr.service';

type HubEvents = Pick<
  SignalRService,
  | 'getPhotoSyncProgress$'
  | 'getPhotoSyncCompleted$'
  | 'getAlbumStateChanged$'
  | 'getAlbumTagCreated$'
  | 'getAlbumTagStatusChanged$'
  | 'getAlbumSyncStarted$'
  | 'getAlbumSyncCompleted$'
  | 'getAlbumSyncError$'
>;

/**
 * Every hub event as a store action, in arrival order. Progress is coalesced: all the
 * progress of one animation frame becomes ONE 'Photo Sync Progressed' action holding
 * the freshest event per tag, so a flood of thousands of events a second costs one
 * store update and one render per frame. Any other event first flushes the progress
 * received before it, so the store sees events in the order the hub sent them.
 * `afterFrameFlush` runs right after a frame's batch is in the store (see the effect).
 */
export function hubEventActions(
  hub: HubEvents,
  requestFrame: FrameScheduler,
  afterFrameFlush: () => void = () => undefined,
): Observable<Action> {
  return new Observable<Action>((subscriber) => {
    let pending = new Map<string, PhotoSyncProgress>();
    let cancelFrame: (() => void) | null = null;

    const flush = () => {
      cancelFrame?.();
      cancelFrame = null;
      if (pending.size === 0) return;
      const events = [...pending.values()];
      pending = new Map();
      subscriber.next(NotificationHubActions.photoSyncProgressed({ events }));
    };

    const subscriptions: Subscription[] = [
      hub.getPhotoSyncProgress$().subscribe((event) => {
        const previous = pending.get(event.albumTagId);
        // Keep the freshest: a late, smaller count is not news (the store agrees).
        if (
          !previous ||
          event.processedCount >= previous.processedCount ||
          event.timestamp > previous.timestamp
        ) {
          pending.set(event.albumTagId, event);
        }
        cancelFrame ??= requestFrame(() => {
          cancelFrame = null;
          flush();
          afterFrameFlush();
        });
      }),
    ];
    const relay = <T>(source: Observable<T>, toAction: (event: T) => Action) =>
      subscriptions.push(
        source.subscribe((event) => {
          flush();
          subscriber.next(toAction(event));
        }),
      );
    relay(hub.getPhotoSyncCompleted$(), (event) =>
      NotificationHubActions.photoSyncCompleted({ event }),
    );
    relay(hub.getAlbumStateChanged$(), (event) =>
      NotificationHubActions.albumStateChanged({ event }),
    );
    relay(hub.getAlbumTagCreated$(), (event) => NotificationHubActions.albumTagCreated({ event }));
    relay(hub.getAlbumTagStatusChanged$(), (event) =>
      NotificationHubActions.albumTagStatusChanged({ event }),
    );
    relay(hub.getAlbumSyncStarted$(), (event) =>
      NotificationHubActions.albumSyncStarted({ event }),
    );
    relay(hub.getAlbumSyncCompleted$(), (event) =>
      NotificationHubActions.albumSyncCompleted({ event }),
    );
    relay(hub.getAlbumSyncError$(), (event) => NotificationHubActions.albumSyncFailed({ event }));

    return () => {
      cancelFrame?.();
      subscriptions.forEach((subscription) => subscription.unsubscribe());
    };
  });
}
