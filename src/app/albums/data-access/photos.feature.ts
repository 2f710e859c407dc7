import { createEntityAdapter, type EntityState } from '@ngrx/entity';
import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { ApiError } from '../../api/api-error';
import type { Page, Photo } from '../../api/models';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumsApiActions,
  PhotoViewerActions,
} from './albums.actions';
import { perAlbumId } from './album-selector';
import type { RequestStatus } from './request-status';

/** Photos are fetched in pages of this size (the backend's pages count from 1). */
export const PHOTO_PAGE_SIZE = 100;
/** How often the grid re-fetches what is on screen while its tag syncs. */
export const PHOTO_REFRESH_MS = 1000;

export interface PhotoPage {
  readonly status: RequestStatus;
  readonly ids: readonly string[];
  /** The change count (`PhotosState.changes`) when the read that answered last started. */
  readonly asOf: number;
  /** Why that read failed, while `status` is 'error'. */
  readonly error: ApiError | null;
}

/**
 * The photos of the one tag the detail page shows, held as sparse pages so a grid can
 * virtual-scroll 10,000 photos and fetch only what is on screen. The one owner of a tag's
 * pages: the viewer over the page walks the same tag and reads its pages from here
 * (`TagPhotos.sequence`), through the same loader (photos.effects.ts).
 */
export interface PhotosState extends EntityState<Photo> {
  readonly albumId: string | null;
  readonly tagId: string | null;
  readonly totalCount: number;
  readonly pages: Readonly<Record<number, PhotoPage>>;
  /**
   * How many times the held tag's photos went stale (`photosStale`); never goes back, not
   * even on another tag. A page whose read started before a change (`asOf` lower than the
   * count then) may predate it: the grid refreshes what it shows, the viewer re-reads what
   * it walks.
   */
  readonly changes: number;
  /** The positions the grid shows (0-based, inclusive); refetched as photos sync in. */
  readonly visibleRange: { readonly first: number; readonly last: number };
}

export const photoAdapter = createEntityAdapter<Photo>();

const initialState: PhotosState = photoAdapter.getInitialState({
  albumId: null,
  tagId: null,
  totalCount: 0,
  pages: {},
  visibleRange: { first: 0, last: PHOTO_PAGE_SIZE - 1 },
  changes: 0,
});

const asked: PhotoPage = { status: 'loading', ids: [], asOf: 0, error: null };

/** Whether `page` was read (and answered) since the change count was `since`. */
export function readSince(page: PhotoPage | undefined, since: number): boolean {
  return page?.status === 'loaded' && page.asOf >= since;
}

/** What a page (from 1) of the held tag holds, as a page of the API. */
export function heldPage(state: PhotosState, page: PhotoPage): Page<Photo> {
  return {
    items: page.ids.flatMap((id) => state.entities[id] ?? []),
    totalCount: state.totalCount,
  };
}

