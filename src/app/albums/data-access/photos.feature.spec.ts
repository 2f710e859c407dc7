import type { Photo } from '../../api/models';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumsApiActions,
  PhotoViewerActions,
} from './albums.actions';
import { PHOTO_PAGE_SIZE, pagesCovering, photosFeature, selectPhotoSlots } from './photos.feature';
import { clearSelectorOverrides } from './selectors.testing';

const photo = (index: number): Photo => ({
  id: `p${index}`,
  albumTagId: 't',
  fileName: `IMG_${index}.jpg`,
  thumbnailUrl: `/thumbs/${index}.jpg`,
  sortOrder: index,
  voted: false,
  createdAt: '2026-11-22T10:00:00Z',
});

const page = (number: number, count: number, totalCount: number, asOf = 0) =>
  AlbumsApiActions.photosPageLoaded({
    albumId: 'a',
    tagId: 't',
    page: number,
    pageSize: PHOTO_PAGE_SIZE,
    asOf,
    photos: {
      items: Array.from({ length: count }, (_, i) => photo((number - 1) * PHOTO_PAGE_SIZE + i)),
      totalCount,
    },
  });

describe('photos feature', () => {
  beforeEach(() => clearSelectorOverrides());

  it('knows which pages cover a visible range', () => {
    expect(pagesCovering(0, 99)).toEqual([1]);
    expect(pagesCovering(150, 420)).toEqual([2, 3, 4, 5]);
    expect(pagesCovering(0, -1)).toEqual([1]);
  });

  it('holds sparse pages as one slot per position, null where not loaded yet', () => {
    let state = photosFeature.reducer(
      undefined,
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 30 }),
    );
    state = photosFeature.reducer(state, page(1, 100, 250));
    state = photosFeature.reducer(state, page(3, 50, 250));
    const slots = selectPhotoSlots({ photos: state });
    expect(slots).toHaveLength(250);
    expect(slots[0]?.id).toBe('p0');
    expect(slots[150]).toBeNull();
    expect(slots[249]?.id).toBe('p249');
  });

  it('grows as photos sync in', () => {
    let state = photosFeature.reducer(
      undefined,
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 99 }),
    );
    state = photosFeature.reducer(state, page(1, 40, 40));
    state = photosFeature.reducer(state, page(1, 90, 90));
    expect(selectPhotoSlots({ photos: state }).filter(Boolean)).toHaveLength(90);
  });

  it('starts over on another tag and ignores answers for the tag it left', () => {
    let state = photosFeature.reducer(
      undefined,
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 99 }),
    );
    state = photosFeature.reducer(
      state,
      AlbumDetailPageActions.tagSelected({ albumId: 'a', tagId: 'other' }),
    );
    state = photosFeature.reducer(state, page(1, 100, 100));
    expect(state.totalCount).toBe(0);
    expect(state.tagId).toBe('other');
  });

  it('marks a vote on the photo', () => {
    let state = photosFeature.reducer(
      undefined,
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 9 }),
    );
    state = photosFeature.reducer(state, page(1, 10, 10));
    state = photosFeature.reducer(
      state,
      AlbumsApiActions.photoVoted({ albumId: 'a', photo: { ...photo(3), voted: true } }),
    );
    expect(selectPhotoSlots({ photos: state })[3]?.voted).toBe(true);
  });

  it('counts the changes of the tag it holds, and keeps the count each read started at', () => {
    let state = photosFeature.reducer(
      undefined,
      PhotoViewerActions.tagWalked({ albumId: 'a', tagId: 't' }),
    );
    state = photosFeature.reducer(
      state,
      AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 'other' }),
    );
    state = photosFeature.reducer(
      state,
      AlbumFollowingActions.photosStale({ albumId: 'b', albumTagId: null }),
    );
    expect(state.changes).toBe(0);
    state = photosFeature.reducer(
      state,
      AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: null }),
    );
    state = photosFeature.reducer(state, page(2, 100, 250, 1));
    expect(state.changes).toBe(1);
    expect(state.pages[2]).toMatchObject({ status: 'loaded', asOf: 1 });
    // Another tag starts over, but the count never goes back (a walk's `since` stays valid).
    state = photosFeature.reducer(
      state,
      AlbumDetailPageActions.tagSelected({ albumId: 'a', tagId: 'other' }),
    );
    expect(state.pages).toEqual({});
    expect(state.changes).toBe(1);
  });

  it('marks a page the walk needs as loading unless it was read since, and keeps why a read failed', () => {
    const needed = (since: number) =>
      PhotoViewerActions.pageNeeded({ albumId: 'a', tagId: 't', page: 1, since });
    let state = photosFeature.reducer(undefined, needed(0));
    expect(state.tagId).toBe('t');
    expect(state.pages[1].status).toBe('loading');
    const error = { status: 503, code: null, message: 'The server is unavailable.' };
    state = photosFeature.reducer(
      state,
      AlbumsApiActions.photosPageLoadFailed({ albumId: 'a', tagId: 't', page: 1, error, asOf: 0 }),
    );
    expect(state.pages[1]).toMatchObject({ status: 'error', error });
    state = photosFeature.reducer(state, needed(0));
    expect(state.pages[1]).toMatchObject({ status: 'loading', error: null });
    state = photosFeature.reducer(state, page(1, 100, 100));
    expect(photosFeature.reducer(state, needed(0))).toBe(state); // read since: nothing to do
    const stale = photosFeature.reducer(state, needed(1));
    expect(stale.pages[1].status).toBe('loading');
    expect(selectPhotoSlots({ photos: stale })[0]?.id).toBe('p0'); // still shown meanwhile
  });
});
