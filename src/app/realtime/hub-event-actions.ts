import type { Action } from '@ngrx/store';
import { Observable, type Subscription } from 'rxjs';
import { instantOf } from '../api/instant';
import type { HubEventMap, PhotoSyncProgress } from '../api/models';
import type { FrameScheduler } from './animation-frame';
import {
  HubEventActions,
  NotificationHubActions,
  SINGLE_HUB_EVENT_NAMES,
  type SingleHubEventName,
} from './notification-hub.actions';
import type { SignalRService } from './signalr.service';

/** The service's streams, one per hub event, by the hub's names (`event$(name)`). */
type HubEvents = Pick<SignalRService, 'event$' | 'isAlbumWanted'>;

/**
 * Every hub event as a store action, in arrival order. Progress is coalesced per
 * animation frame, with at most ONE progress flush per frame (`frames.currentFrame()`):
 * - a lone event (no flush yet in this frame, none pending) is flushed at once, as a batch
 *   of one, so sparse progress shows now rather than a frame later;
 * - any other is kept for the next frame, where everything received meanwhile becomes ONE
 *   'Photo Sync Progressed' action holding the freshest event per tag. A flood of
 *   thousands of events a second thus costs one store update and one render per frame.
 * Unknown frame (null): everything waits for the next frame.
 * Any other event first flushes the progress received before it, so the store sees
 * events in the order the hub sent them. `afterFrameFlush` runs right after a progress
 * batch (immediate or per frame) is in the store, to render it (see the effect).
 */
export function hubEventActions(
  hub: HubEvents,
  frames: FrameScheduler,
  afterFrameFlush: () => void = () => undefined,
): Observable<Action> {
  return new Observable<Action>((subscriber) => {
    let pending = new Map<string, PhotoSyncProgress>();
    let cancelFrame: (() => void) | null = null;
    /** The frame of the last progress flush: the next lone event must wait for a new one. */
    let flushedFrame: number | null = null;

    const flush = () => {
      cancelFrame?.();
      cancelFrame = null;
      if (pending.size === 0) return;
      // An album whose last view closed since its events arrived: nothing to show them in.
      const events = [...pending.values()].filter((event) => hub.isAlbumWanted(event.albumId));
      pending = new Map();
      if (events.length === 0) return;
      flushedFrame = frames.currentFrame();
      subscriber.next(NotificationHubActions.photoSyncProgressed({ events }));
    };
    const flushAndRender = () => {
      flush();
      afterFrameFlush();
    };
    const onFrame = () => {
      cancelFrame = null;
      // Between frames the browser's clock already reads the coming frame (Chromium
      // estimates it), so an event flushed at once may have been this frame's render:
      // then this batch waits for the next one.
      const frame = frames.currentFrame();
      if (frame !== null && frame === flushedFrame) cancelFrame = frames.request(onFrame);
      else flushAndRender();
    };

    const subscriptions: Subscription[] = [
      hub.event$('PhotoSyncProgress').subscribe((event) => {
        const previous = pending.get(event.albumTagId);
        // Keep the freshest: a late, smaller count is not news (the store agrees); a smaller
        // count sent later is (a new run). Compared as instants: however the server wrote them.
        if (
          !previous ||
          event.processedCount >= previous.processedCount ||
          instantOf(event.timestamp) > instantOf(previous.timestamp)
        ) {
          pending.set(event.albumTagId, event);
        }
        if (cancelFrame) return; // already in the next frame's batch
        const frame = frames.currentFrame();
        // Nothing flushed in this frame yet: show it now rather than a frame later (latency
        // of sparse events); else wait for the next frame (at most one render per frame).
        if (frame !== null && frame !== flushedFrame) flushAndRender();
        else cancelFrame = frames.request(onFrame);
      }),
    ];
    const relaySingle = <K extends SingleHubEventName>(name: K) => {
      const toAction: (props: { event: HubEventMap[K] }) => Action = HubEventActions[name];
      subscriptions.push(
        hub.event$(name).subscribe((event) => {
          flush();
          subscriber.next(toAction({ event }));
        }),
      );
    };
    for (const name of SINGLE_HUB_EVENT_NAMES) relaySingle(name);
    return () => {
      cancelFrame?.();
      subscriptions.forEach((subscription) => subscription.unsubscribe());
    };
  });
}
