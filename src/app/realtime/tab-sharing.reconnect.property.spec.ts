import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { casesPerSeed, checkProperty } from '../property-runs.testing';
import { reportedState } from './fake-hub-connection.testing';
import {
  BrowserModel,
  browserQuirks,
  showOrHide,
  shownPerTab,
  tabIndex,
  type BrowserQuirks,
  type Step,
} from './tab-sharing.property.testing';

// Issue 20, figure 19: can a follower tab miss its leader's reconnect? Tabs that have all
// joined their albums; then the leader's connection drops and reconnects at once (before
// any follower runs), again and again, while followers are busy (hung: what the browser
// queues for them runs when they wake, in a batch), tabs open, close, show and hide albums,
// the lead changes hands (a hung leader's lock stolen: the sender changes), and each
// receiver gets two senders' messages in any order (the browser keeps each sender's order
// only). Afterwards every tab shows Connected and has re-fetched each album it shows since
// the last drop (a round of joins naming it, which makes its stores fetch it again).

const NUM_RUNS = casesPerSeed('FC_TAB_RUNS', 2000);

/**
 * Seed 1056796678, after 1,942 cases, shrunk: with tabs hanging, the lead changes hands
 * (tab 1 steals it from tab 0, tab 2 from tab 1, tab 1 takes it back). Tab 0 got tab 2's
 * `leader` after tab 1's (two senders, any order), followed tab 2, and on tab 2's goodbye
 * showed "Reconnecting" while tab 1 led and relayed: tab 1 does not say `leader` again, so
 * tab 0 waited for its next check on the leader (10 s, and never while hidden), dropping
 * the events relayed meanwhile. Patched first by a follower told goodbye asking at once
 * who leads; now tab 2's `leader` and goodbye are under an earlier lead than tab 1's: dropped.
 */
const COUNTEREXAMPLES: [number[][], Step[], BrowserQuirks][] = [
  [
    [[], []],
    [
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'hang', tab: 2 },
      { kind: 'hang', tab: 0 },
      { kind: 'stall' },
      { kind: 'show', tab: 0, album: 0 },
    ],
    { stealAbortDelayMs: 0, tabLockDelays: [0], senderPicks: [3] },
  ],
  // Seed 795513400, after that fix, after 1,604 cases: tab 1 steals the lead from hung tab
  // 0; woken, tab 0 answers tab 2's wants as leader (a stale `leader`), which tab 2 gets
  // after tab 1's and follows, ignoring tab 1's round that joins its album. Told by tab 1
  // who leads, tab 2 said its wants unchanged, so tab 1 named nothing: the album never
  // announced, never re-read. Patched first by `fresh` wants on every change of leader; now
  // tab 0's late `leader` is under an earlier lead than tab 1's: dropped, and tab 1's round kept.
  // Alone this one passes either way (it needs the timers' phase the case before leaves);
  // the same bug's seed 1018378399 in tab-sharing.property.spec.ts fails alone without it.
  [
    [[0], []],
    [
      { kind: 'hang', tab: 0 },
      { kind: 'open' },
      { kind: 'stall' },
      { kind: 'show', tab: 2, album: 0 },
    ],
    { stealAbortDelayMs: 0, tabLockDelays: [1], senderPicks: [0, 1, 0, 0] },
  ],
];

const reconnectStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hang' as const), tab: tabIndex }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wake' as const), tab: tabIndex }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.nat({ max: 5 }) }),
  },
  { weight: 2, arbitrary: showOrHide },
  { weight: 1, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), tab: tabIndex }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stall' as const }) },
);

describe('a follower tab and its leader reconnecting fast (property)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  it('every tab shows Connected and has re-fetched what it shows since the last drop', async () => {
    await checkProperty(
      fc.asyncProperty(
        // Per tab, the albums it shows before the first drop.
        shownPerTab(6),
        fc.array(reconnectStep, { minLength: 1, maxLength: 25 }),
        browserQuirks,
        async (shown, steps, quirks) => {
          const model = new BrowserModel(quirks);
          try {
            await model.openShowing(shown);
            for (const s of steps) await model.perform(s);
            await model.settleAll();
            for (const tab of model.live())
              expect(reportedState(tab.hub).status, `${tab.page.tabId} shows`).toBe('Connected');
            expect(model.notRefetched(), 'albums not re-fetched since the last drop').toEqual([]);
          } finally {
            model.dispose();
          }
        },
      ),
      {
        name: 'tab-reconnect',
        numRuns: NUM_RUNS,
        examples: COUNTEREXAMPLES,
        replay: (seed) =>
          `FC_SEED=${seed} FC_TAB_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/realtime/tab-sharing.reconnect.property.spec.ts`,
      },
    );
  }, 86_400_000);
});
