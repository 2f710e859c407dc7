import { TestBed } from '@angular/core/testing';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs';
import type { Page, Photo } from '../../api/models';
import type { PhotoflowApi } from '../../api/photoflow-api';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  PhotoViewerActions,
} from './albums.actions';
import { loadPhotos } from './photos.effects';
import { photosFeature, type PhotosState } from './photos.feature';

const grid: PhotosState = {
  ids: [],
  entities: {},
  albumId: 'a',
  tagId: 't',
  totalCount: 0,
  pages: {},
  visibleRange: { first: 0, last: 99 },
  changes: 0,
};

describe('loadPhotos', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  let actions$: Subject<Action>;
  let requests: { page: number; priority: RequestPriority; answer: Subject<Page<Photo>> }[];
  let output: Action[];
  let scheduler: VirtualTimeScheduler;
  let changes: number;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideMockStore({
          selectors: [{ selector: photosFeature.selectPhotosState, value: grid }],
        }),
      ],
    });
    actions$ = new Subject<Action>();
    requests = [];
    output = [];
    scheduler = new VirtualTimeScheduler();
    changes = 0;
    const api = {
      getPhotos: (
        _albumId: string,
        _tagId: string,
        page: number,
        _pageSize: number,
        priority: RequestPriority,
      ): Observable<Page<Photo>> => {
        const answer = new Subject<Page<Photo>>();
        requests.push({ page, priority, answer });
        return answer;
      },
    } as unknown as PhotoflowApi;
    loadPhotos(actions$ as unknown as Actions, TestBed.inject(MockStore), api, scheduler).subscribe(
      (action) => output.push(action),
    );
  });

  /** The tag went stale: the reducer counts the change, then the loader sees the action. */
  const stale = (albumId: string, albumTagId: string | null) => {
    const store = TestBed.inject(MockStore);
    if (albumId === grid.albumId && (albumTagId === null || albumTagId === grid.tagId)) {
      changes++;
      store.overrideSelector(photosFeature.selectPhotosState, { ...grid, changes });
      store.refreshState();
    }
    actions$.next(AlbumFollowingActions.photosStale({ albumId, albumTagId }));
  };

  const answer = (index: number) => {
    requests[index].answer.next({ items: [], totalCount: 0 });
    requests[index].answer.complete();
  };

  it('fetches a page once while it loads, and again after it answered when the grid went stale meanwhile', () => {
    actions$.next(
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 99 }),
    );
    expect(requests.map((request) => request.page)).toEqual([1]);

    // The tag syncs on while page 1 is loading: its answer may predate the new photos.
    stale('a', 't');
    expect(requests).toHaveLength(1);
    answer(0);
    expect(requests.map((request) => request.page)).toEqual([1, 1]);
    answer(1);
    expect(output).toHaveLength(2);
    expect(requests).toHaveLength(2); // nothing more was asked
  });

  it("leaves a grid alone that shows another tag or album, and throttles a sync's refreshes", () => {
    stale('a', 'other');
    stale('b', null);
    expect(requests).toEqual([]);

    for (let i = 0; i < 5; i++) {
      stale('a', 't');
    }
    expect(requests).toHaveLength(1); // leading
    answer(0);
    scheduler.flush();
    expect(requests).toHaveLength(2); // and trailing, once
  });

  it('asks a page scrolled to at the default priority, and a refresh of a stale grid at low', () => {
    actions$.next(
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 99 }),
    );
    stale('a', 't');
    answer(0);
    stale('a', null);
    answer(1);
    scheduler.flush();
    expect(requests.map((request) => request.priority)).toEqual(['auto', 'low', 'low']);
  });

  it('reads a page the viewer needs once with the grid, and again only if that read predates the change it needs', () => {
    const store = TestBed.inject(MockStore);
    const needed = (since: number) =>
      actions$.next(PhotoViewerActions.pageNeeded({ albumId: 'a', tagId: 't', page: 1, since }));
    actions$.next(
      AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 0, last: 99 }),
    );
    needed(0);
    expect(requests).toHaveLength(1); // the viewer waits for the grid's read

    // The tag changed since (the reducer counted it), and the viewer's walk was invalidated.
    store.overrideSelector(photosFeature.selectPhotosState, { ...grid, changes: 1 });
    store.refreshState();
    needed(1);
    expect(requests).toHaveLength(1);
    answer(0);
    expect(requests.map((request) => request.page)).toEqual([1, 1]);
    answer(1);
    expect(output.map((action) => (action as { asOf?: number }).asOf)).toEqual([0, 1]);

    // Held, read since the change: nothing to read.
    store.overrideSelector(photosFeature.selectPhotosState, {
      ...grid,
      changes: 1,
      pages: { 1: { status: 'loaded', ids: [], asOf: 1, error: null } },
    });
    store.refreshState();
    needed(1);
    expect(requests).toHaveLength(2);
  });
});
