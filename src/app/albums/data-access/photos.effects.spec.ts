import { TestBed } from '@angular/core/testing';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject, VirtualTimeScheduler, type Observable } from 'rxjs';
import type { Page, Photo } from '../../api/models';
import type { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumDetailPageActions, AlbumFollowingActions } from './albums.actions';
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
};

describe('loadPhotos', () => {
  let actions$: Subject<Action>;
  let requests: { page: number; priority: RequestPriority; answer: Subject<Page<Photo>> }[];
  let output: Action[];
  let scheduler: VirtualTimeScheduler;

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
    actions$.next(AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 't' }));
    expect(requests).toHaveLength(1);
    answer(0);
    expect(requests.map((request) => request.page)).toEqual([1, 1]);
    answer(1);
    expect(output).toHaveLength(2);
    expect(requests).toHaveLength(2); // nothing more was asked
  });

  it("leaves a grid alone that shows another tag or album, and throttles a sync's refreshes", () => {
    actions$.next(AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 'other' }));
    actions$.next(AlbumFollowingActions.photosStale({ albumId: 'b', albumTagId: null }));
    expect(requests).toEqual([]);

    for (let i = 0; i < 5; i++) {
      actions$.next(AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 't' }));
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
    actions$.next(AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: 't' }));
    answer(0);
    actions$.next(AlbumFollowingActions.photosStale({ albumId: 'a', albumTagId: null }));
    answer(1);
    scheduler.flush();
    expect(requests.map((request) => request.priority)).toEqual(['auto', 'low', 'low']);
  });
});
