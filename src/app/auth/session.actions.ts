import { createActionGroup, props } from '@ngrx/store';
import type { SessionEndReason, User } from './stored-session';

/** Who is signed in, as the rest of the app learns it (here or from another tab). */
export const SessionActions = createActionGroup({
  source: 'Session',
  events: {
    /** Signed in (on load, here, or in another tab): the hub connects. */
    Started: props<{ user: User }>(),
    /** Signed out here or in another tab, or refused by the backend: every state is cleared. */
    Ended: props<{ reason: SessionEndReason }>(),
    /** Another person's session arrived from another tab: every state is cleared, views rebuilt. */
    Changed: props<{ user: User }>(),
  },
});
