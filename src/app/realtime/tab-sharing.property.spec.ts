import { EnvironmentInjector, createEnvironmentInjector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { AuthService } from '../auth/auth.service';
import { FakeHubConnection, reportedState } from './fake-hub-connection.testing';
import { HUB_CONNECTION_FACTORY, type HubConnectionConfig } from './hub-connection';
import { SignalRService } from './signalr.service';
import { casesPerSeed, checkProperty } from '../property-runs.testing';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS, TAB_SHARING } from './tab-sharing';
import { FakeBrowser, type FakeTab } from './tab-sharing.testing';

// Tabs opening, closing, crashing, freezing and resuming, going into the back/forward
// cache and back, hanging (so that a visible follower steals the lead) and waking,
// showing and hiding albums, and connections dropping, in every order, with a steal's
// AbortError reaching the old leader before or after the new leader's messages (the
// browser does not order them): afterwards one live tab leads (the hub's and the system
// notifier's one election), one connection is up, its groups are the union of what the
// live tabs show, every tab is connected, and an event reaches exactly the tabs that show
// its album.

/**
 * Fresh seeds failed after 334 and 708 cases (issue 23) before the fake browser delivered
 * one tab's messages in order; 2,000 leaves room to find their like (about 30 s).
 * `npm run test:explore` tries fresh seeds for longer.
 */
const NUM_RUNS = casesPerSeed('FC_TAB_RUNS', 2000);
const ALBUMS = ['a', 'b', 'c', 'd'];

const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: '/auth', clientId: 'client', scope: 'openid' },
};

type Step =
  | { kind: 'open' }
  | { kind: 'close' | 'crash' | 'freeze' | 'resume' | 'bfcache' | 'hang' | 'wake'; tab: number }
  | { kind: 'stall' }
  | { kind: 'show' | 'hide'; tab: number; album: number }
  | { kind: 'drop' }
  | { kind: 'wait'; ms: number };

