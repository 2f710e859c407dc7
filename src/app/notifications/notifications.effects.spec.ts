import { TestBed } from '@angular/core/testing';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject } from 'rxjs';
import { HubEventActions, NotificationHubActions } from '../realtime/notification-hub.actions';
import { RealtimeLayer } from '../realtime/realtime-layer';
import { AwayNotifications } from './away-notifications';
import { loadAwayNotifications } from './load-away-notifications';
import { offerAlbumNews, startAwayNotifications } from './notifications.effects';
import { IDLE_TIMEOUT_MS, whenIdle, whenPainted } from './when-idle';

describe('notifications effects: the notifier waits for idle time', () => {
  let loads: number;
  let offered: unknown[];
  const notifier = { offer: (item: unknown) => offered.push(item) } as unknown as AwayNotifications;
  const load = () => {
    loads++;
    return Promise.resolve(notifier);
  };
  const syncFailed = (albumId: string) =>
    HubEventActions.AlbumSyncError({
      event: { albumId, message: 'Drive said no', timestamp: '2026-12-06T10:00:00Z' },
    });

  beforeEach(() => {
    loads = 0;
    offered = [];
  });

  it('starts the notifier only once the browser is idle', () => {
    const idle$ = new Subject<void>();
    startAwayNotifications(load, idle$).subscribe();
    expect(loads).toBe(0);
    idle$.next();
    expect(loads).toBe(1);
  });

  it("waits for the realtime layer (the session's hub), then for idle time, and starts once", () => {
    vi.useFakeTimers();
    const loaded$ = new Subject<unknown>();
    TestBed.configureTestingModule({
      providers: [{ provide: RealtimeLayer, useValue: { loaded$ } }],
    });
    try {
      TestBed.runInInjectionContext(() => startAwayNotifications(load)).subscribe();
      vi.advanceTimersByTime(10 * IDLE_TIMEOUT_MS);
      expect(loads, 'no hub yet: the list holds it, or nobody is signed in').toBe(0);
      loaded$.next({});
      loaded$.next({});
      vi.advanceTimersByTime(IDLE_TIMEOUT_MS);
      expect(loads).toBe(1);
    } finally {
      vi.useRealTimers();
      TestBed.resetTestingModule();
    }
  });

  it('starts it sooner when news comes first, and offers the news in order', async () => {
    const actions$ = new Subject<Action>();
    offerAlbumNews(actions$ as unknown as Actions, load).subscribe();
    actions$.next(NotificationHubActions.reconnected({ albumIds: [] }));
    expect(loads).toBe(0);
    actions$.next(syncFailed('a'));
    actions$.next(syncFailed('b'));
    await vi.waitFor(() => expect(offered).toHaveLength(2), { timeout: 10_000 });
    expect(offered.map((item) => (item as { albumId: string }).albumId)).toEqual(['a', 'b']);
  });

  it("loads the root's notifier, not a copy", async () => {
    TestBed.configureTestingModule({
      providers: [{ provide: AwayNotifications, useValue: notifier }],
    });
    const loadNotifier = TestBed.runInInjectionContext(() => loadAwayNotifications());
    expect(await loadNotifier()).toBe(notifier);
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

describe('whenPainted', () => {
  afterEach(() => vi.useRealTimers());

  /** A browser that reports paints: the test says when the first contentful one comes. */
  function paintingView() {
    let report: ((names: string[]) => void) | null = null;
    let disconnected = false;
    class FakeObserver {
      static readonly supportedEntryTypes = ['paint'];
      constructor(private readonly callback: (entries: PerformanceObserverEntryList) => void) {}
      observe() {
        report = (names) =>
          this.callback({
            getEntriesByName: (name: string) => names.filter((entry) => entry === name),
          } as unknown as PerformanceObserverEntryList);
      }
      disconnect() {
        disconnected = true;
      }
    }
    const view = { PerformanceObserver: FakeObserver } as unknown as Window;
    return {
      view,
      paint: (...names: string[]) => report!(names),
      disconnected: () => disconnected,
    };
  }

  it('waits for the first contentful paint, not any paint', () => {
    vi.useFakeTimers();
    const browser = paintingView();
    let emitted = 0;
    whenPainted(browser.view).subscribe(() => emitted++);
    browser.paint('first-paint');
    expect(emitted).toBe(0);
    browser.paint('first-contentful-paint');
    expect(emitted).toBe(1);
    expect(browser.disconnected()).toBe(true);
  });

  it('goes on without it in a tab that does not paint (opened in the background)', () => {
    vi.useFakeTimers();
    let emitted = 0;
    whenPainted(paintingView().view).subscribe(() => emitted++);
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - 1);
    expect(emitted).toBe(0);
    vi.advanceTimersByTime(1);
    expect(emitted).toBe(1);
  });

  it('the idle-time start waits for it', () => {
    const browser = paintingView();
    const idle: (() => void)[] = [];
    const view = Object.assign(browser.view, {
      requestIdleCallback: (callback: () => void) => idle.push(callback),
      cancelIdleCallback: () => undefined,
    });
    whenIdle(view).subscribe();
    expect(idle).toHaveLength(0);
    browser.paint('first-contentful-paint');
    expect(idle).toHaveLength(1);
  });
});
