import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import type { AuthService } from '../auth/auth.service';
import type { ConnectionState } from './connection-status';
import { ConnectionIndicatorActions, NotificationHubActions } from './notification-hub.actions';
import {
  connectWhileSignedIn,
  connectionStateChanged,
  joinRefused,
  reconnectRequested,
  reconnected,
} from './realtime.effects';
import type { SignalRService } from './signalr.service';

describe('realtime effects', () => {
  const hub = {
    start: vi.fn(),
    stop: vi.fn(() => Promise.resolve()),
    reconnectNow: vi.fn(),
    connectionState$: new Subject<ConnectionState>(),
    reconnected$: new Subject<readonly string[]>(),
    joinRefused$: new Subject<{ albumId: string; reason: string }>(),
  };
  const service = hub as unknown as SignalRService;

  beforeEach(() => vi.clearAllMocks());

  it('connects while signed in and stops for good on sign-out', async () => {
    const signedIn = signal(false);
    const auth = { isSignedIn: signedIn } as unknown as AuthService;
    TestBed.runInInjectionContext(() => connectWhileSignedIn(auth, service).subscribe());
    TestBed.tick();
    expect(hub.stop).toHaveBeenCalledTimes(1);
    signedIn.set(true);
    TestBed.tick();
    expect(hub.start).toHaveBeenCalledTimes(1);
    signedIn.set(false);
    TestBed.tick();
    expect(hub.stop).toHaveBeenCalledTimes(2);
  });

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
});
