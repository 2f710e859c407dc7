import { createActionGroup, emptyProps, props } from '@ngrx/store';
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

export const AlbumListPageActions = createActionGroup({
  source: 'Album List Page',
  events: {
    Opened: props<{ query: AlbumQuery }>(),
    /** Leaves the hub groups the list joined to show live sync bars. */
    Closed: emptyProps(),
    'Query Changed': props<{ query: AlbumQuery }>(),
    'Refresh Requested': emptyProps(),
    'Create Album Submitted': props<{ album: NewAlbum }>(),
  },
});

export const AlbumDetailPageActions = createActionGroup({
  source: 'Album Detail Page',
  events: {
    /** Joins the album's hub group (ref-counted) and loads album, transitions and tags. */
    Opened: props<{ albumId: string }>(),
    /** Leaves the album's hub group. */
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

export const AlbumsApiActions = createActionGroup({
  source: 'Albums API',
  events: {
    'Albums Loaded': props<{ query: AlbumQuery; page: Page<AlbumSummary> }>(),
    'Albums Load Failed': props<{ query: AlbumQuery; error: ApiError }>(),
    'Album Created': props<{ album: Album }>(),
    'Album Create Failed': props<{ error: ApiError }>(),
    'Album Loaded': props<{ album: Album }>(),
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
    }>(),
    'Trigger Failed': props<{ albumId: string; trigger: AlbumTrigger; error: ApiError }>(),
    'Tags Loaded': props<{ albumId: string; tags: readonly AlbumTag[] }>(),
    'Tags Load Failed': props<{ albumId: string; error: ApiError }>(),
    'Tag Url Updated': props<{ tag: AlbumTag }>(),
    'Tag Url Update Failed': props<{ albumId: string; tagId: string; error: ApiError }>(),
    'Tag Resync Started': props<{ albumId: string; tagId: string }>(),
    'Tag Resync Failed': props<{ albumId: string; tagId: string; error: ApiError }>(),
    'Photos Page Loaded': props<{
      albumId: string;
      tagId: string;
      page: number;
      pageSize: number;
      photos: Page<Photo>;
    }>(),
    'Photos Page Load Failed': props<{
      albumId: string;
      tagId: string;
      page: number;
      error: ApiError;
    }>(),
    'Photo Voted': props<{ albumId: string; photo: Photo }>(),
    'Photo Vote Failed': props<{ albumId: string; photoId: string; error: ApiError }>(),
  },
});
