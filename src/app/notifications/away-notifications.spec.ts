import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { PhotoflowApi } from '../api/photoflow-api';
import { HubEventActions } from '../realtime/notification-hub.actions';
import { AwayNotifications, NOTIFIER_PORTS } from './away-notifications';
import { signal } from '@angular/core';
import { RealtimeLayer } from '../realtime/realtime-layer';
import { FakeBus, flush } from './browser-notifier.testing';
import { albumNewsOf } from './notification-rules';
import { NotificationSettings } from './notification-settings';

const syncEnded = (timestamp: string) =>
  albumNewsOf(
    HubEventActions.AlbumStateChanged({
      event: { albumId: 'album-1', oldState: 'Stock', newState: 'Rate', message: '', timestamp },
    }),
  )!;

const pageTransition = (type: 'pagehide' | 'pageshow', persisted: boolean) =>
  window.dispatchEvent(Object.assign(new Event(type), { persisted }));

describe('AwayNotifications', () => {
  const shown: string[] = [];
  const leader = signal(true);

  beforeEach(() => {
    shown.length = 0;
    leader.set(true);
    vi.stubGlobal(
      'Notification',
      class {
        onclick: (() => void) | null = null;
        constructor(title: string) {
          shown.push(title);
        }
        close(): void {
          this.onclick = null;
        }
      },
    );
    const bus = new FakeBus();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: NOTIFIER_PORTS, useValue: { tabId: 'tab-1', openChannel: () => bus.open() } },
        // This tab holds the hub connection: the browser's election chose it.
        {
          provide: RealtimeLayer,
          useValue: { loaded$: of({ isLeader: leader.asReadonly() }) },
        },
        { provide: NotificationSettings, useValue: { isOn: () => true } },
        {
          provide: PhotoflowApi,
          useValue: { getAlbum: () => of({ name: 'Wedding', tags: [] }) },
        },
      ],
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.unstubAllGlobals();
  });

  it('still tells news after the page comes back from the back/forward cache', async () => {
    const notifications = TestBed.inject(AwayNotifications);
    await flush();
    notifications.offer(syncEnded('2026-12-02T04:00:00.000Z'));
    await flush();
    expect(shown).toHaveLength(1);

    pageTransition('pagehide', true);
    pageTransition('pageshow', true);
    await flush();
    notifications.offer(syncEnded('2026-12-02T05:00:00.000Z'));
    await flush();
    expect(shown).toHaveLength(2);
  });

  it('notifies only while this tab holds the hub connection (one election per browser)', async () => {
    leader.set(false);
    const notifications = TestBed.inject(AwayNotifications);
    TestBed.tick();
    await flush();
    notifications.offer(syncEnded('2026-12-02T04:00:00.000Z'));
    await flush();
    expect(shown).toEqual([]); // offered to the notifier, which is another tab

    leader.set(true);
    TestBed.tick();
    notifications.offer(syncEnded('2026-12-02T05:00:00.000Z'));
    await flush();
    expect(shown).toHaveLength(1);
  });
});
