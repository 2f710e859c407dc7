import { ApplicationRef, ErrorHandler, inject } from '@angular/core';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { map, tap } from 'rxjs';
import { FRAME_SCHEDULER } from './animation-frame';
import { hubEventActions } from './hub-event-actions';
import { ConnectionIndicatorActions, NotificationHubActions } from './notification-hub.actions';
import { SignalRService } from './signalr.service';

// The hub's streams as actions, registered when the realtime layer loads (realtime-layer.ts),
// before the session's effect (hub-session.effects.ts) starts the hub.

export const connectionStateChanged = createEffect(
  (hub = inject(SignalRService)) =>
    hub.connectionState$.pipe(
      map((connection) => NotificationHubActions.connectionStateChanged({ connection })),
    ),
  { functional: true },
);

/**
 * Hub events into actions; progress flushed at most once per animation frame: a lone
 * event at once, else batched into the next frame's animation callback. Each flush is
 * rendered right there (before the browser paints) so it shows in this frame instead of
 * the next, hence at most one render per frame for progress.
 */
export const hubEvents = createEffect(
  (
    hub = inject(SignalRService),
    frames = inject(FRAME_SCHEDULER),
    appRef = inject(ApplicationRef),
    errors = inject(ErrorHandler),
  ) =>
    hubEventActions(hub, frames, () => {
      try {
        appRef.tick();
      } catch (error) {
        // Already rendering (NG0101): the running pass picks the batch up. Anything else is
        // a real failure of a view: reported, while the event stream goes on.
        if (!isRecursiveTick(error)) errors.handleError(error);
      }
    }),
  { functional: true },
);

/** Angular's "ApplicationRef.tick is called recursively" (`NG0101`, in every build mode). */
function isRecursiveTick(error: unknown): boolean {
  return error instanceof Error && /^NG0101\b/.test(error.message);
}

export const reconnected = createEffect(
  (hub = inject(SignalRService)) =>
    hub.reconnected$.pipe(map((albumIds) => NotificationHubActions.reconnected({ albumIds }))),
  { functional: true },
);

export const albumGroupsJoined = createEffect(
  (hub = inject(SignalRService)) =>
    hub.albumGroupsJoined$.pipe(
      map(({ albumIds, reconnect }) =>
        NotificationHubActions.albumGroupsJoined({ albumIds, reconnect }),
      ),
    ),
  { functional: true },
);

export const joinRefused = createEffect(
  (hub = inject(SignalRService)) =>
    hub.joinRefused$.pipe(
      map(({ albumId, reason }) => NotificationHubActions.albumJoinRefused({ albumId, reason })),
    ),
  { functional: true },
);

export const reconnectRequested = createEffect(
  (actions$ = inject(Actions), hub = inject(SignalRService)) =>
    actions$.pipe(
      ofType(ConnectionIndicatorActions.reconnectRequested),
      tap(() => hub.reconnectNow()),
    ),
  { functional: true, dispatch: false },
);
