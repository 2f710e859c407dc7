import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideEffects } from '@ngrx/effects';
import { Store, provideState, provideStore } from '@ngrx/store';
import { Subject } from 'rxjs';
import type { AlbumQuery, AlbumSummary, Page } from '../../api/models';
import { PhotoflowApi } from '../../api/photoflow-api';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { LIST_PAGE_SIZE } from './album-pages';
import { loadAlbumPages } from './album-list.effects';
import { AlbumListPageActions } from './albums.actions';
import { albumsFeature, selectFollowedAlbumIds } from './albums.feature';
import { followOpenViews } from './following.effects';
import { syncFeature } from './sync.feature';

// The list's pages through the real reducers and effects: what the sync map holds as the
// list scrolls through a studio whose every album syncs.

const studio: AlbumSummary[] = Array.from({ length: 600 }, (_, n) => ({
  id: `album-${n}`,
  name: `Album ${n}`,
  state: 'Raw',
  coverUrl: null,
  photoCount: 0,
  syncing: true,
  modifiedAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
}));

describe('loadAlbumPages and the sync map', () => {
  let requests: { query: AlbumQuery; answer: Subject<Page<AlbumSummary>> }[];
  let store: Store;

  beforeEach(() => {
    requests = [];
    TestBed.configureTestingModule({
      providers: [
        {
          provide: PhotoflowApi,
          useValue: {
            listAlbums: (query: AlbumQuery) => {
              const answer = new Subject<Page<AlbumSummary>>();
              requests.push({ query, answer });
              return answer;
            },
          },
        },
        provideStore(),
        provideState(albumsFeature),
        provideState(syncFeature),
        provideEffects({ loadAlbumPages, followOpenViews }),
      ],
    });
    store = TestBed.inject(Store);
    TestBed.inject(ApplicationRef);
  });

  /** Every request in flight answered by the studio as it is. */
  function answerAll(): void {
    for (const { query, answer } of requests.splice(0)) {
      const start = ((query.page ?? 1) - 1) * LIST_PAGE_SIZE;
      answer.next({ items: studio.slice(start, start + LIST_PAGE_SIZE), totalCount: 600 });
      answer.complete();
    }
  }

  function held(): { synced: string[]; followed: string[] } {
    let synced: string[] = [];
    let followed: string[] = [];
    store
      .subscribe((state) => {
        synced = Object.keys((state as { sync: { albums: object } }).sync.albums).sort();
      })
      .unsubscribe();
    store
      .select(selectFollowedAlbumIds)
      .subscribe((ids) => (followed = [...ids].sort()))
      .unsubscribe();
    return { synced, followed };
  }

  const ids = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, n) => `album-${from + n}`).sort();

  it('holds the syncs of the followed albums only, however far the list scrolls', () => {
    store.dispatch(AlbumListPageActions.opened({ query: {} }));
    store.dispatch(AlbumListPageActions.rangeViewed({ first: 0, last: 11 }));
    answerAll();
    // The page brings its cards into view: their rows' syncs show at once, not only once
    // their joins have re-read it.
    expect(held()).toEqual({ synced: ids(0, 11), followed: ids(0, 11) });
    store.dispatch(AlbumListPageActions.refreshRequested());
    answerAll();
    expect(held()).toEqual({ synced: ids(0, 11), followed: ids(0, 11) });

    store.dispatch(AlbumListPageActions.rangeViewed({ first: 300, last: 311 }));
    answerAll();
    expect(held()).toEqual({ synced: ids(300, 311), followed: ids(300, 311) });
    store.dispatch(AlbumListPageActions.refreshRequested());
    answerAll();
    expect(held()).toEqual({ synced: ids(300, 311), followed: ids(300, 311) });
  });

  it('keeps nothing of a page of another query, or of one out of view', () => {
    store.dispatch(AlbumListPageActions.opened({ query: {} }));
    store.dispatch(AlbumListPageActions.rangeViewed({ first: 0, last: 11 }));
    // The photographer searches while the first page is in flight: that answer is stale.
    store.dispatch(AlbumListPageActions.opened({ query: { search: 'Album 59' } }));
    const stale = requests.filter((request) => !request.query.search);
    requests = requests.filter((request) => request.query.search);
    stale.forEach(({ answer }) => {
      answer.next({ items: studio.slice(0, LIST_PAGE_SIZE), totalCount: 600 });
      answer.complete();
    });
    expect(held().synced).toEqual([]);
  });

  it("does not bring back, with an answer's replayed events, an album scrolled away meanwhile", () => {
    store.dispatch(AlbumListPageActions.opened({ query: {} }));
    store.dispatch(AlbumListPageActions.rangeViewed({ first: 0, last: 11 }));
    answerAll();
    store.dispatch(AlbumListPageActions.refreshRequested());
    // Its sync starts while the list's answer is in flight; then the list scrolls away.
    store.dispatch(
      HubEventActions.AlbumSyncStarted({
        event: { albumId: 'album-3', message: '', timestamp: '2026-01-01T00:00:00Z' },
      }),
    );
    store.dispatch(AlbumListPageActions.rangeViewed({ first: 300, last: 311 }));
    answerAll();
    // The cards now in view show their rows' syncs; album 3's event does not bring it back.
    expect(held()).toEqual({ synced: ids(300, 311), followed: ids(300, 311) });
  });
});