const tabIndex = fc.nat({ max: 7 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('freeze' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resume' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bfcache' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hang' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wake' as const), tab: tabIndex }) },
  // Long enough for a visible follower to find a hung leader and steal its lock.
  { weight: 1, arbitrary: fc.constant({ kind: 'stall' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('show' as const, 'hide' as const),
      tab: tabIndex,
      album: fc.nat({ max: ALBUMS.length - 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.nat({ max: 30 }) }),
  },
);

/**
 * Counterexamples fresh seeds found (FC_TAB_RUNS=2000), shrunk; run first on every CI. The
 * first two were the fake browser's: a follower's `wants` overtaken by its next one (see
 * tab-sharing.testing.spec.ts, which fails without that fix). Alone they pass either way:
 * the overtaking needed the fake timers' state a long run leaves.
 * The hang → stall → open ones were the product's, and fail alone without its fix: a woken
 * hung leader answered what queued up for it (as leader: the steal's AbortError had not
 * reached it), and the tab that stole its lock stepped down on hearing that stale `leader`;
 * each stale message deposed the next leader, and the lead went round the tabs for ever.
 */
const hung = (tab: number): Step => ({ kind: 'hang', tab });
const COUNTEREXAMPLES: [Step[], number][] = [
  // seeds 1086862367 and 650769153, after the fix above; the fake's: the steal's AbortError
  // ran in a tab hung before its lock callback ran (a hung tab runs nothing; see
  // tab-sharing.testing.spec.ts), which, not yet leader, left the line; the callback, run
  // when it woke, then made it leader beside the thief. Alone they fail without that fix.
  [
    [
      hung(0),
      { kind: 'wait', ms: 2 },
      { kind: 'open' },
      { kind: 'wait', ms: 1 },
      { kind: 'stall' },
      { kind: 'show', tab: 0, album: 0 },
    ],
    0,
  ],
  [
    [
      hung(0),
      { kind: 'wait', ms: 2 },
      { kind: 'show', tab: 0, album: 0 },
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'wait', ms: 1 },
      { kind: 'bfcache', tab: 0 },
      { kind: 'crash', tab: 3 },
    ],
    0,
  ],
  // seed 323943326
  [[{ kind: 'wait', ms: 1 }, { kind: 'open' }, hung(0), { kind: 'stall' }, { kind: 'open' }], 0],
  // seed 1961871586
  [[{ kind: 'wait', ms: 1 }, hung(0), { kind: 'open' }, { kind: 'stall' }, { kind: 'open' }], 0],
  // seed 1951078494
  [[hung(0), { kind: 'wait', ms: 2 }, { kind: 'open' }, { kind: 'stall' }, { kind: 'open' }], 0],
  // seed 451193613
  [
    [
      { kind: 'wait', ms: 1 },
      { kind: 'open' },
      hung(0),
      { kind: 'stall' },
      { kind: 'open' },
      { kind: 'wake', tab: 0 },
    ],
    0,
  ],
  // seed 818056646
  [
    [
      { kind: 'wait', ms: 1 },
      { kind: 'open' },
      hung(0),
      { kind: 'stall' },
      { kind: 'open' },
      { kind: 'close', tab: 1 },
    ],
    0,
  ],
  // seed 534656460
  [
    [
      hung(0),
      { kind: 'wait', ms: 2 },
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'open' },
      { kind: 'drop' },
    ],
    0,
  ],
  // seed 1263072934, after 334 cases
  [[{ kind: 'open' }, { kind: 'wait', ms: 1 }, { kind: 'show', tab: 7, album: 0 }], 0],
  // seed 1263082673, after 708 cases
  [
    [
      { kind: 'open' },
      { kind: 'wait', ms: 1 },
      { kind: 'show', tab: 3, album: 0 },
      { kind: 'drop' },
    ],
    0,
  ],
  // seeds 725463480, 112284398 and 1648656112: the product's. A follower told goodbye by
  // its leader forgets its joins; when the leader it took next still held its wants,
  // unchanged, the wants named no album as new, and the shown album stayed unjoined for
  // good. The wants after a goodbye are `fresh` now: the leader names every joined album
  // again. Alone these pass either way (they need a long run's timers); the plain case,
  // a leader back from the back/forward cache, is in tab-sharing.spec.ts and fails
  // without the fix.
  [
    [
      { kind: 'show', tab: 0, album: 0 },
      { kind: 'open' },
      { kind: 'wait', ms: 2 },
      hung(0),
      hung(3),
      { kind: 'open' },
      { kind: 'stall' },
    ],
    2,
  ],
  [
    [
      { kind: 'wait', ms: 1 },
      hung(0),
      { kind: 'open' },
      { kind: 'show', tab: 1, album: 0 },
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'wait', ms: 3 },
    ],
    0,
  ],
  [
    [
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'open' },
      hung(0),
      { kind: 'stall' },
      { kind: 'show', tab: 5, album: 0 },
      { kind: 'wait', ms: 1 },
    ],
    0,
  ],
];

class Tab {
  readonly hub: SignalRService;
  readonly connections: FakeHubConnection[] = [];
  readonly received: string[] = [];
  /** Albums shown, with how many views show each (as the following effect asks). */
  readonly views = new Map<string, number>();
  /** In the back/forward cache: pagehide (persisted), then frozen until restored. */
  cached = false;
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
            isSignedIn: signal(true),
            currentAccessToken: () => 'token',
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
    this.hub.getAlbumSyncStarted$().subscribe((event) => this.received.push(event.albumId));
    this.hub.start();
  }

  /** Back from the back/forward cache, or from a freeze. */
  restore(): void {
    if (!this.page.frozen) return;
    this.page.resume();
    if (this.cached) this.page.fire('pageshow', { persisted: true });
    this.cached = false;
  }

  /** The test is over: whatever this tab's app left running stops. */
  dispose(): void {
    this.page.gone = true;
    if (!this.injector.destroyed) this.injector.destroy();
  }

  close(): void {
    this.page.fire('pagehide');
    this.injector.destroy();
    this.page.crash();
  }
}

const settle = async (ms = 50) => {
  for (let pass = 0; pass < ms; pass++) await vi.advanceTimersByTimeAsync(1);
};

