import type { Action, ActionReducer } from '@ngrx/store';
import { SessionActions } from './session.actions';

const sessionBoundaries = new Set<string>([SessionActions.ended.type, SessionActions.changed.type]);

/**
 * At the root (`provideStore` metaReducers), so it covers every feature, the lazy ones
 * registered later with `provideState` included: when a session ends or changes hands,
 * every slice goes back to its initial state. Nothing of one session shows in the next.
 */
export function clearStateOnSessionEnd<S, A extends Action>(
  reducer: ActionReducer<S, A>,
): ActionReducer<S, A> {
  return (state, action) => reducer(sessionBoundaries.has(action.type) ? undefined : state, action);
}
