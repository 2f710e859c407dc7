import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerLanguage, inLanguage } from '../src/photoflow/api/reason-language.ts';
import { albumStates, type Actor, type Principal } from '../src/photoflow/model.ts';
import { transitionsFrom } from '../src/photoflow/workflow.ts';

const member = (role: Principal['role']): Actor => ({
  kind: 'member',
  principal: { userId: 'u', email: 'e', name: 'n', role, organizationId: 'o' },
});

/** Every reason the workflow can give: each state, each role, syncing or not, no tags. */
function everyReason(): Set<string> {
  const reasons = new Set<string>();
  for (const state of albumStates)
    for (const actor of [member('photographer'), member('org_admin')])
      for (const syncing of [false, true])
        for (const view of transitionsFrom(state, actor, { tags: {} }, syncing))
          if (view.reason) reasons.add(view.reason);
  return reasons;
}

test('every reason the workflow gives is answered in Vietnamese to a Vietnamese caller', () => {
  const reasons = [...everyReason()];
  assert.ok(reasons.length >= 5, `reasons found: ${reasons.join(' | ')}`);
  for (const reason of reasons) {
    const [view] = inLanguage(
      [{ trigger: 'Rate', targetState: 'Rate', executableBy: 'Client', canExecute: false, reason }],
      'vi-VN,vi;q=0.9,en;q=0.8',
    );
    assert.notEqual(view!.reason, reason, `no Vietnamese for "${reason}"`);
  }
});

test('other callers get the reasons as written', () => {
  const views = [
    {
      trigger: 'Rate',
      targetState: 'Rate',
      executableBy: 'Client',
      canExecute: false,
      reason: 'Waiting for the client',
    },
  ] as const;
  assert.deepEqual(inLanguage(views, 'en-US'), views);
  assert.deepEqual(inLanguage(views, undefined), views);
  assert.equal(answerLanguage('fr, vi;q=0.5'), 'vi');
  assert.equal(answerLanguage('en-GB, vi'), 'en');
});