describe('tabs sharing one connection, under every order of tab events (property)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  it('ends with one leader joined to the union of the live tabs, and events reaching exactly the tabs that show their album', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.nat({ max: 40 }),
        async (steps, stealAbortDelayMs) => {
          const browser = new FakeBrowser({ stealAbortDelayMs });
          const tabs: Tab[] = [new Tab(browser.tab('tab-0'))];
          const live = () => tabs.filter((tab) => !tab.page.gone);
          const pick = (index: number) => {
            const alive = live();
            return alive.length ? alive[index % alive.length] : undefined;
          };
          try {
            for (const s of steps) {
              const tab = 'tab' in s ? pick(s.tab) : undefined;
              switch (s.kind) {
                case 'open':
                  tabs.push(new Tab(browser.tab(`tab-${tabs.length}`)));
                  break;
                case 'close':
                  tab?.close();
                  break;
                case 'crash':
                  tab?.page.crash();
                  break;
                case 'freeze':
                  if (tab && !tab.page.frozen) tab.page.freeze();
                  break;
                case 'resume':
                  tab?.restore();
                  break;
                case 'bfcache':
                  if (!tab || tab.page.frozen) break;
                  tab.page.fire('pagehide', { persisted: true });
                  tab.page.freeze();
                  tab.cached = true;
                  break;
                case 'hang':
                  if (tab) tab.page.hung = true;
                  break;
                case 'wake':
                  tab?.page.wake();
                  break;
                case 'stall':
                  await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS);
                  break;
                case 'show': {
                  if (!tab || tab.page.frozen) break;
                  const album = ALBUMS[s.album]!;
                  tab.views.set(album, (tab.views.get(album) ?? 0) + 1);
                  tab.hub.joinAlbumGroup(album);
                  break;
                }
                case 'hide': {
                  if (!tab || tab.page.frozen) break;
                  const album = ALBUMS[s.album]!;
                  const count = tab.views.get(album) ?? 0;
                  if (count === 0) break;
                  if (count === 1) tab.views.delete(album);
                  else tab.views.set(album, count - 1);
                  tab.hub.leaveAlbumGroup(album);
                  break;
                }
                case 'drop': {
                  const leader = live().find((each) => each.hub.isLeader());
                  const connection = leader?.connections.at(-1);
                  if (connection?.state === 'Connected') void connection.dropAndReconnect();
                  break;
                }
                case 'wait':
                  await settle(s.ms);
                  break;
              }
            }
            // Every hung tab wakes and every frozen or cached one comes back; then the browser
            // and the connection settle.
            for (const tab of live()) tab.page.wake();
            for (const tab of live()) tab.restore();
            await settle(200);
            if (live().length === 0) return;

            const leaders = live().filter((tab) => tab.hub.isLeader());
            expect(leaders).toHaveLength(1);
            const leader = leaders[0]!;
            const connection = leader.connections.at(-1)!;
            expect(connection.state).toBe('Connected');
            const up = live().flatMap((tab) =>
              tab.connections.filter((each) => each.state !== 'Disconnected'),
            );
            expect(up).toEqual([connection]);
            const union = new Set(live().flatMap((tab) => [...tab.views.keys()]));
            // The groups the leader's connection has joined (its owned link's, which the fake
            // connection's server accepts every join of).
            const owned = (leader.hub as unknown as { owned: { joinedAlbumIds(): string[] } })
              .owned;
            expect(new Set(owned.joinedAlbumIds())).toEqual(union);
            for (const tab of live()) {
              expect(reportedState(tab.hub).status).toBe('Connected');
              expect(new Set(tab.hub.stats().joinedGroups)).toEqual(new Set(tab.views.keys()));
              tab.received.length = 0;
            }
            for (const album of ALBUMS) {
              connection.emit('AlbumSyncStarted', {
                albumId: album,
                message: 'started',
                timestamp: '2026-11-22T10:00:00.000Z',
              });
            }
            await settle(10);
            for (const tab of live()) {
              expect(tab.received.sort()).toEqual([...tab.views.keys()].sort());
            }
          } finally {
            for (const tab of live()) tab.close();
            // A crashed tab's app was never torn down: its timers would run on into later cases.
            for (const tab of tabs) tab.dispose();
            vi.clearAllTimers();
          }
        },
      ),
      {
        name: 'tab-sharing',
        numRuns: NUM_RUNS,
        examples: COUNTEREXAMPLES,
        replay: (seed) =>
          `FC_SEED=${seed} FC_TAB_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/realtime/tab-sharing.property.spec.ts`,
      },
    );
  }, 86_400_000);
});
