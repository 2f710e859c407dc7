import type { EnvironmentInjector } from '@angular/core';
import fc from 'fast-check';
import { vi } from 'vitest';
import type { PhotoFlowEnvironment } from '../../../environments/environment.model';
import { FakeHubConnection } from './fake-hub-connection.testing';
import { SignalRService } from './signalr.service';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS } from './tab-sharing';
import { LEADER_LOCK, tabLockName } from './tab-leadership';
import { FakeBrowser, type FakeTab } from './tab-sharing.testing';
import { tabInjector } from './tab-sharing.tabs.testing';

// The model of the tab-sharing property tests (tab-sharing.property.spec.ts,
// tab-sharing.reconnect.property.spec.ts): the steps they draw, the counterexamples run
// first, a tab of the app, and the browser whose tabs the steps drive.

export const ALBUMS = ['a', 'b', 'c', 'd'];

const environment: PhotoFlowEnvironment = {
  name: 'development',
  production: false,
  apiBaseUrl: '/api/v1',
  hubUrl: '/hubs/notification',
  reconnect: { fastDelaysMs: [0], jitter: 0, fastPhaseMs: 60_000, maxDelayMs: 30_000 },
  oauth: { authorizeUrl: '/auth', clientId: 'client', scope: 'openid' },
};

export type Step =
  | { kind: 'open' }
  | { kind: 'close' | 'crash' | 'freeze' | 'resume' | 'bfcache' | 'hang' | 'wake'; tab: number }
  | { kind: 'stall' }
  | { kind: 'show' | 'hide'; tab: number; album: number }
  | { kind: 'drop' }
  | { kind: 'wait'; ms: number };

export const tabIndex = fc.nat({ max: 7 });
/** A view of an album shown or hidden in a tab. */
export const showOrHide: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('show' as const, 'hide' as const),
  tab: tabIndex,
  album: fc.nat({ max: ALBUMS.length - 1 }),
});
/** Per tab (2 to `maxTabs`), the albums it shows (indexes into {@link ALBUMS}). */
export const shownPerTab = (maxTabs: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.uniqueArray(fc.nat({ max: ALBUMS.length - 1 }), { maxLength: 2 }), {
    minLength: 2,
    maxLength: maxTabs,
  });
