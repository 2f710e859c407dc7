import type { Album, AlbumSummary, Transition } from '../../api/models';
import { HubEventActions, NotificationHubActions } from '../../realtime/notification-hub.actions';
import { AlbumDetailPageActions, AlbumListPageActions, AlbumsApiActions } from './albums.actions';
import {
  albumsFeature,
  selectAlbumRows,
  selectClientTransitions,
  selectFollowedAlbumIds,
  selectAlbum,
  selectNextStepsKnown,
  selectAlbumStatus,
  selectOwnTransitions,
  type AlbumsState,
} from './albums.feature';
import { LIST_KEPT_PAGES, LIST_PAGE_SIZE } from './album-pages';
import { clearSelectorOverrides } from './selectors.testing';

const reducer = albumsFeature.reducer;
const initial = reducer(undefined, { type: '@@init' });
const root = (albums: AlbumsState) => ({ albums });

const summary = (id: string, state: AlbumSummary['state'] = 'Init'): AlbumSummary => ({
  id,
  name: `Album ${id}`,
  state,
  coverUrl: null,
  photoCount: 0,
  syncing: false,
  modifiedAt: '2026-11-22T10:00:00Z',
});

const album = (id: string, state: Album['state'] = 'Init'): Album => ({
  ...summary(id, state),
  tags: [],
  sync: null,
});

const transitions: Transition[] = [
  {
    trigger: 'SyncStockTag',
    targetState: 'Stock',
    executableBy: 'Photographer',
    canExecute: false,
    reason: 'The Raw tag is not Ready',
  },
  {
    trigger: 'Rate',
    targetState: 'Rate',
    executableBy: 'Client',
    canExecute: false,
    reason: 'Waiting for the client',
  },
];

