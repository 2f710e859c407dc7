import { TestBed } from '@angular/core/testing';
import { HttpErrorResponse } from '@angular/common/http';
import { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, Subject, VirtualTimeScheduler, of, throwError } from 'rxjs';
import type { Album, AlbumSummary, Page, Photo, PhotoSyncProgress } from '../../api/models';
import type { PhotoflowApi } from '../../api/photoflow-api';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import type { SignalRService } from '../../realtime/signalr.service';
import { AlbumDetailPageActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import * as effects from './albums.effects';
import { selectAlbumDetails, selectAlbumListStatus, selectAlbumQuery } from './albums.feature';
import { photosFeature, type PhotosState } from './photos.feature';

const album = (id: string): Album => ({
  id,
  name: id,
  state: 'Raw',
  coverUrl: null,
  photoCount: 0,
  modifiedAt: '2026-11-22T10:00:00Z',
  tags: [],
  sync: null,
});

const emptyPhotos: PhotosState = {
  ids: [],
  entities: {},
  albumId: 'a',
  tagId: 't',
  totalCount: 0,
  pages: {},
  visibleRange: { first: 0, last: 99 },
};

describe('albums effects', () => {
  let actions$: Subject<Action>;
  let store: MockStore;
  let api: { [K in keyof PhotoflowApi]?: ReturnType<typeof vi.fn> };
  let hub: { joinAlbumGroup: ReturnType<typeof vi.fn>; leaveAlbumGroup: ReturnType<typeof vi.fn> };
  let output: Action[];

  beforeEach(() => {
    actions$ = new Subject<Action>();
    TestBed.configureTestingModule({
      providers: [
        provideMockStore({
          selectors: [
            { selector: selectAlbumQuery, value: { search: 'wedding' } },
            { selector: selectAlbumListStatus, value: 'loaded' },
            { selector: selectAlbumDetails, value: { a: {} } },
            { selector: photosFeature.selectPhotosState, value: emptyPhotos },
          ],
        }),
      ],
    });
    store = TestBed.inject(MockStore);
    api = {
      getAlbum: vi.fn((id: string) => of(album(id))),
      getTransitions: vi.fn(() => of([])),
      getTags: vi.fn(() => of([])),
      listAlbums: vi.fn(() => of({ items: [], totalCount: 0 })),
      getPhotos: vi.fn(() => of({ items: [], totalCount: 0 })),
      fireTrigger: vi.fn(() => of({ album: album('a'), syncStarted: true })),
    };
    hub = { joinAlbumGroup: vi.fn(), leaveAlbumGroup: vi.fn() };
    output = [];
  });

  afterEach(() => store.resetSelectors());

  const run = (effect: Observable<Action | unknown>) =>
    effect.subscribe((action) => output.push(action as Action));
  const actions = () => actions$ as unknown as Actions;
  const fakeApi = () => api as unknown as PhotoflowApi;
  const fakeHub = () => hub as unknown as SignalRService;

  it('joins the album group when the detail opens and leaves it when it closes', () => {
    run(effects.joinAlbumGroup(actions(), fakeHub()));
    run(effects.leaveAlbumGroup(actions(), fakeHub()));
    actions$.next(AlbumDetailPageActions.opened({ albumId: 'a' }));
    expect(hub.joinAlbumGroup).toHaveBeenCalledWith('a');
    expect(hub.leaveAlbumGroup).not.toHaveBeenCalled();
    actions$.next(AlbumDetailPageActions.closed({ albumId: 'a' }));
    expect(hub.leaveAlbumGroup).toHaveBeenCalledWith('a');
  });

  it('loads the album and its transitions on open', () => {
    run(effects.loadAlbum(actions(), store, fakeApi()));
    run(effects.loadTransitions(actions(), store, fakeApi()));
    actions$.next(AlbumDetailPageActions.opened({ albumId: 'a' }));
    expect(output).toEqual([
      AlbumsApiActions.albumLoaded({ album: album('a') }),
      AlbumsApiActions.transitionsLoaded({ albumId: 'a', transitions: [] }),
    ]);
  });

  it('refetches the album and its transitions when its state changes, not for albums it does not hold', () => {
    run(effects.loadAlbum(actions(), store, fakeApi()));
    run(effects.loadTransitions(actions(), store, fakeApi()));
    const changed = (albumId: string) =>
      NotificationHubActions.albumStateChanged({
        event: {
          albumId,
          oldState: 'Init',
          newState: 'Raw',
          message: '',
          timestamp: '2026-11-22T10:00:00Z',
        },
      });
    actions$.next(changed('stranger'));
    expect(api.getAlbum).not.toHaveBeenCalled();
    actions$.next(changed('a'));
    expect(api.getAlbum).toHaveBeenCalledWith('a');
    expect(api.getTransitions).toHaveBeenCalledWith('a');
  });

  it('refetches the snapshot of every joined album after a reconnect', () => {
    run(effects.loadAlbum(actions(), store, fakeApi()));
    actions$.next(NotificationHubActions.reconnected({ albumIds: ['a', 'b'] }));
    expect(api.getAlbum!.mock.calls).toEqual([['a'], ['b']]);
    expect(output).toEqual([
      AlbumsApiActions.albumLoaded({ album: album('a') }),
      AlbumsApiActions.albumLoaded({ album: album('b') }),
    ]);
  });

  it('cancels a stale album request when a newer one for the same album starts', () => {
    const answers: Subject<Album>[] = [];
    api.getAlbum = vi.fn(() => {
      const answer = new Subject<Album>();
      answers.push(answer);
      return answer;
    });
    run(effects.loadAlbum(actions(), store, fakeApi()));
    actions$.next(AlbumDetailPageActions.opened({ albumId: 'a' }));
    actions$.next(AlbumDetailPageActions.refreshRequested({ albumId: 'a' }));
    answers[0].next({ ...album('a'), name: 'stale' });
    answers[1].next({ ...album('a'), name: 'fresh' });
    expect(output).toEqual([
      AlbumsApiActions.albumLoaded({ album: { ...album('a'), name: 'fresh' } }),
    ]);
  });

  it('refetches tags when a tag is created or changes status', () => {
    run(effects.loadTags(actions(), store, fakeApi()));
    actions$.next(
      NotificationHubActions.albumTagCreated({
        event: { albumId: 'a', albumTagId: 't', message: '', timestamp: '2026-11-22T10:00:00Z' },
      }),
    );
    expect(output).toEqual([AlbumsApiActions.tagsLoaded({ albumId: 'a', tags: [] })]);
  });

  it('fires a trigger, and turns a refusal into a failure with its sentence', () => {
    run(effects.fireTrigger(actions(), fakeApi()));
    actions$.next(AlbumDetailPageActions.triggerFired({ albumId: 'a', trigger: 'SyncRawTag' }));
    api.fireTrigger = vi.fn(() =>
      throwError(() => new HttpErrorResponse({ status: 409, error: { code: 'ALBUM_103A' } })),
    );
    actions$.next(AlbumDetailPageActions.triggerFired({ albumId: 'a', trigger: 'Finish' }));
    expect(output).toEqual([
      AlbumsApiActions.triggerSucceeded({
        albumId: 'a',
        trigger: 'SyncRawTag',
        album: album('a'),
        syncStarted: true,
      }),
      AlbumsApiActions.triggerFailed({
        albumId: 'a',
        trigger: 'Finish',
        error: {
          status: 409,
          code: 'ALBUM_103A',
          message: 'This step is not possible from the album’s current stage.',
        },
      }),
    ]);
  });

  it('loads the list for the current query, and again after a reconnect', () => {
    const page: Page<AlbumSummary> = { items: [], totalCount: 0 };
    run(effects.loadAlbums(actions(), store, fakeApi()));
    actions$.next(AlbumListPageActions.refreshRequested());
    actions$.next(NotificationHubActions.reconnected({ albumIds: [] }));
    expect(api.listAlbums!.mock.calls).toEqual([[{ search: 'wedding' }], [{ search: 'wedding' }]]);
    expect(output[0]).toEqual(
      AlbumsApiActions.albumsLoaded({ query: { search: 'wedding' }, page }),
    );
  });

  it('follows every album the list shows, and lets go of the ones it no longer shows', () => {
    run(effects.followListedAlbums(actions(), fakeHub()));
    const listed = (...ids: string[]) =>
      AlbumsApiActions.albumsLoaded({
        query: {},
        page: { items: ids.map((id) => ({ ...album(id), syncing: id === 'b' })), totalCount: 3 },
      });
    actions$.next(listed('a', 'b'));
    actions$.next(listed('b', 'c'));
    actions$.next(AlbumListPageActions.closed());
    expect(hub.joinAlbumGroup.mock.calls).toEqual([['a'], ['b'], ['c']]);
    expect(hub.leaveAlbumGroup.mock.calls).toEqual([['a'], ['b'], ['c']]);
  });

  describe('photos', () => {
    const photos = (count: number): Page<Photo> => ({ items: [], totalCount: count });

    it('fetches only the pages the grid shows that are not loaded yet', () => {
      store.overrideSelector(photosFeature.selectPhotosState, {
        ...emptyPhotos,
        pages: { 1: { status: 'loaded', ids: [] } },
      });
      store.refreshState();
      run(effects.loadPhotos(actions(), store, fakeApi()));
      actions$.next(
        AlbumDetailPageActions.photoRangeViewed({ albumId: 'a', tagId: 't', first: 50, last: 250 }),
      );
      expect(api.getPhotos!.mock.calls).toEqual([
        ['a', 't', 2, 100],
        ['a', 't', 3, 100],
      ]);
    });

    it('re-fetches the visible pages while the tag syncs, at most once a second', () => {
      const scheduler = new VirtualTimeScheduler();
      api.getPhotos = vi.fn(() => of(photos(10)));
      run(effects.loadPhotos(actions(), store, fakeApi(), scheduler));
      const progress = (albumTagId: string, processedCount: number): PhotoSyncProgress => ({
        albumId: 'a',
        albumTagId,
        processedCount,
        totalCount: 2000,
        albumTagType: 'Raw',
        timestamp: '2026-11-22T10:00:00Z',
      });
      for (let i = 1; i <= 30; i++) {
        actions$.next(
          NotificationHubActions.photoSyncProgressed({ events: [progress('t', i * 50)] }),
        );
      }
      actions$.next(
        NotificationHubActions.photoSyncProgressed({ events: [progress('other-tag', 1)] }),
      );
      expect(api.getPhotos).toHaveBeenCalledTimes(1); // leading
      scheduler.flush();
      expect(api.getPhotos).toHaveBeenCalledTimes(2); // trailing
    });
  });
});
