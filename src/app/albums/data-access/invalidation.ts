import type { Action } from '@ngrx/store';
import type { HubEventName } from '../../api/models';
import { AlbumFollowingActions } from './albums.actions';

/** A burst of changes to listed albums costs one list request, and one more at its end. */
export const LIST_REFRESH_MS = 500;

/** What makes a resource stale: a hub event, or the outcome of joining the album's group. */
export type Cause = HubEventName | 'Joined' | 'Refused';

/** What the views hold of an album, each fetched by its own request. */
export type Resource = 'album' | 'transitions' | 'photos' | 'list';

/**
 * Which hub event makes which resource of its album stale: the only place that decides
 * re-fetches. What an event says itself is applied by the reducers at once (a state, a
 * tag's status, progress); a resource is listed here only for what the event does not say.
 * `Joined` is a successful join of the album's group (the first, or after a reconnect):
 * events sent before it were not ours, so everything is re-fetched.
 */
export const STALE_AFTER: Readonly<Record<Cause, readonly Resource[]>> = {
  // The grid shows the photos as they arrive; throttled in photos.effects.ts.
  PhotoSyncProgress: ['photos'],
  PhotoSyncCompleted: ['photos'],
  // The new tag itself: tags come with the album, from one ordered source.
  AlbumTagCreated: ['album'],
  // A tag's readiness guards the next trigger.
  AlbumTagStatusChanged: ['transitions'],
  // The list is ordered by `modifiedAt`, which a sync's start and end move (the dev backend
  // does; PhotoFlow's documentation is silent): a listing tab keeps the order a fresh one shows.
  AlbumSyncStarted: ['transitions', 'list'],
  // Photo counts, cover, the tags' final counts.
  AlbumSyncCompleted: ['album', 'transitions', 'list'],
  AlbumSyncError: ['album', 'transitions', 'list'],
  // The client's picks and the next steps; the list may filter by state.
  AlbumStateChanged: ['album', 'transitions', 'photos', 'list'],
  Joined: ['album', 'transitions', 'photos', 'list'],
  // The hub said no (deleted, or moved to another studio while we were away): REST tells which.
  Refused: ['album', 'list'],
};

/** The views open now, as following.effects.ts reads them. */
export interface OpenViews {
  /** Albums open in a detail view. */
  readonly albums: ReadonlySet<string>;
  /** Albums the list shows; null while the list is closed. */
  readonly listed: ReadonlySet<string> | null;
}

/**
 * The re-fetches that a change of `albumId` calls for, given the views open now: an
 * album's own resources only while a detail view shows it, the list only while it shows
 * that album. `albumTagId` narrows a photos re-fetch to the grid of that tag.
 */
export function staleActions(
  cause: Cause,
  albumId: string,
  views: OpenViews,
  albumTagId: string | null = null,
): Action[] {
  const actions: Action[] = [];
  const open = views.albums.has(albumId);
  for (const resource of STALE_AFTER[cause]) {
    if (resource === 'list') {
      if (views.listed?.has(albumId)) actions.push(AlbumFollowingActions.listStale());
    } else if (open) {
      actions.push(
        resource === 'album'
          ? AlbumFollowingActions.albumStale({ albumId })
          : resource === 'transitions'
            ? AlbumFollowingActions.transitionsStale({ albumId })
            : AlbumFollowingActions.photosStale({ albumId, albumTagId }),
      );
    }
  }
  return actions;
}