describe('albums feature', () => {
  beforeEach(() => clearSelectorOverrides());

  it('loads the list for the current query and ignores answers to an older one', () => {
    let state = reducer(initial, AlbumListPageActions.opened({ query: { search: 'wed' } }));
    expect(state.listStatus).toBe('loading');
    state = reducer(state, AlbumListPageActions.queryChanged({ query: { search: 'wedding' } }));
    const stale = reducer(
      state,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: { search: 'wed' },
        page: { items: [summary('old')], totalCount: 1 },
      }),
    );
    expect(stale).toBe(state);
    state = reducer(
      state,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: { search: 'wedding' },
        page: { items: [summary('a'), summary('b')], totalCount: 12 },
      }),
    );
    expect(selectAlbumRows(root(state)).map((a) => a.id)).toEqual(['a', 'b']);
    expect(state).toMatchObject({ listStatus: 'loaded', totalCount: 12 });
  });

  it('keeps the rows a refresh answers unchanged, so no card on screen is updated for it', () => {
    const answered = (items: AlbumSummary[]) =>
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: {},
        page: { items, totalCount: 2 },
      });
    let state = reducer(initial, AlbumListPageActions.opened({ query: {} }));
    state = reducer(state, answered([summary('a'), summary('b')]));
    const [a, b] = selectAlbumRows(root(state));
    state = reducer(state, answered([summary('a'), { ...summary('b'), name: 'Renamed' }]));
    const rows = selectAlbumRows(root(state));
    expect(rows[0]).toBe(a);
    expect(rows[1]).not.toBe(b);
    expect(rows[1].name).toBe('Renamed');
  });

  it('keeps a failed list load as an error with its sentence', () => {
    const state = reducer(
      reducer(initial, AlbumListPageActions.opened({ query: {} })),
      AlbumsApiActions.albumsLoadFailed({
        query: {},
        error: { status: 0, code: null, message: 'offline' },
      }),
    );
    expect(state).toMatchObject({ listStatus: 'error', listError: { message: 'offline' } });
  });

  it('opens an album: loading, then loaded, and the list row follows', () => {
    let state = reducer(
      initial,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: {},
        page: { items: [summary('a')], totalCount: 1 },
      }),
    );
    state = reducer(state, AlbumDetailPageActions.opened({ albumId: 'a' }));
    expect(selectAlbumStatus('a')(root(state))).toBe('loading');
    state = reducer(
      state,
      AlbumsApiActions.albumLoaded({
        replay: [],
        album: { ...album('a', 'Raw'), name: 'Renamed' },
      }),
    );
    expect(selectAlbum('a')(root(state))?.state).toBe('Raw');
    expect(state.entities['a']).toMatchObject({ state: 'Raw', name: 'Renamed' });
  });

  it("splits transitions into the photographer's buttons and the client's steps", () => {
    let state = reducer(initial, AlbumDetailPageActions.opened({ albumId: 'a' }));
    state = reducer(state, AlbumsApiActions.transitionsLoaded({ albumId: 'a', transitions }));
    expect(selectOwnTransitions('a')(root(state)).map((t) => t.trigger)).toEqual(['SyncStockTag']);
    expect(selectClientTransitions('a')(root(state)).map((t) => t.reason)).toEqual([
      'Waiting for the client',
    ]);
  });

  it('keeps the next steps known while an album opened again reloads, none included (a Final album has none)', () => {
    for (const held of [transitions, []]) {
      let state = reducer(initial, AlbumDetailPageActions.opened({ albumId: 'a' }));
      expect(selectNextStepsKnown('a')(root(state))).toBe(false);
      state = reducer(
        state,
        AlbumsApiActions.albumLoaded({ replay: [], album: album('a', 'Final') }),
      );
      state = reducer(
        state,
        AlbumsApiActions.transitionsLoaded({ albumId: 'a', transitions: held }),
      );
      expect(selectNextStepsKnown('a')(root(state))).toBe(true);
      state = reducer(state, AlbumDetailPageActions.closed({ albumId: 'a' }));
      state = reducer(state, AlbumDetailPageActions.opened({ albumId: 'a' }));
      // The page shows what it holds while both answers come again: its body too.
      expect(selectNextStepsKnown('a')(root(state))).toBe(true);
    }
  });

  it('tracks the trigger being fired until the API answers', () => {
    let state = reducer(initial, AlbumDetailPageActions.opened({ albumId: 'a' }));
    state = reducer(
      state,
      AlbumDetailPageActions.triggerFired({ albumId: 'a', trigger: 'SyncRawTag' }),
    );
    expect(state.details['a'].pendingTrigger).toBe('SyncRawTag');
    state = reducer(
      state,
      AlbumsApiActions.triggerFailed({
        albumId: 'a',
        trigger: 'SyncRawTag',
        error: { status: 409, code: 'ALBUM_103A', message: 'no' },
      }),
    );
    expect(state.details['a'].pendingTrigger).toBeNull();
  });

  it('moves an album on AlbumStateChanged, and ignores albums it does not hold', () => {
    let state = reducer(
      initial,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: {},
        page: { items: [summary('a')], totalCount: 1 },
      }),
    );
    state = reducer(state, AlbumDetailPageActions.opened({ albumId: 'a' }));
    state = reducer(state, AlbumsApiActions.albumLoaded({ replay: [], album: album('a') }));
    const event = (albumId: string) =>
      HubEventActions.AlbumStateChanged({
        event: {
          albumId,
          oldState: 'Init',
          newState: 'Raw',
          message: '',
          timestamp: '2026-11-22T10:00:00Z',
        },
      });
    const moved = reducer(state, event('a'));
    expect(moved.entities['a']?.state).toBe('Raw');
    expect(moved.details['a'].album?.state).toBe('Raw');
    const stranger = reducer(state, event('stranger'));
    expect(stranger.entities).toEqual(state.entities);
    expect(stranger.details).toEqual(state.details);
    expect(stranger.ids).toEqual(['a']);
  });

  it('forgets a deleted album, and reads the list again (every later page moved)', () => {
    let state = reducer(
      initial,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: {},
        page: { items: [summary('a'), summary('b')], totalCount: 2 },
      }),
    );
    state = reducer(state, AlbumsApiActions.albumDeleted({ albumId: 'a' }));
    expect(state.ids).toEqual([]);
    expect(state.pages).toEqual({});
    expect(state.totalCount).toBe(1);
  });

  it('ends a lingering list when the connection drops: the reconnect re-reads only what is shown', () => {
    let state = reducer(initial, AlbumListPageActions.opened({ query: {} }));
    state = reducer(
      state,
      AlbumsApiActions.albumsLoaded({
        replay: [],
        followed: [],
        query: {},
        page: { items: [summary('a'), summary('b')], totalCount: 2 },
      }),
    );
    state = reducer(state, AlbumListPageActions.rangeViewed({ first: 0, last: 1 }));
    state = reducer(state, AlbumListPageActions.closed());
    expect(selectFollowedAlbumIds(root(state))).toEqual(['a', 'b']);
    const connection = (status: 'Connected' | 'Reconnecting') =>
      NotificationHubActions.connectionStateChanged({
        connection: { status, lastError: null, nextRetryAt: null },
      });
    // Still connected: the list keeps following its cards.
    expect(reducer(state, connection('Connected')).list).toBe('lingering');
    state = reducer(state, connection('Reconnecting'));
    expect(state.list).toBe('closed');
    expect(selectFollowedAlbumIds(root(state))).toEqual([]);
    // A shown list is not touched by a drop.
    const shown = reducer(state, AlbumListPageActions.opened({ query: {} }));
    expect(reducer(shown, connection('Reconnecting')).list).toBe('shown');
  });

  it('holds only the pages near the viewport: a fling through 4,800 albums keeps a few hundred rows', () => {
    const pages = 100;
    const totalCount = pages * LIST_PAGE_SIZE;
    let state = reducer(initial, AlbumListPageActions.opened({ query: {} }));
    for (let page = 1; page <= pages; page++) {
      const first = (page - 1) * LIST_PAGE_SIZE;
      state = reducer(state, AlbumListPageActions.rangeViewed({ first, last: first + 23 }));
      const items = Array.from({ length: LIST_PAGE_SIZE }, (_, index) =>
        summary(`album-${first + index}`),
      );
      state = reducer(
        state,
        AlbumsApiActions.albumsLoaded({
          replay: [],
          followed: [],
          query: { page, pageSize: LIST_PAGE_SIZE },
          page: { items, totalCount },
        }),
      );
    }
    const held = Object.keys(state.pages).map(Number);
    // The wanted pages (at most two here) and LIST_KEPT_PAGES on either side.
    expect(held.length).toBeLessThanOrEqual(2 + 2 * LIST_KEPT_PAGES);
    expect(held).toContain(pages);
    expect(held).toContain(pages - LIST_KEPT_PAGES);
    expect(held).not.toContain(1);
    expect(state.ids.length).toBe(held.length * LIST_PAGE_SIZE);
    expect(Object.keys(state.rowIssued).length).toBeLessThanOrEqual(state.ids.length);
    expect(state.totalCount).toBe(totalCount);
  });
});
