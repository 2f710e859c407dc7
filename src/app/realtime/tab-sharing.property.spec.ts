import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { reportedState } from './fake-hub-connection.testing';
import { casesPerSeed, checkProperty } from '../property-runs.testing';
import {
  ALBUMS,
  BrowserModel,
  COUNTEREXAMPLES,
  browserQuirks,
  settle,
  step,
} from './tab-sharing.property.testing';

// Tabs opening, closing, crashing, freezing and resuming, going into the back/forward
// cache and back, hanging (so that a visible follower steals the lead) and waking,
// showing and hiding albums, and connections dropping, in every order, with a steal's
// AbortError reaching the old leader before or after the new leader's messages (the
// browser does not order them): afterwards one live tab leads (the hub's and the system
// notifier's one election), one connection is up, its groups are the union of what the
// live tabs show, every tab is connected, and an event reaches exactly the tabs that show
// its album. And every tab has re-fetched each album it shows since the last time the
// leader's connection dropped (that drop reconnects at once, before any follower runs),
// whoever sent the messages it heard and in whatever order two senders' messages reached it
// (the browser keeps each sender's order only).

/**
 * Fresh seeds failed after 334 and 708 cases (issue 23) before the fake browser delivered
 * one tab's messages in order; 2,000 leaves room to find their like (about 30 s).
 * `npm run test:explore` tries fresh seeds for longer.
 */
const NUM_RUNS = casesPerSeed('FC_TAB_RUNS', 2000);

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
        browserQuirks,
        async (steps, quirks) => {
          const model = new BrowserModel(quirks);
          const live = () => model.live();
          try {
            for (const s of steps) await model.perform(s);
            await model.settleAll();
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
            expect(model.notRefetched(), 'albums not re-fetched since the last drop').toEqual([]);
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
            // A crashed tab's app was never torn down: its timers would run on into later cases.
            model.dispose();
          }
        },
      ),
      {
        name: 'tab-sharing',
        numRuns: NUM_RUNS,
        // Recorded before the tabs' own locks could be late: no delay.
        examples: COUNTEREXAMPLES.map(([steps, stealAbortDelayMs]) => [
          steps,
          { stealAbortDelayMs, tabLockDelays: [0], senderPicks: [] },
        ]),
        replay: (seed) =>
          `FC_SEED=${seed} FC_TAB_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/realtime/tab-sharing.property.spec.ts`,
      },
    );
  }, 86_400_000);
});
