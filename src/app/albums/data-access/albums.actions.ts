import { createActionGroup, emptyProps, props, type Action } from '@ngrx/store';
import type { ApiError } from '../../api/api-error';
import type {
  Album,
  AlbumQuery,
  AlbumSummary,
  AlbumTag,
  AlbumTrigger,
  NewAlbum,
  Page,
  Photo,
  Transition,
} from '../../api/models';
import type { ListRange } from './album-pages';

export const AlbumListPageActions = createActionGroup({
  source: 'Album List Page',
  events: {
    /**
     * The list follows the albums near its viewport while it is shown. `start`: the position
     * it comes back to after a reload, read first; else the place it had.
     */
    Opened: props<{ query: AlbumQuery; start?: number }>(),
    Closed: emptyProps(),
    'Query Changed': props<{ query: AlbumQuery }>(),
    /** The cards at positions `first`…`last` (0-based, inclusive) are in or near the viewport. */
    'Range Viewed': props<ListRange>(),
    'Refresh Requested': emptyProps(),
    'Create Album Submitted': props<{ album: NewAlbum }>(),
  },
});

export const AlbumDetailPageActions = createActionGroup({
  source: 'Album Detail Page',
  events: {
    /** The album is followed while open: its hub group joined, its snapshot loaded. */
    Opened: props<{ albumId: string }>(),
    /** No longer followed by this view; unfollowed (and evicted) when no view shows it. */
    Closed: props<{ albumId: string }>(),
    'Refresh Requested': props<{ albumId: string }>(),
    'Trigger Fired': props<{ albumId: string; trigger: AlbumTrigger }>(),
    'Album Renamed': props<{ albumId: string; name: string }>(),
    'Album Deleted': props<{ albumId: string }>(),
    'Tag Selected': props<{ albumId: string; tagId: string }>(),
    'Tag Url Changed': props<{ albumId: string; tagId: string; url: string }>(),
    'Tag Resync Requested': props<{ albumId: string; tagId: string; folderId: string }>(),
    /** The photo grid shows positions `first`…`last` (0-based, inclusive) of the selected tag. */
    'Photo Range Viewed': props<{ albumId: string; tagId: string; first: number; last: number }>(),
    'Photo Vote Toggled': props<{ albumId: string; photoId: string; voted: boolean }>(),
  },
});

/**
 * The hub actions for the snapshot's album(s) that arrived while its request was in
 * flight: the reducers apply them again on top of the answer (see snapshot-replay.ts).
 */
export type Replay = readonly Action[];

export const AlbumsApiActions = createActionGroup({
  source: 'Albums API',
  events: {
    'Albums Loaded': props<{
      query: AlbumQuery;
      page: Page<AlbumSummary>;
      replay: Replay;
      /**
       * The albums followed when the answer landed: only theirs go to the sync map, which
       * holds followed albums only (no event keeps another album's sync true).
       */
      followed: readonly string[];
      /** The request's place in the order snapshots were issued (see snapshot-replay.ts). */
      issued?: number;
    }>(),
    'Albums Load Failed': props<{ query: AlbumQuery; error: ApiError }>(),
    'Album Created': props<{ album: Album }>(),
    'Album Create Failed': props<{ error: ApiError }>(),
    'Album Loaded': props<{ album: Album; replay: Replay; issued?: number }>(),
    'Album Load Failed': props<{ albumId: string; error: ApiError }>(),
    'Album Renamed': props<{ album: Album }>(),
    'Album Rename Failed': props<{ albumId: string; error: ApiError }>(),
    'Album Deleted': props<{ albumId: string }>(),
    'Album Delete Failed': props<{ albumId: string; error: ApiError }>(),
    'Transitions Loaded': props<{ albumId: string; transitions: readonly Transition[] }>(),
    'Transitions Load Failed': props<{ albumId: string; error: ApiError }>(),
    /** `syncStarted`: 202, the state changes when the sync completes. */
    'Trigger Succeeded': props<{
      albumId: string;
      trigger: AlbumTrigger;
      album: Album;
      syncStarted: boolean;
      replay: Replay;
      issued?: number;
    }>(),
    'Trigger Failed': props<{ albumId: string; trigger: AlbumTrigger; error: ApiError }>(),
    'Tag Url Updated': props<{ tag: AlbumTag }>(),
    'Tag Url Update Failed': props<{ albumId: string; tagId: string; error: ApiError }>(),
    'Tag Resync Started': props<{ albumId: string; tagId: string }>(),
    'Tag Resync Failed': props<{ albumId: string; tagId: string; error: ApiError }>(),
    /** `asOf`: the grid's change count when the read started (photos.feature.ts). */
    'Photos Page Loaded': props<{
      albumId: string;
      tagId: string;
      page: number;
      pageSize: number;
      photos: Page<Photo>;
      asOf: number;
    }>(),
    'Photos Page Load Failed': props<{
      albumId: string;
      tagId: string;
      page: number;
      error: ApiError;
      asOf: number;
    }>(),
    'Photo Voted': props<{ albumId: string; photo: Photo }>(),
    'Photo Vote Failed': props<{ albumId: string; photoId: string; error: ApiError }>(),
  },
});

/**
 * The photo viewer over an album page. It walks one tag, the one the grid beneath shows
 * (so the grid closes onto it), and reads its pages through the grid's store.
 */
export const PhotoViewerActions = createActionGroup({
  source: 'Photo Viewer',
  events: {
    'Tag Walked': props<{ albumId: string; tagId: string }>(),
    /**
     * The walk needs page `page` (from 1) of the tag, read since the grid's change count
     * was `since`: held already, or read by the grid's loader.
     */
    'Page Needed': props<{ albumId: string; tagId: string; page: number; since: number }>(),
  },
});

/**
 * What the views follow, and what went stale in them: decided in following.effects.ts
 * from the table in invalidation.ts, the one place that decides re-fetches.
 */
export const AlbumFollowingActions = createActionGroup({
  source: 'Album Following',
  events: {
    /** No open view shows the album any more: its group is left and its state evicted. */
    'Album Unfollowed': props<{ albumId: string }>(),
    'Album Stale': props<{ albumId: string }>(),
    'Transitions Stale': props<{ albumId: string }>(),
    /** The grid's photos of that tag (or of any tag, when null) may have changed. */
    'Photos Stale': props<{ albumId: string; albumTagId: string | null }>(),
    'List Stale': emptyProps(),
    /** The list was left a while ago: the albums near its viewport are no longer followed. */
    'List Linger Ended': emptyProps(),
  },
});
