import type { Action } from '@ngrx/store';
import fc from 'fast-check';
import { SessionActions } from '../auth/session.actions';
import { testUser } from '../auth/session.testing';
import { clearStateOnSessionEnd } from '../auth/session.meta-reducer';
import { casesPerSeed, checkProperty } from '../property-runs.testing';
import { connectionFeature } from './connection.feature';
import type { ConnectionState, ConnectionStatus } from './connection-status';
import { NotificationHubActions } from './notification-hub.actions';

// The connection slice under any order of a session's starts, ends and hand-overs and the
// hub link's reports (a report that comes before a start: a layer loaded earlier; a start
// with no report after it: a hub held for the list's first screen, or its layer loading),
// through the root's meta-reducer as the app runs it.

const user = testUser;

type Step =
  | { kind: 'started' }
  | { kind: 'ended' }
  | { kind: 'changed' }
  | { kind: 'report'; connection: ConnectionState };

const statuses: ConnectionStatus[] = ['Disconnected', 'Connecting', 'Connected', 'Reconnecting'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'started' }),
  fc.constant<Step>({ kind: 'ended' }),
  fc.constant<Step>({ kind: 'changed' }),
  fc.record({
    kind: fc.constant('report' as const),
    connection: fc.record({
      status: fc.constantFrom(...statuses),
      lastError: fc.option(fc.constantFrom('Failed to fetch', 'WebSocket closed with status 1006')),
      nextRetryAt: fc.constant(null),
    }),
  }),
);

function action(step: Step): Action {
  switch (step.kind) {
    case 'started':
      return SessionActions.started({ user });
    case 'ended':
      return SessionActions.ended({ reason: 'signed-out' });
    case 'changed':
      return SessionActions.changed({ user });
    case 'report':
      return NotificationHubActions.connectionStateChanged({ connection: step.connection });
  }
}

describe('connection slice, property: a session’s start reads as connecting; the link’s word wins', () => {
  it('holds after every step of any interleaving', async () => {
    const reducer = clearStateOnSessionEnd(connectionFeature.reducer);
    await checkProperty(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        let state = reducer(undefined, { type: '@@init' });
        // Since the last session boundary: the link's last report, and whether a start
        // came after it (or with none).
        let lastReport: ConnectionState | null = null;
        let startedSince = false;
        steps.forEach((current, index) => {
          state = reducer(state, action(current));
          if (current.kind === 'ended' || current.kind === 'changed') {
            lastReport = null;
            startedSince = false;
          } else if (current.kind === 'report') {
            lastReport = current.connection;
            startedSince = false;
          } else {
            startedSince = true;
          }
          const where = `after step ${index} of ${JSON.stringify(steps)}`;
          if (current.kind === 'report') {
            expect(state.status, `the link's report is what the bar says, ${where}`).toBe(
              current.connection.status,
            );
          } else if (current.kind !== 'started') {
            expect(state.status, `a session's end leaves nothing connecting, ${where}`).toBe(
              'Disconnected',
            );
          } else if (lastReport === null) {
            expect(state.status, `a start with no report yet is on its way, ${where}`).toBe(
              'Connecting',
            );
          } else {
            const reported: ConnectionState = lastReport;
            const clean = reported.status === 'Disconnected' && reported.lastError === null;
            expect(
              state.status,
              `a start reads as connecting only over a clean disconnect, never over a failure or a live link, ${where}`,
            ).toBe(clean && startedSince ? 'Connecting' : reported.status);
          }
          // Never "offline" with no failure said while a session's start waits for its hub.
          if (current.kind === 'started') {
            expect(state.status === 'Disconnected' && state.lastError === null, where).toBe(false);
          }
        });
      }),
      {
        name: 'connection',
        numRuns: casesPerSeed('FC_CONNECTION_RUNS', 500),
        replay: (seed) =>
          `FC_SEED=${seed} npx ng test --watch=false --include src/app/realtime/connection.property.spec.ts`,
      },
    );
    // As long as test:explore gives it (FC_EXPLORE_SECONDS), not Vitest's 5 s.
  }, 86_400_000);
});