/** The pages (from 1) that cover positions `first`…`last`; at least the first one. */
export function pagesCovering(first: number, last: number, pageSize = PHOTO_PAGE_SIZE): number[] {
  const from = Math.floor(Math.max(0, first) / pageSize) + 1;
  const to = Math.max(from, Math.floor(Math.max(0, last) / pageSize) + 1);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Starts over when the grid moves to another tag. */
function forTag(state: PhotosState, albumId: string, tagId: string): PhotosState {
  if (state.albumId === albumId && state.tagId === tagId) return state;
  return { ...initialState, albumId, tagId, changes: state.changes };
}

export const photosFeature = createFeature({
  name: 'photos',
  reducer: createReducer(
    initialState,
    on(
      AlbumDetailPageActions.tagSelected,
      PhotoViewerActions.tagWalked,
      (state, { albumId, tagId }): PhotosState => forTag(state, albumId, tagId),
    ),
    on(AlbumDetailPageActions.closed, (state, { albumId }): PhotosState =>
      state.albumId === albumId ? { ...initialState, changes: state.changes } : state,
    ),
    on(AlbumFollowingActions.photosStale, (state, { albumId, albumTagId }): PhotosState =>
      state.albumId === albumId && (albumTagId === null || albumTagId === state.tagId)
        ? { ...state, changes: state.changes + 1 }
        : state,
    ),
    on(
      AlbumDetailPageActions.photoRangeViewed,
      (state, { albumId, tagId, first, last }): PhotosState => {
        const next = forTag(state, albumId, tagId);
        const pages = { ...next.pages };
        for (const page of pagesCovering(first, last)) {
          if (!pages[page]) pages[page] = asked;
        }
        return { ...next, pages, visibleRange: { first, last } };
      },
    ),
    on(PhotoViewerActions.pageNeeded, (state, { albumId, tagId, page, since }): PhotosState => {
      const next = forTag(state, albumId, tagId);
      const held = next.pages[page];
      if (readSince(held, since) || held?.status === 'loading') return next;
      return {
        ...next,
        pages: { ...next.pages, [page]: { ...(held ?? asked), status: 'loading', error: null } },
      };
    }),
    on(
      AlbumsApiActions.photosPageLoaded,
      (state, { albumId, tagId, page, pageSize, photos, asOf }): PhotosState => {
        if (state.albumId !== albumId || state.tagId !== tagId || pageSize !== PHOTO_PAGE_SIZE) {
          return state; // an answer for a tag the grid has left
        }
        const ids = photos.items.map((photo) => photo.id);
        return photoAdapter.upsertMany([...photos.items], {
          ...state,
          totalCount: photos.totalCount,
          pages: { ...state.pages, [page]: { status: 'loaded' as const, ids, asOf, error: null } },
        });
      },
    ),
    on(
      AlbumsApiActions.photosPageLoadFailed,
      (state, { albumId, tagId, page, error, asOf }): PhotosState =>
        state.albumId === albumId && state.tagId === tagId
          ? {
              ...state,
              pages: {
                ...state.pages,
                [page]: {
                  status: 'error' as const,
                  ids: state.pages[page]?.ids ?? [],
                  asOf,
                  error,
                },
              },
            }
          : state,
    ),
    on(AlbumsApiActions.photoVoted, (state, { photo }): PhotosState =>
      photoAdapter.updateOne({ id: photo.id, changes: { voted: photo.voted } }, state),
    ),
  ),
  extraSelectors: ({ selectEntities, selectPages, selectTotalCount }) => ({
    /**
     * One slot per position of the tag: the photo, or null while its page loads.
     * Recomputed only when pages or photos change, never per progress event.
     */
    selectPhotoSlots: createSelector(
      selectEntities,
      selectPages,
      selectTotalCount,
      (entities, pages, totalCount): readonly (Photo | null)[] => {
        const slots: (Photo | null)[] = new Array(totalCount).fill(null);
        for (const [page, { ids }] of Object.entries(pages)) {
          const offset = (Number(page) - 1) * PHOTO_PAGE_SIZE;
          ids.forEach((id, i) => {
            if (offset + i < totalCount) slots[offset + i] = entities[id] ?? null;
          });
        }
        return slots;
      },
    ),
    /** True while any page the grid asked for is still loading. */
    selectPhotosLoading: createSelector(selectPages, (pages) =>
      Object.values(pages).some((page) => page.status === 'loading'),
    ),
  }),
});

export const {
  selectAlbumId: selectPhotosAlbumId,
  selectTagId: selectPhotosTagId,
  selectTotalCount: selectPhotosTotalCount,
  selectPages: selectPhotoPages,
  selectVisibleRange: selectPhotosVisibleRange,
  selectPhotoSlots,
  selectPhotosLoading,
} = photosFeature;

const NO_PHOTOS: readonly (Photo | null)[] = [];

/** The grid's slots while they are this album's (the feature holds one tag's photos at a time). */
export const selectAlbumPhotoSlots = perAlbumId((albumId) =>
  createSelector(selectPhotosAlbumId, selectPhotoSlots, (heldFor, slots) =>
    heldFor === albumId ? slots : NO_PHOTOS,
  ),
);

/** Whether a page of this album's grid is loading. */
export const selectAlbumPhotosLoading = perAlbumId((albumId) =>
  createSelector(
    selectPhotosAlbumId,
    selectPhotosLoading,
    (heldFor, loading) => heldFor === albumId && loading,
  ),
);
