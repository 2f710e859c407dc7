import {
  EnvironmentInjector,
  createEnvironmentInjector,
  signal,
  type WritableSignal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { PhotoSyncProgress } from '../api/models';
import { AuthService, SESSION_STORAGE_KEY } from '../auth/auth.service';
import type { ConnectionState } from './connection-status';
import { FakeHubConnection, reportedState } from './fake-hub-connection.testing';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import { HUB_CONNECTION_FACTORY, type HubConnectionConfig } from './hub-connection';
import { SignalRService } from './signalr.service';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS, TAB_SHARING } from './tab-sharing';
import { FakeBrowser, type FakeTab } from './tab-sharing.testing';

const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0, 1000], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: '/auth', clientId: 'client', scope: 'openid' },
};

const progress = (albumId: string, processedCount: number): PhotoSyncProgress => ({
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
const settle = async () => {
  for (let pass = 0; pass < 50; pass++) await vi.advanceTimersByTimeAsync(1);
};

/** One tab of the app: its own injector (as a tab has its own app), on the shared fake browser. */
class Tab {
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
    this.injector = createEnvironmentInjector(
      [
        SignalRService,
        { provide: APP_ENVIRONMENT, useValue: environment },
        { provide: TAB_SHARING, useValue: page.ports() },
        {
          provide: AuthService,
          useValue: {
            getAccessToken: () => Promise.resolve('token'),
            accessTokenExpiry: () => null,
            isSignedIn: this.signedIn,
            currentAccessToken: () => (this.signedIn() ? 'token' : null),
          },
        },
        {
          provide: HUB_CONNECTION_FACTORY,
          useValue: (config: HubConnectionConfig) => {
            const fake = new FakeHubConnection(config);
            this.connections.push(fake);
            return fake;
          },
        },
      ],
      TestBed.inject(EnvironmentInjector),
    );
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

describe('one hub connection shared by the tabs of a browser', () => {
  let browser: FakeBrowser;
  let tabs: Tab[];

  const open = (count: number) => {
    for (let i = 0; i < count; i++) tabs.push(new Tab(browser.tab(`tab-${tabs.length + 1}`)));
    return tabs;
  };
  const leaders = () => tabs.filter((tab) => !tab.page.gone && tab.hub.isLeader());
  const groupCalls = (tab: Tab, method: string) =>
    tab.connections.flatMap((connection) =>
      connection.invocations.filter((call) => call.method === method).map((call) => call.albumId),
    );

  beforeEach(() => {
    vi.useFakeTimers();
    browser = new FakeBrowser();
    tabs = [];
    localStorage.setItem(SESSION_STORAGE_KEY, '{}');
  });

  afterEach(() => {
    for (const tab of tabs) if (!tab.page.gone) tab.close();
    TestBed.resetTestingModule();
    localStorage.removeItem(SESSION_STORAGE_KEY);
    vi.useRealTimers();
  });

  it('elects one leader: one connection for three tabs, every tab connected', async () => {
    const [a, b, c] = open(3);
    for (const tab of tabs) tab.hub.start();
    await settle();

    expect(leaders()).toEqual([a]);
    expect(a!.connections).toHaveLength(1);
    expect(a!.connection!.starts).toBe(1);
    expect(b!.connections).toHaveLength(0);
    expect(c!.connections).toHaveLength(0);
    for (const tab of tabs) expect(tab.status).toBe('Connected');
  });

  it("joins the union of the tabs' albums once each, and relays each event only to the tabs that show its album", async () => {
    const [a, b, c] = open(3);
    a!.hub.joinAlbumGroup('album-1');
    b!.hub.joinAlbumGroup('album-2');
    c!.hub.joinAlbumGroup('album-3');
    c!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();

    expect(groupCalls(a!, 'JoinAlbumGroup').sort()).toEqual(['album-1', 'album-2', 'album-3']);
    expect(b!.joined.flatMap((round) => round.albumIds)).toEqual(['album-2']);
    expect(c!.joined.flatMap((round) => round.albumIds).sort()).toEqual(['album-2', 'album-3']);

    a!.connection!.emit('PhotoSyncProgress', progress('album-2', 50));
    a!.connection!.emit('PhotoSyncProgress', progress('album-3', 60));
    a!.connection!.emit('PhotoSyncProgress', progress('album-1', 70));
    await settle();
    expect(a!.progress.map((event) => event.albumId)).toEqual(['album-1']);
    expect(b!.progress.map((event) => event.albumId)).toEqual(['album-2']);
    expect(c!.progress.map((event) => [event.albumId, event.processedCount])).toEqual([
      ['album-2', 50],
      ['album-3', 60],
    ]);
    // All of one network read travel in one message.
    expect(
      browser.posted.filter((message) => (message as { kind: string }).kind === 'events'),
    ).toHaveLength(1);
  });

  it('checks every message from other tabs: a malformed one, or a bad hub event in a relay, is dropped and counted', async () => {
    const [a, b] = open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();
    const rogue = browser.tab('rogue');
    const channel = rogue.ports().openChannel('photoflow.hub', () => undefined);
    channel.postMessage({
      kind: 'events',
      tabId: 'tab-1',
      events: [
        { name: 'PhotoSyncProgress', payload: { ...progress('album-2', 10), processedCount: 500 } },
        { name: 'NoSuchEvent', payload: {} },
        { name: 'PhotoSyncProgress', payload: progress('album-2', 20) },
      ],
    });
    channel.postMessage({ kind: 'state', tabId: 'tab-1', state: { status: 'Exploded' } });
    channel.postMessage('not even an object');
    await settle();

    expect(b!.progress.map((event) => event.processedCount)).toEqual([20]);
    expect(b!.hub.droppedEventCount()).toBe(4);
    expect(b!.status).toBe('Connected');
    expect(a!.hub.isLeader()).toBe(true);
  });

  it('ref-counts albums across tabs: leaves a group only when no tab shows it, and tells a late tab it is joined', async () => {
    const [a, b, c] = open(3);
    for (const tab of tabs) tab.hub.start();
    await settle();
    b!.hub.joinAlbumGroup('album-2');
    await settle();
    c!.hub.joinAlbumGroup('album-2');
    await settle();
    expect(groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-2']);
    // No second join: C is told the group is joined, and re-fetches (its snapshot raced it).
    expect(c!.joined).toEqual([{ albumIds: ['album-2'], reconnect: false }]);

    b!.hub.leaveAlbumGroup('album-2');
    await settle();
    expect(groupCalls(a!, 'LeaveAlbumGroup')).toEqual([]);
    c!.hub.leaveAlbumGroup('album-2');
    await settle();
    expect(groupCalls(a!, 'LeaveAlbumGroup')).toEqual(['album-2']);
  });

  it("drops a crashed follower's albums: its lock frees, the leader leaves its groups", async () => {
    const [a, , c] = open(3);
    c!.hub.joinAlbumGroup('album-3');
    for (const tab of tabs) tab.hub.start();
    await settle();
    expect(groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-3']);

    c!.page.crash(); // no pagehide, no goodbye
    await settle();
    expect(groupCalls(a!, 'LeaveAlbumGroup')).toEqual(['album-3']);
  });

  it('hands over when the leader vanishes mid-join: the next tab connects, joins the union, and every tab re-fetches', async () => {
    const [a, b, c] = open(3);
    a!.hub.joinAlbumGroup('album-1');
    b!.hub.joinAlbumGroup('album-2');
    c!.hub.joinAlbumGroup('album-3');
    for (const tab of tabs) tab.hub.start();
    await settle();
    b!.hub.joinAlbumGroup('album-4');
    a!.connection!.answer = () => new Promise(() => undefined); // the join's answer never comes
    await settle();
    expect(groupCalls(a!, 'JoinAlbumGroup')).toContain('album-4');

    a!.page.crash();
    await settle();

    expect(leaders()).toEqual([b]);
    expect(b!.connections).toHaveLength(1);
    expect(groupCalls(b!, 'JoinAlbumGroup').sort()).toEqual(['album-2', 'album-3', 'album-4']);
    // Announced as a reconnect in every tab: each re-fetches what it shows.
    expect(b!.reconnects.length).toBeGreaterThan(0);
    expect(c!.reconnects.length).toBeGreaterThan(0);
    expect(b!.joined.flatMap((round) => round.albumIds)).toEqual(
      expect.arrayContaining(['album-2', 'album-4']),
    );
    expect(c!.joined.flatMap((round) => round.albumIds)).toContain('album-3');
    expect(b!.status).toBe('Connected');
    expect(c!.status).toBe('Connected');
    b!.connection!.emit('PhotoSyncProgress', progress('album-3', 10));
    await settle();
    expect(c!.progress.map((event) => event.processedCount)).toEqual([10]);
  });

  it('a leader closed by the user says goodbye: followers show "Reconnecting" until the next one is connected', async () => {
    const [a, b] = open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();
    a!.close();
    await settle();
    expect(b!.states).toContain('Reconnecting');
    expect(b!.hub.isLeader()).toBe(true);
    expect(b!.status).toBe('Connected');
    expect(b!.reconnects).toEqual([['album-2']]);
  });

  it('a leader back from the back/forward cache takes its goodbye back: followers follow it again', async () => {
    const [a, b] = open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();
    a!.page.fire('pagehide', { persisted: true });
    await settle();
    expect(b!.status).toBe('Reconnecting');
    expect(b!.hub.isAlbumJoined('album-2')).toBe(false);
    const joinedBefore = b!.joined.length;
    a!.page.fire('pageshow', { persisted: true });
    await settle();
    expect(b!.status).toBe('Connected');
    // The goodbye made b forget its joins; the same leader, which kept b's wants, names
    // them again (no new join is made: the group never left), so b's views re-read.
    expect(b!.hub.isAlbumJoined('album-2')).toBe(true);
    expect(b!.joined.slice(joinedBefore)).toEqual([{ albumIds: ['album-2'], reconnect: false }]);
    expect(groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-2']);
    a!.connection!.emit('PhotoSyncProgress', progress('album-2', 40));
    await settle();
    expect(b!.progress.map((event) => event.processedCount)).toEqual([40]);
    expect(leaders()).toEqual([a]);
  });

  it('sign-out in a follower stops the shared connection, and no tab connects again', async () => {
    const [a, b] = open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();
    const connection = a!.connection!;

    localStorage.removeItem(SESSION_STORAGE_KEY);
    b!.signedIn.set(false);
    void b!.hub.stop(); // the follower's session effects; the leader has not heard yet
    await settle();
    expect(connection.state).toBe('Disconnected');
    expect(a!.status).toBe('Disconnected');

    a!.signedIn.set(false);
    void a!.hub.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.starts).toBe(1);
    expect(b!.connections).toHaveLength(0);
  });

  it('a leader that is frozen hands the connection on, and follows when it resumes', async () => {
    const [a, b] = open(2);
    a!.hub.joinAlbumGroup('album-1');
    for (const tab of tabs) tab.hub.start();
    await settle();
    a!.page.freeze();
    await settle();
    expect(a!.connection!.state).toBe('Disconnected');
    expect(leaders()).toEqual([b]);
    expect(b!.connection!.state).toBe('Connected');
    // A frozen tab shows nothing new: its albums wait until it resumes.
    expect(groupCalls(b!, 'JoinAlbumGroup')).toEqual([]);

    a!.page.resume();
    await settle();
    expect(leaders()).toEqual([b]);
    expect(groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-1']);
    expect(a!.status).toBe('Connected');
    expect(a!.joined.at(-1)).toEqual({ albumIds: ['album-1'], reconnect: false });
    b!.connection!.emit('PhotoSyncProgress', progress('album-1', 30));
    await settle();
    expect(a!.progress.map((event) => event.processedCount)).toEqual([30]);
  });

  it('a visible follower takes the lead from a leader that stopped answering (hung, no freeze event)', async () => {
    const [a, b] = open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of tabs) tab.hub.start();
    await settle();
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS + 100);
    await settle();
    expect(b!.hub.isLeader()).toBe(true);
    expect(b!.connection!.state).toBe('Connected');
    expect(groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-2']);
    // A hung tab runs nothing: it hears of the steal when its long task ends, and steps down.
    a!.page.wake();
    await settle();
    expect(a!.hub.isLeader()).toBe(false);
    expect(a!.connection!.state).not.toBe('Connected');
    expect(leaders()).toEqual([b]);
  });

  it("a leader whose lock is stolen, hearing the new leader before its lock's AbortError, tells it what it shows", async () => {
    browser = new FakeBrowser({ stealAbortDelayMs: 100 });
    const [a, b] = open(2);
    a!.hub.joinAlbumGroup('album-1');
    for (const tab of tabs) tab.hub.start();
    await settle();
    expect(groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-1']);
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS + 10);
    expect(b!.hub.isLeader()).toBe(true);
    // The long task ends: the new leader's `leader` message runs before the AbortError.
    a!.page.wake();
    await settle();
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(leaders()).toEqual([b]);
    expect(groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-1']);
    b!.connection!.emit('PhotoSyncProgress', progress('album-1', 30));
    await settle();
    expect(a!.progress.map((event) => event.processedCount)).toContain(30);
  });

  it('a tab showing an album while the election is under way has it joined', async () => {
    const [, b] = open(2);
    for (const tab of tabs) tab.hub.start();
    await vi.advanceTimersByTimeAsync(1);
    b!.hub.joinAlbumGroup('album-1');
    await settle();
    const leader = leaders()[0]!;
    expect(groupCalls(leader, 'JoinAlbumGroup')).toEqual(['album-1']);
    expect(b!.hub.stats().joinedGroups).toEqual(['album-1']);
    expect(b!.joined.flatMap((round) => round.albumIds)).toContain('album-1');
  });

  it('a throttled but live leader answers in time: no takeover', async () => {
    const [a, b] = open(2);
    for (const tab of tabs) tab.hub.start();
    await settle();
    a!.page.visible = false;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS * 5);
    await settle();
    expect(leaders()).toEqual([a]);
    expect(b!.connections).toHaveLength(0);
  });
});

describe('TAB_SHARING', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('is off when the environment turns sharing off, or the browser lacks Web Locks', () => {
    TestBed.configureTestingModule({
      providers: [
        { provide: APP_ENVIRONMENT, useValue: { ...environment, shareHubAcrossTabs: false } },
      ],
    });
    expect(TestBed.inject(TAB_SHARING)).toBeNull();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [{ provide: APP_ENVIRONMENT, useValue: environment }],
    });
    // jsdom has BroadcastChannel's global but no navigator.locks: each tab on its own.
    expect(TestBed.inject(TAB_SHARING)).toBeNull();
  });
});
