import {
  EnvironmentInjector,
  createEnvironmentInjector,
  signal,
  type Signal,
  type WritableSignal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, vi } from 'vitest';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { PhotoSyncProgress } from '../api/models';
import { AuthService, SESSION_STORAGE_KEY } from '../auth/auth.service';
import type { ConnectionState } from './connection-status';
import { FakeHubConnection, reportedState } from './fake-hub-connection.testing';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import { HUB_CONNECTION_FACTORY, type HubConnectionConfig } from './hub-connection';
import { SignalRService } from './signalr.service';
import { TAB_SHARING } from './tab-sharing';
import { FakeBrowser, type FakeTab } from './tab-sharing.testing';

export const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0, 1000], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: '/auth', clientId: 'client', scope: 'openid' },
};

export const progress = (albumId: string, processedCount: number): PhotoSyncProgress => ({
  albumId,
  albumTagId: `${albumId}-raw`,
  processedCount,
  totalCount: 100,
  albumTagType: 'Raw',
  timestamp: '2026-11-22T10:00:00.000Z',
});

/**
 * Lets the tasks run that are due: lock grants, channel deliveries, the fake network. A
 * timer of 0 ms set while fake timers run is due 1 ms later, hence 1 ms a pass.
 */
export const settle = async () => {
  for (let pass = 0; pass < 50; pass++) await vi.advanceTimersByTimeAsync(1);
};

/**
 * One tab's app: its own injector (as a tab has its own app) on the fake browser's `page`,
 * with the session signed in while `signedIn` says so; each hub connection it makes is added
 * to `connections`.
 */
export function tabInjector(
  page: FakeTab,
  tabEnvironment: PhotoFlowEnvironment,
  connections: FakeHubConnection[],
  signedIn: Signal<boolean> = signal(true),
): EnvironmentInjector {
  return createEnvironmentInjector(
    [
      SignalRService,
      { provide: APP_ENVIRONMENT, useValue: tabEnvironment },
      { provide: TAB_SHARING, useValue: page.ports() },
      {
        provide: AuthService,
        useValue: {
          getAccessToken: () => Promise.resolve('token'),
          accessTokenExpiry: () => null,
          isSignedIn: signedIn,
          currentAccessToken: () => (signedIn() ? 'token' : null),
        },
      },
      {
        provide: HUB_CONNECTION_FACTORY,
        useValue: (config: HubConnectionConfig) => {
          const fake = new FakeHubConnection(config);
          connections.push(fake);
          return fake;
        },
      },
    ],
    TestBed.inject(EnvironmentInjector),
  );
}

/** One tab of the app on the shared fake browser, and what its hub service told it. */
export class Tab {
  readonly hub: SignalRService;
  readonly connections: FakeHubConnection[] = [];
  readonly progress: PhotoSyncProgress[] = [];
  readonly joined: AlbumGroupsJoined[] = [];
  readonly reconnects: (readonly string[])[] = [];
  readonly refusals: JoinRefusal[] = [];
  readonly states: ConnectionState['status'][] = [];
  readonly signedIn: WritableSignal<boolean> = signal(true);
  private readonly injector: EnvironmentInjector;

  constructor(readonly page: FakeTab) {
    this.injector = tabInjector(page, environment, this.connections, this.signedIn);
    this.hub = this.injector.get(SignalRService);
    this.hub.getPhotoSyncProgress$().subscribe((event) => this.progress.push(event));
    this.hub.albumGroupsJoined$.subscribe((round) => this.joined.push(round));
    this.hub.reconnected$.subscribe((albumIds) => this.reconnects.push(albumIds));
    this.hub.joinRefused$.subscribe((refusal) => this.refusals.push(refusal));
    this.hub.connectionState$.subscribe((state) => this.states.push(state.status));
  }

  get connection(): FakeHubConnection | undefined {
    return this.connections.at(-1);
  }

  get status(): string {
    return reportedState(this.hub).status;
  }

  /** Closed by the user: Angular is torn down (the service stops), then the page goes. */
  close(): void {
    this.page.fire('pagehide');
    this.injector.destroy();
    this.page.crash();
  }
}

/** The tabs of one fake browser, and what the tests ask of them. */
export interface BrowserTabs {
  /** A test may replace it (with other options) before it opens a tab. */
  browser: FakeBrowser;
  readonly tabs: Tab[];
  /** Opens `count` more tabs, and returns all the tabs opened so far. */
  open(count: number): Tab[];
  /** The live tabs that lead. */
  leaders(): Tab[];
  /** The albums of every `method` call on the connections `tab` made. */
  groupCalls(tab: Tab, method: string): string[];
}

/**
 * Registers a fresh fake browser, a signed-in session and fake timers for each test of the
 * enclosing describe block, closing the tabs it left open; returns the tabs' accessors.
 */
export function browserTabs(): BrowserTabs {
  let tabs: Tab[] = [];
  const bed: BrowserTabs = {
    browser: undefined as never,
    get tabs() {
      return tabs;
    },
    open: (count) => {
      for (let i = 0; i < count; i++) {
        tabs.push(new Tab(bed.browser.tab(`tab-${tabs.length + 1}`)));
      }
      return tabs;
    },
    leaders: () => tabs.filter((tab) => !tab.page.gone && tab.hub.isLeader()),
    groupCalls: (tab, method) =>
      tab.connections.flatMap((connection) =>
        connection.invocations.filter((call) => call.method === method).map((call) => call.albumId),
      ),
  };

  beforeEach(() => {
    vi.useFakeTimers();
    bed.browser = new FakeBrowser();
    tabs = [];
    localStorage.setItem(SESSION_STORAGE_KEY, '{}');
  });

  afterEach(() => {
    for (const tab of tabs) if (!tab.page.gone) tab.close();
    TestBed.resetTestingModule();
    localStorage.removeItem(SESSION_STORAGE_KEY);
    vi.useRealTimers();
  });

  return bed;
}
