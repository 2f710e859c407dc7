import { ApplicationRef, Injector, inject } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { distinctUntilChanged, map, tap } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { FRAME_SCHEDULER } from './animation-frame';
import { hubEventActions } from './hub-event-actions';
import { ConnectionIndicatorActions, NotificationHubActions } from './notification-hub.actions';
import { SignalRService } from './signalr.service';

/** Connected while signed in; signing out stops the hub for good (no reconnect). */
export const connectWhileSignedIn = createEffect(
  (auth = inject(AuthService), hub = inject(SignalRService), injector = inject(Injector)) =>
    toObservable(auth.isSignedIn, { injector }).pipe(
      distinctUntilChanged(),
      tap((signedIn) => (signedIn ? hub.start() : void hub.stop())),
    ),
  { functional: true, dispatch: false },
);

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
  ) =>
    hubEventActions(hub, frames, () => {
      try {
        appRef.tick();
      } catch {
        // Already rendering: the scheduled pass picks the batch up.
      }
    }),
  { functional: true },
);

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
