import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { casesPerSeed, checkProperty } from '../property-runs.testing';
import { reportedState } from './fake-hub-connection.testing';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS } from './tab-sharing';
import {
  ALBUMS,
  BrowserModel,
  browserQuirks,
  settle,
  showOrHide,
  shownPerTab,
  type BrowserQuirks,
  type Step,
  type Tab,
} from './tab-sharing.property.testing';

// A former leader's messages heard late: the leader's messages stay in flight (the browser
// orders no two senders' messages) while it relays events, its connection drops and comes
// back, tabs open (it tells each that it leads) and views change; then the lead passes (its
// lock stolen while it hangs, or it closes, crashes or freezes), the successor's messages
// arrive, and only then the former leader's. No tab acts on them: no event it relayed is
// delivered, no state it said is shown, and every tab ends following the true leader,
// joined to what it shows, an event on the true leader's connection reaching exactly the
// tabs that show its album.

const NUM_RUNS = casesPerSeed('FC_STALE_RUNS', 1000);

type Handover = 'steal' | 'close' | 'crash' | 'freeze';
type HeldStep = Step | { kind: 'event'; album: number };

const quiet: BrowserQuirks = { stealAbortDelayMs: 0, tabLockDelays: [0], senderPicks: [] };
/**
 * What the first seeds found on the code before lead terms (each fails there, with or
 * without its two patches), shrunk: the hung leader's lock stolen while its messages were in
 * flight, among them its `leader` to a tab that opened (seed 943326390) or, after a dropped
 * connection, its relays (seed 42), heard after the thief's: the follower took the former
 * leader back, then its goodbye, and showed "Reconnecting".
 */
const COUNTEREXAMPLES: [number[][], HeldStep[], Handover, Step[], boolean, BrowserQuirks][] = [
  [[[], []], [{ kind: 'open' }, { kind: 'event', album: 0 }], 'steal', [], false, quiet],
  [[[], []], [{ kind: 'drop' }], 'steal', [{ kind: 'open' }], false, quiet],
];

const heldStep: fc.Arbitrary<HeldStep> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      album: fc.nat({ max: ALBUMS.length - 1 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: showOrHide },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.nat({ max: 5 }) }),
  },
);

const laterStep: fc.Arbitrary<Step> = fc.oneof(
  showOrHide,
  fc.constant({ kind: 'open' as const }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.nat({ max: 5 }) }),
);

/** What each tab's service delivered: every event (with its marker) and every state shown. */
class Watch {
  readonly events = new Map<Tab, string[]>();
  readonly states = new Map<Tab, string[]>();

  follow(tab: Tab): void {
    if (this.events.has(tab)) return;
    const events: string[] = [];
    const states: string[] = [];
    this.events.set(tab, events);
    this.states.set(tab, states);
    tab.hub
      .getAlbumSyncStarted$()
      .subscribe((event) => events.push(`${event.message} ${event.albumId}`));
    tab.hub.connectionState$.subscribe((state) => states.push(state.status));
  }
}

describe("a former leader's messages heard after its successor's (property)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  it('are dropped: no event or state of theirs reaches a tab, and every tab follows the true leader, joined to what it shows', async () => {
    await checkProperty(
      fc.asyncProperty(
        // Per tab, the albums it shows before the leader's messages are held.
        shownPerTab(5),
        fc.array(heldStep, { minLength: 1, maxLength: 10 }),
        fc.constantFrom<Handover>('steal', 'close', 'crash', 'freeze'),
        fc.array(laterStep, { maxLength: 4 }),
        fc.boolean(),
        // Late AbortErrors and own locks, and any order of the other tabs' messages.
        browserQuirks,
        async (shown, held, handover, later, wakeFirst, quirks) => {
          const model = new BrowserModel(quirks);
          const watch = new Watch();
          const watchAll = () => model.tabs.forEach((tab) => watch.follow(tab));
          try {
            await model.openShowing(shown);
            watchAll();
            const former = model.live().find((tab) => tab.hub.isLeader())!;
            const formerConnection = former.connections.at(-1)!;
            model.browser.holdMessagesFrom(former.page.tabId);
            for (const s of held) {
              if (s.kind === 'event') {
                formerConnection.emit('AlbumSyncStarted', {
                  albumId: ALBUMS[s.album]!,
                  message: 'stale',
                  timestamp: '2026-11-22T10:00:00.000Z',
                });
              } else {
                await model.perform(s);
              }
              watchAll();
            }
            await settle(5);
            switch (handover) {
              case 'steal':
                former.page.hung = true;
                await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS);
                break;
              case 'close':
                former.close();
                break;
              case 'crash':
                former.page.crash();
                break;
              case 'freeze':
                former.page.freeze();
                break;
            }
            await settle(50);
            for (const s of later) await model.perform(s);
            watchAll();
            await settle(50);
            // Only now does what the former leader said reach the others.
            const shownBefore = new Map(
              [...watch.states].map(([tab, states]) => [tab, states.length]),
            );
            if (wakeFirst) former.page.wake();
            model.browser.deliverHeld(former.page.tabId);
            await settle(50);
            await model.settleAll();

            const others = model.live().filter((tab) => tab !== former);
            for (const tab of others) {
              const name = tab.page.tabId;
              expect(
                watch.events.get(tab)!.filter((event) => event.startsWith('stale')),
                `${name} got`,
              ).toEqual([]);
              const after = watch.states.get(tab)!.slice(shownBefore.get(tab) ?? 0);
              expect(
                after.filter((status) => status !== 'Connected'),
                `${name} showed`,
              ).toEqual([]);
              expect(reportedState(tab.hub).status, `${name} shows`).toBe('Connected');
            }
            const leaders = model.live().filter((tab) => tab.hub.isLeader());
            expect(leaders.map((tab) => tab.page.tabId)).toHaveLength(1);
            const leader = leaders[0]!;
            expect(leader).not.toBe(former);
            for (const tab of model.live())
              expect(new Set(tab.hub.stats().joinedGroups), `${tab.page.tabId} joined`).toEqual(
                new Set(tab.views.keys()),
              );
            for (const tab of model.live()) watch.events.get(tab)!.length = 0;
            for (const album of ALBUMS)
              leader.connections.at(-1)!.emit('AlbumSyncStarted', {
                albumId: album,
                message: 'true',
                timestamp: '2026-11-22T10:00:01.000Z',
              });
            await settle(10);
            for (const tab of model.live())
              expect(watch.events.get(tab)!.sort(), `${tab.page.tabId} got`).toEqual(
                [...tab.views.keys()].map((album) => `true ${album}`).sort(),
              );
          } finally {
            model.dispose();
          }
        },
      ),
      {
        name: 'tab-stale-lead',
        numRuns: NUM_RUNS,
        examples: COUNTEREXAMPLES,
        replay: (seed) =>
          `FC_SEED=${seed} FC_STALE_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/realtime/tab-sharing.stale-lead.property.spec.ts`,
      },
    );
  }, 86_400_000);
});
