import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import { NotificationHubActions } from '../realtime/notification-hub.actions';
import { AwayNotifications } from './away-notifications';
import { offerAlbumNews, startAwayNotifications } from './notifications.effects';
import { whenIdle } from './when-idle';

describe('notifications effects: the notifier waits for idle time', () => {
  let started: number;
  let offered: unknown[];
  let injector: Injector;

  beforeEach(() => {
    started = 0;
    offered = [];
    TestBed.configureTestingModule({
      providers: [
        {
          provide: AwayNotifications,
          useFactory: () => {
            started++;
            return { offer: (item: unknown) => offered.push(item) };
          },
        },
      ],
    });
    injector = TestBed.inject(Injector);
  });

  it('starts the notifier only once the browser is idle', () => {
    const idle$ = new Subject<void>();
    startAwayNotifications(injector, idle$).subscribe();
    expect(started).toBe(0);
    idle$.next();
    expect(started).toBe(1);
  });

  it('starts it sooner when news comes first, and offers the news', () => {
    const actions$ = new Subject<Action>();
    offerAlbumNews(actions$ as unknown as Actions, injector).subscribe();
    actions$.next(NotificationHubActions.reconnected({ albumIds: [] }));
    expect(started).toBe(0);
    actions$.next(
      NotificationHubActions.albumSyncFailed({
        event: { albumId: 'a', message: 'Drive said no', timestamp: '2026-12-06T10:00:00Z' },
      }),
    );
    expect(started).toBe(1);
    expect(offered).toHaveLength(1);
  });
});

describe('whenIdle', () => {
  afterEach(() => vi.useRealTimers());

  it('emits once the browser calls back at idle time, and cancels when unsubscribed', () => {
    const callbacks = new Map<number, () => void>();
    const view = {
      requestIdleCallback: (callback: () => void) => {
        callbacks.set(callbacks.size + 1, callback);
        return callbacks.size;
      },
      cancelIdleCallback: (handle: number) => callbacks.delete(handle),
    } as unknown as Window;
    let emitted = 0;
    whenIdle(view).subscribe(() => emitted++);
    expect(emitted).toBe(0);
    callbacks.get(1)!();
    expect(emitted).toBe(1);
    whenIdle(view).subscribe().unsubscribe();
    expect(callbacks.has(2)).toBe(false);
  });

  it('falls back to a timer where requestIdleCallback is missing', () => {
    vi.useFakeTimers();
    let emitted = 0;
    whenIdle({} as Window).subscribe(() => emitted++);
    expect(emitted).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(emitted).toBe(1);
  });
});
