import type { Actions } from '@ngrx/effects';
import type { Action, ActionReducer } from '@ngrx/store';
import { defer, finalize, map, type Observable } from 'rxjs';
import {
  HUB_EVENT_ACTION_TYPES,
  NotificationHubActions,
} from '../../realtime/notification-hub.actions';
import type { Replay } from './albums.actions';

/**
 * Snapshots never travel back in time.
 *
 * A REST answer describes the server at some moment after its request left; hub events
 * that arrive while it is in flight may be newer than that moment, or older: we cannot
 * tell (the browser's clock is not the server's, and the REST answer carries no version).
 * So the events that arrive meanwhile are recorded and applied again on top of the
 * answer. Hub events are idempotent (a status or state set again, progress that never
 * goes back, late events recognised by the server's own timestamps), so applying one
 * twice changes nothing, and every event the answer may predate is applied after it.
 */

/** The part of a hub action that concerns the given albums, or null. */
export function hubActionFor(
  action: Action,
  concerns: (albumId: string) => boolean,
): Action | null {
  if (!HUB_EVENT_ACTION_TYPES.has(action.type)) return null;
  if (NotificationHubActions.photoSyncProgressed.type === action.type) {
    const { events } = action as ReturnType<typeof NotificationHubActions.photoSyncProgressed>;
    const mine = events.filter((event) => concerns(event.albumId));
    if (mine.length === 0) return null;
    return mine.length === events.length
      ? action
      : NotificationHubActions.photoSyncProgressed({ events: mine });
  }
  const { event } = action as Action & { event: { albumId: string } };
  return concerns(event.albumId) ? action : null;
}

/** Snapshot requests, numbered in the order they were issued. */
let lastIssued = 0;

/**
 * Runs `request`, recording the hub actions that concern it until it answers; the answer
 * comes with them, for the reducers to replay (see {@link replayingSnapshots}), and with
 * its place in the order requests were issued: of two snapshots of one album (the list's
 * and the album's), the one issued later is at least as new, whichever answers first.
 */
export function withReplay<T>(
  actions$: Actions,
  concerns: (albumId: string) => boolean,
  request: Observable<T>,
): Observable<{ answer: T; replay: Replay; issued: number }> {
  return defer(() => {
    const issued = ++lastIssued;
    const replay: Action[] = [];
    const recording = actions$.subscribe((action) => {
      const mine = hubActionFor(action, concerns);
      if (mine) replay.push(mine);
    });
    return request.pipe(
      map((answer) => ({ answer, replay: [...replay], issued })),
      finalize(() => recording.unsubscribe()),
    );
  });
}

const isSnapshot = (action: Action): action is Action & { replay: Replay } =>
  Array.isArray((action as { replay?: unknown }).replay);

/**
 * A feature reducer that applies a snapshot, then the hub actions recorded while it was
 * in flight. For the features a snapshot overwrites (albums, tags, sync); the activity
 * log, which snapshots do not touch, must not see events twice.
 */
export function replayingSnapshots<S>(reducer: ActionReducer<S>): ActionReducer<S> {
  return (state, action) => {
    const next = reducer(state, action);
    return isSnapshot(action) ? action.replay.reduce(reducer, next) : next;
  };
}