export const step: fc.Arbitrary<Step> = fc.oneof(
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
  { weight: 4, arbitrary: showOrHide },
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
export const COUNTEREXAMPLES: [Step[], number][] = [
  // seed 1018378399 (issue 20), after 180 cases: a follower followed a woken former leader's
  // stale `leader`, ignored its successor's round joining its album, then told the
  // successor its wants unchanged: the album stayed unjoined in it (see
  // tab-sharing.reconnect.property.spec.ts, seed 795513400). Fails alone without the fix
  // (first `fresh` wants on every change of leader, now the lead term: the stale `leader`
  // is under an earlier lead, dropped).
  [
    [
      hung(0),
      { kind: 'wait', ms: 2 },
      { kind: 'open' },
      { kind: 'open' },
      { kind: 'show', tab: 4, album: 0 },
      { kind: 'stall' },
      { kind: 'wait', ms: 8 },
      { kind: 'wait', ms: 28 },
    ],
    37,
  ],
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
  // a leader back from the back/forward cache, is in tab-sharing.handover.spec.ts and fails
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

let moments = 0;
/** A moment of the whole browser, later than every moment before it (rounds and drops are ordered by it). */
export const moment = () => ++moments;

export class Tab {
  readonly hub: SignalRService;
  readonly connections: FakeHubConnection[] = [];
  readonly received: string[] = [];
  /** Each round of joins this tab's service told its stores of (they re-fetch its albums), and when. */
  readonly rounds: { readonly at: number; readonly albumIds: readonly string[] }[] = [];
  /** Albums shown, with how many views show each (as the following effect asks). */
  readonly views = new Map<string, number>();
  /** In the back/forward cache: pagehide (persisted), then frozen until restored. */
  cached = false;
  private readonly injector: EnvironmentInjector;

  constructor(readonly page: FakeTab) {
    this.injector = tabInjector(page, environment, this.connections);
    this.hub = this.injector.get(SignalRService);
    this.hub.getAlbumSyncStarted$().subscribe((event) => this.received.push(event.albumId));
    this.hub.albumGroupsJoined$.subscribe(({ albumIds }) =>
      this.rounds.push({ at: moment(), albumIds }),
    );
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

export const settle = async (ms = 50) => {
  for (let pass = 0; pass < ms; pass++) await vi.advanceTimersByTimeAsync(1);
};

/** How the fake browser is awkward in one case (see {@link FakeBrowser}). */
export interface BrowserQuirks {
  readonly stealAbortDelayMs: number;
  /** How late each tab's own lock request reaches the lock manager (after its messages). */
  readonly tabLockDelays: readonly number[];
  /** Whose message each delivery takes when two tabs' messages wait for one receiver; empty: the oldest. */
  readonly senderPicks: readonly number[];
}

export const browserQuirks: fc.Arbitrary<BrowserQuirks> = fc.record({
  stealAbortDelayMs: fc.nat({ max: 40 }),
  tabLockDelays: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 8 }),
  senderPicks: fc.array(fc.nat({ max: 7 }), { maxLength: 30 }),
});

/** The tabs of one fake browser, each running the app, driven by {@link Step}s. */
export class BrowserModel {
  readonly browser: FakeBrowser;
  readonly tabs: Tab[];
  /** When the connection every tab hears through last dropped (a {@link moment}). */
  lastDrop = 0;

  constructor({ stealAbortDelayMs, tabLockDelays, senderPicks }: BrowserQuirks) {
    let delivery = 0;
    this.browser = new FakeBrowser({
      stealAbortDelayMs,
      lockRequestDelayMs: (tabId, name) =>
        name === tabLockName(tabId)
          ? tabLockDelays[Number(tabId.slice('tab-'.length)) % tabLockDelays.length]!
          : 0,
      pickSender:
        senderPicks.length === 0 ? undefined : () => senderPicks[delivery++ % senderPicks.length]!,
    });
    this.tabs = [new Tab(this.browser.tab('tab-0'))];
  }

  live(): Tab[] {
    return this.tabs.filter((tab) => !tab.page.gone);
  }

  private pick(index: number): Tab | undefined {
    const alive = this.live();
    return alive.length ? alive[index % alive.length] : undefined;
  }

  async perform(s: Step): Promise<void> {
    const tab = 'tab' in s ? this.pick(s.tab) : undefined;
    switch (s.kind) {
      case 'open':
        this.tabs.push(new Tab(this.browser.tab(`tab-${this.tabs.length}`)));
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
        const leader = this.live().find((each) => each.hub.isLeader());
        const connection = leader?.connections.at(-1);
        if (connection?.state !== 'Connected') break;
        // A hung leader whose lock was stolen is followed by no one any more.
        if (this.browser.heldLocks()[LEADER_LOCK] === leader!.page.tabId) this.lastDrop = moment();
        void connection.dropAndReconnect();
        break;
      }
      case 'wait':
        await settle(s.ms);
        break;
    }
  }

  /** Opens a tab per entry of `shown` (tab 0 is open), settles, shows each its albums, settles. */
  async openShowing(shown: readonly (readonly number[])[]): Promise<void> {
    for (let i = 1; i < shown.length; i++) await this.perform({ kind: 'open' });
    await settle(50);
    for (const [tab, albums] of shown.entries())
      for (const album of albums) await this.perform({ kind: 'show', tab, album });
    await settle(50);
  }

  /** Every hung tab wakes and every frozen or cached one comes back; then the browser and the connection settle. */
  async settleAll(): Promise<void> {
    for (const tab of this.live()) tab.page.wake();
    for (const tab of this.live()) tab.restore();
    await settle(200);
  }

  /** Each live tab's albums that it has not re-fetched since the last drop (by a round naming them). */
  notRefetched(): string[] {
    return this.live().flatMap((tab) =>
      [...tab.views.keys()]
        .filter(
          (album) =>
            !tab.rounds.some(({ at, albumIds }) => at > this.lastDrop && albumIds.includes(album)),
        )
        .map((album) => `${tab.page.tabId}: ${album}`),
    );
  }

  /** The case is over: every tab closes, and whatever a crashed tab's app left running stops. */
  dispose(): void {
    for (const tab of this.live()) tab.close();
    for (const tab of this.tabs) tab.dispose();
    vi.clearAllTimers();
  }
}
