import type { ErrorHandler } from '@angular/core';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { BehaviorSubject, Subject, filter, map, take } from 'rxjs';
import { SessionActions } from '../auth/session.actions';
import { localEnvironment, testUser } from '../auth/session.testing';
import { connectWhileSignedIn } from './hub-session.effects';
import type { RealtimeLayer } from './realtime-layer';
import { PhotoFlowRetryPolicy } from './reconnect-policy';
import type { SignalRService } from './signalr.service';

describe('the session owns the hub', () => {
  const user = testUser;
  const calls: string[] = [];
  const hub = {
    start: () => calls.push('start'),
    stop: () => (calls.push('stop'), Promise.resolve()),
  } as unknown as SignalRService;

  /** A layer whose loads the test settles one by one, as the network would. */
  class LoadingLayer {
    readonly loads: { resolve: () => void; reject: (error: Error) => void }[] = [];
    private loaded: SignalRService | null = null;
    hub(): Promise<SignalRService> {
      return new Promise((resolve, reject) =>
        this.loads.push({
          resolve: () => resolve((this.loaded = hub)),
          reject,
        }),
      );
    }
    loadedHub(): SignalRService | null {
      return this.loaded;
    }
  }

  let layer: LoadingLayer;
  let actions$: Subject<Action>;
  let errors: { handleError: ReturnType<typeof vi.fn> };
  /** Whether the hub may start (hub-start.ts): allowed unless a test holds it. */
  let allowed: BehaviorSubject<boolean>;

  beforeEach(() => {
    vi.useFakeTimers();
    calls.length = 0;
    layer = new LoadingLayer();
    actions$ = new Subject<Action>();
    errors = { handleError: vi.fn() };
    allowed = new BehaviorSubject(true);
    connectWhileSignedIn(
      actions$ as unknown as Actions,
      layer as unknown as RealtimeLayer,
      errors as unknown as ErrorHandler,
      new PhotoFlowRetryPolicy(localEnvironment.reconnect, () => 0),
      {
        allowed: () =>
          allowed.pipe(
            filter(Boolean),
            take(1),
            map(() => undefined),
          ),
      },
      () => calls.push('forget the early read'),
    ).subscribe();
  });

  afterEach(() => vi.useRealTimers());

  it('loads the realtime layer when a session starts, then connects', async () => {
    actions$.next(SessionActions.started({ user }));
    expect(layer.loads).toHaveLength(1);
    expect(calls).toEqual([]);
    layer.loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    // A read the page sent before the hub (api/early-read.ts) answers no request after it.
    expect(calls).toEqual(['forget the early read', 'start']);
  });

  it('loads nothing while the hub is held (a page opened on the list), then connects', async () => {
    allowed.next(false);
    actions$.next(SessionActions.started({ user }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(layer.loads).toHaveLength(0);
    allowed.next(true);
    expect(layer.loads).toHaveLength(1);
    layer.loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['forget the early read', 'start']);
  });

  it('drops a held start when the session ends before it is allowed', async () => {
    allowed.next(false);
    actions$.next(SessionActions.started({ user }));
    actions$.next(SessionActions.ended({ reason: 'elsewhere' }));
    allowed.next(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(layer.loads).toHaveLength(0);
    expect(calls).toEqual([]);
  });

  it('stops for good when the session ends or changes hands, and connects again on the next', async () => {
    actions$.next(SessionActions.started({ user }));
    layer.loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    actions$.next(SessionActions.ended({ reason: 'elsewhere' }));
    actions$.next(SessionActions.started({ user }));
    layer.loads[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    actions$.next(SessionActions.changed({ user: { ...user, id: 'u2', orgId: 'org-binh' } }));
    expect(calls.filter((call) => call !== 'forget the early read')).toEqual([
      'start',
      'stop',
      'start',
      'stop',
    ]);
  });

  it('does not connect a session that ended while the layer was loading', async () => {
    actions$.next(SessionActions.started({ user }));
    actions$.next(SessionActions.ended({ reason: 'signed-out' }));
    layer.loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([]);
  });

  it('tries a failed load again, as the hub would reconnect, and reports each failure', async () => {
    actions$.next(SessionActions.started({ user }));
    const offline = new TypeError('Failed to fetch dynamically imported module');
    layer.loads[0]!.reject(offline);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.handleError).toHaveBeenCalledWith(offline);
    await vi.advanceTimersByTimeAsync(localEnvironment.reconnect.maxDelayMs);
    expect(layer.loads).toHaveLength(2);
    layer.loads[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['forget the early read', 'start']);
  });
});
