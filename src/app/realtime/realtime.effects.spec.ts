import type { ApplicationRef, ErrorHandler } from '@angular/core';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import type { FrameScheduler } from './animation-frame';
import type { ConnectionState } from './connection-status';
import { ConnectionIndicatorActions, NotificationHubActions } from './notification-hub.actions';
import {
  connectionStateChanged,
  hubEvents,
  joinRefused,
  reconnectRequested,
  reconnected,
} from './realtime.effects';
import type { SignalRService } from './signalr.service';

describe('realtime effects', () => {
  const hub = {
    reconnectNow: vi.fn(),
    connectionState$: new Subject<ConnectionState>(),
    reconnected$: new Subject<readonly string[]>(),
    joinRefused$: new Subject<{ albumId: string; reason: string }>(),
  };
  const service = hub as unknown as SignalRService;

  beforeEach(() => vi.clearAllMocks());

  it("turns the service's streams into actions", () => {
    const output: Action[] = [];
    connectionStateChanged(service).subscribe((action) => output.push(action));
    reconnected(service).subscribe((action) => output.push(action));
    joinRefused(service).subscribe((action) => output.push(action));
    const connection: ConnectionState = {
      status: 'Reconnecting',
      lastError: 'cut',
      nextRetryAt: null,
    };
    hub.connectionState$.next(connection);
    hub.reconnected$.next(['a']);
    hub.joinRefused$.next({ albumId: 'x', reason: 'Forbidden' });
    expect(output).toEqual([
      NotificationHubActions.connectionStateChanged({ connection }),
      NotificationHubActions.reconnected({ albumIds: ['a'] }),
      NotificationHubActions.albumJoinRefused({ albumId: 'x', reason: 'Forbidden' }),
    ]);
  });

  it('reconnects now when the photographer asks', () => {
    const actions$ = new Subject<Action>();
    reconnectRequested(actions$ as unknown as Actions, service).subscribe();
    actions$.next(ConnectionIndicatorActions.reconnectRequested());
    expect(hub.reconnectNow).toHaveBeenCalledOnce();
  });

  describe('rendering hub progress at once', () => {
    const progress = new Subject<unknown>();
    const events = {
      event$: (name: string) => (name === 'PhotoSyncProgress' ? progress : new Subject()),
      isAlbumWanted: () => true,
    } as unknown as SignalRService;
    let frame = 0;
    const frames: FrameScheduler = { request: () => () => undefined, currentFrame: () => ++frame };
    const event = (processedCount: number) => ({
      albumId: 'a',
      albumTagId: 't',
      processedCount,
      totalCount: 10,
      albumTagType: 'Raw',
      timestamp: '2026-11-22T10:00:00Z',
    });

    function run(tickError: Error) {
      const appRef = {
        tick: vi.fn(() => {
          throw tickError;
        }),
      } as unknown as ApplicationRef;
      const errors = { handleError: vi.fn() };
      const output: Action[] = [];
      const subscription = hubEvents(events, frames, appRef, errors as ErrorHandler).subscribe(
        (action) => output.push(action),
      );
      progress.next(event(1));
      progress.next(event(2)); // same frame counter moves on: flushed at once too
      subscription.unsubscribe();
      return { output, handleError: errors.handleError };
    }

    it("swallows only Angular's recursive tick (NG0101): the running pass renders the batch", () => {
      const { output, handleError } = run(
        new Error('NG0101: ApplicationRef.tick is called recursively'),
      );
      expect(output).toHaveLength(2);
      expect(handleError).not.toHaveBeenCalled();
    });

    it('reports any other rendering error, and the events keep flowing', () => {
      const failure = new TypeError("Cannot read properties of undefined (reading 'value')");
      const { output, handleError } = run(failure);
      expect(handleError).toHaveBeenCalledWith(failure);
      expect(handleError).toHaveBeenCalledTimes(2);
      expect(output).toHaveLength(2);
    });
  });
});
