import { createEntityAdapter, type EntityState } from '@ngrx/entity';
import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { ApiError } from '../../api/api-error';
import type {
  Album,
  AlbumQuery,
  AlbumSummary,
  AlbumTrigger,
  Page,
  Transition,
} from '../../api/models';
import { HubEventActions, NotificationHubActions } from '../../realtime/notification-hub.actions';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumListPageActions,
  AlbumsApiActions,
} from './albums.actions';
import {
  LIST_FIRST_SCREEN,
  idsInRange,
  keepPages,
  keptPages,
  listSlots,
  toListPage,
  wantedPages,
  withPage,
  type ListPages,
  type ListRange,
} from './album-pages';
import { entryOf, perAlbumId } from './album-selector';
import type { OpenViews } from './invalidation';
import type { RequestStatus } from './request-status';
import { replayingSnapshots } from './snapshot-replay';
import { withoutKey } from './without-key';

/** One album opened in detail: the album, its allowed transitions, and their requests. */
export interface AlbumDetail {
  readonly albumId: string;
  readonly album: Album | null;
  readonly status: RequestStatus;
  readonly error: ApiError | null;
  readonly transitions: readonly Transition[];
  readonly transitionsStatus: RequestStatus;
  /** The trigger being fired right now, to disable the buttons meanwhile. */
  readonly pendingTrigger: AlbumTrigger | null;
}

/** The list on screen, away for a moment (its albums still followed), or closed. */
export type ListPresence = 'shown' | 'lingering' | 'closed';

/**
 * A list row as the store keeps it: whether the album syncs is the sync feature's to say
 * (one owner; `selectListedAlbumSlots` in listed-albums.ts puts the two together).
 */
export type AlbumRow = Omit<AlbumSummary, 'syncing'>;

export interface AlbumsState extends EntityState<AlbumRow> {
  /** The list's search and stage; its pages are `pages`. */
  readonly query: AlbumQuery;
  /** The pages of the list loaded now, by number (from 1): see album-pages.ts. */
  readonly pages: ListPages;
  /**
   * The positions of the cards in or near the viewport, as the list last said; null until
   * it has said (nothing of the list is followed then).
   */
  readonly viewed: ListRange | null;
  /** Until it has: the position the list opens at (its place before a reload), to read first. */
  readonly start: number;
  readonly totalCount: number;
  readonly listStatus: RequestStatus;
  readonly listError: ApiError | null;
  readonly createStatus: RequestStatus;
  readonly createError: ApiError | null;
  readonly details: Readonly<Record<string, AlbumDetail>>;
  /** The list follows the albums near its viewport while shown, and a moment after. */
  readonly list: ListPresence;
  /** Albums open in a detail view, with how many views show each. */
  readonly openAlbums: Readonly<Record<string, number>>;
  /**
   * The issue order of the snapshot each list row was last written from (snapshot-replay.ts):
   * a row is never overwritten by a snapshot issued before the one it shows.
   */
  readonly rowIssued: Readonly<Record<string, number>>;
}

export const albumSummaryAdapter = createEntityAdapter<AlbumRow>();

const initialState: AlbumsState = albumSummaryAdapter.getInitialState({
  query: {},
  pages: {},
  viewed: null,
  start: 0,
  totalCount: 0,
  listStatus: 'idle',
  listError: null,
  createStatus: 'idle',
  createError: null,
  details: {},
  list: 'closed',
  openAlbums: {},
  rowIssued: {},
});

function countView(state: AlbumsState, albumId: string, delta: 1 | -1): AlbumsState {
  const openAlbums = { ...state.openAlbums };
  const count = (openAlbums[albumId] ?? 0) + delta;
  if (count > 0) openAlbums[albumId] = count;
  else delete openAlbums[albumId];
  return { ...state, openAlbums };
}

const emptyDetail = (albumId: string): AlbumDetail => ({
  albumId,
  album: null,
  status: 'idle',
  error: null,
  transitions: [],
  transitionsStatus: 'idle',
  pendingTrigger: null,
});

/** Applies `change` to one album's detail; creates it only when `create` is set. */
function patchDetail(
  state: AlbumsState,
  albumId: string,
  change: (detail: AlbumDetail) => Partial<AlbumDetail>,
  create = false,
): AlbumsState {
  const detail = state.details[albumId] ?? (create ? emptyDetail(albumId) : undefined);
  if (!detail) return state;
  return { ...state, details: { ...state.details, [albumId]: { ...detail, ...change(detail) } } };
}

/** A full album as the list's row shows it. */
const toSummary = (album: Album): AlbumRow => ({
  id: album.id,
  name: album.name,
  state: album.state,
  coverUrl: album.coverUrl,
  photoCount: album.photoCount,
  modifiedAt: album.modifiedAt,
});

/** The list's answer as rows: its `syncing` goes to the sync feature. */
const toRow = ({ syncing: _, ...row }: AlbumSummary): AlbumRow => row;

/**
 * The answer's row, or the row held when it says the same: a refresh that changes nothing
 * leaves the cards' albums as they were, so no card on screen is updated for it.
 */
function freshRow(held: AlbumRow | undefined, answer: AlbumSummary): AlbumRow {
  const row = toRow(answer);
  if (!held) return row;
  const fields = Object.keys(row) as (keyof AlbumRow)[];
  const same =
    fields.length === Object.keys(held).length &&
    fields.every((field) => held[field] === row[field]);
  return same ? held : row;
}

/** Keeps the list's row in step with a fresher full album. */
function syncSummary(state: AlbumsState, album: Album): AlbumsState {
  return albumSummaryAdapter.updateOne({ id: album.id, changes: toSummary(album) }, state);
}

/** A full album: its detail while a view shows it, and its row in the list. */
function albumLoaded(state: AlbumsState, album: Album, issued?: number): AlbumsState {
  const next = patchDetail(
    state,
    album.id,
    () => ({ album, status: 'loaded', error: null }),
    album.id in state.openAlbums,
  );
  if (issued === undefined) return syncSummary(next, album);
  if ((state.rowIssued[album.id] ?? 0) > issued) return next; // the row shows a newer snapshot
  return syncSummary({ ...next, rowIssued: { ...next.rowIssued, [album.id]: issued } }, album);
}

/** A page's rows, except rows already showing a snapshot issued after it. */
function pageRows(state: AlbumsState, rows: readonly AlbumSummary[], issued?: number) {
  const fresh = (row: AlbumSummary) => freshRow(state.entities[row.id], row);
  if (issued === undefined) return { rows: rows.map(fresh), rowIssued: state.rowIssued };
  const rowIssued: Record<string, number> = { ...state.rowIssued };
  const kept = rows.map((row) => {
    const detail = state.details[row.id]?.album;
    const newer =
      (state.rowIssued[row.id] ?? 0) > issued
        ? (state.entities[row.id] ?? (detail ? toSummary(detail) : undefined))
        : undefined;
    if (!newer) rowIssued[row.id] = issued;
    return newer ?? fresh(row);
  });
  return { rows: kept, rowIssued };
}

/** The list's answer for one page, shown only beside pages of the same moment (album-pages.ts). */
function pageLoaded(
  state: AlbumsState,
  query: AlbumQuery,
  answer: Page<AlbumSummary>,
  issued?: number,
): AlbumsState {
  const number = query.page ?? 1;
  const shown = withPage(
    state.pages,
    number,
    toListPage(answer.items, answer.totalCount, issued ?? 0),
  );
  if (!shown) return state;
  const pages = keepPages(shown, keptPages(viewedOrStart(state), answer.totalCount));
  const { rows, rowIssued } = pageRows(state, answer.items, issued);
  return withPages(albumSummaryAdapter.setMany(rows, state), pages, {
    rowIssued,
    totalCount: answer.totalCount,
    listStatus: 'loaded',
    listError: null,
  });
}

/** The list's pages replaced: the rows of pages no longer held go with them. */
function withPages(
  state: AlbumsState,
  pages: ListPages,
  changes: Partial<AlbumsState> = {},
): AlbumsState {
  const held = new Set(Object.values(pages).flatMap((page) => page.ids));
  const gone = (state.ids as string[]).filter((id) => !held.has(id));
  const rowIssued = { ...(changes.rowIssued ?? state.rowIssued) };
  for (const id of gone) delete rowIssued[id];
  return albumSummaryAdapter.removeMany(gone, { ...state, ...changes, pages, rowIssued });
}

/** The cards near the viewport; before the list has said, a screen of cards from its start. */
const viewedOrStart = (state: AlbumsState): ListRange =>
  state.viewed ?? {
    first: state.start,
    last: state.start + LIST_FIRST_SCREEN.last,
  };

/** A refresh keeps on screen what it is about to re-read, and drops the pages out of view. */
function refreshing(state: AlbumsState): AlbumsState {
  const known = Object.keys(state.pages).length > 0 ? state.totalCount : null;
  return withPages(state, keepPages(state.pages, wantedPages(viewedOrStart(state), known)), {
    listStatus: 'loading',
    listError: null,
  });
}

export const albumsFeature = createFeature({
  name: 'albums',
  reducer: replayingSnapshots<AlbumsState>(
    createReducer(
      initialState,
      // The list
      on(AlbumListPageActions.opened, (state, { query, start }): AlbumsState => {
        const shown = { ...state, list: 'shown' as const, start: start ?? state.start };
        // Back on the same list: its pages stay on screen while they are read again.
        if (sameQuery(query, state.query)) return refreshing(shown);
        return withPages(
          { ...shown, query, viewed: null },
          {},
          { totalCount: 0, listStatus: 'loading', listError: null },
        );
      }),
      on(AlbumListPageActions.queryChanged, (state, { query }): AlbumsState =>
        withPages(
          { ...state, query, viewed: null, start: 0 },
          {},
          { totalCount: 0, listStatus: 'loading', listError: null },
        ),
      ),
      on(AlbumListPageActions.rangeViewed, (state, { first, last }): AlbumsState =>
        state.viewed?.first === first && state.viewed.last === last
          ? state
          : { ...state, viewed: { first, last } },
      ),
      on(AlbumListPageActions.closed, (state): AlbumsState => ({ ...state, list: 'lingering' })),
      on(AlbumFollowingActions.listLingerEnded, (state): AlbumsState =>
        state.list === 'lingering' ? { ...state, list: 'closed' } : state,
      ),
      // A lost connection ends the linger: what the list held is no longer kept true, so it
      // is read again when shown, not re-fetched on the reconnect for a page not on screen.
      on(NotificationHubActions.connectionStateChanged, (state, { connection }): AlbumsState =>
        state.list === 'lingering' && connection.status !== 'Connected'
          ? { ...state, list: 'closed' }
          : state,
      ),
      on(
        AlbumListPageActions.refreshRequested,
        AlbumFollowingActions.listStale,
        (state): AlbumsState => refreshing(state),
      ),
      on(AlbumsApiActions.albumsLoaded, (state, { query, page, issued }): AlbumsState =>
        // An answer to an older query changes nothing.
        sameQuery(query, state.query) ? pageLoaded(state, query, page, issued) : state,
      ),
      on(AlbumsApiActions.albumsLoadFailed, (state, { query, error }): AlbumsState =>
        sameQuery(query, state.query) ? { ...state, listStatus: 'error', listError: error } : state,
      ),
      on(AlbumListPageActions.createAlbumSubmitted, (state): AlbumsState => ({
        ...state,
        createStatus: 'loading',
        createError: null,
      })),
      // A new album goes on top: every page moves by one, so the list is read again.
      on(AlbumsApiActions.albumCreated, (state, { album }): AlbumsState =>
        albumLoaded(
          withPages(state, {}, { createStatus: 'loaded', totalCount: state.totalCount + 1 }),
          album,
        ),
      ),
      on(AlbumsApiActions.albumCreateFailed, (state, { error }): AlbumsState => ({
        ...state,
        createStatus: 'error',
        createError: error,
      })),

      // The detail
      on(AlbumDetailPageActions.opened, (state, { albumId }): AlbumsState =>
        patchDetail(
          countView(state, albumId, 1),
          albumId,
          (detail) => ({
            // Keep what we have on screen while it reloads.
            status: detail.album ? detail.status : 'loading',
            error: null,
            // What can be done next, once answered (none, for a Final album), stays known.
            transitionsStatus:
              detail.transitions.length || detail.transitionsStatus === 'loaded'
                ? detail.transitionsStatus
                : 'loading',
          }),
          true,
        ),
      ),
      on(AlbumDetailPageActions.closed, (state, { albumId }): AlbumsState =>
        countView(state, albumId, -1),
      ),
      on(AlbumFollowingActions.albumUnfollowed, (state, { albumId }): AlbumsState => {
        const details = withoutKey(state.details, albumId);
        return details === state.details ? state : { ...state, details };
      }),
      on(AlbumsApiActions.albumLoaded, (state, { album, issued }): AlbumsState =>
        albumLoaded(state, album, issued),
      ),
      // A rename answers with the album, but only its name is news: the rest may be older
      // than events already applied.
      on(AlbumsApiActions.albumRenamed, (state, { album }): AlbumsState => {
        const next = patchDetail(state, album.id, (detail) => ({
          album: detail.album ? { ...detail.album, name: album.name } : album,
        }));
        return albumSummaryAdapter.updateOne({ id: album.id, changes: { name: album.name } }, next);
      }),
      on(AlbumsApiActions.albumLoadFailed, (state, { albumId, error }): AlbumsState =>
        patchDetail(state, albumId, () => ({ status: 'error', error })),
      ),
      // Every page after it moves by one: the list is read again.
      on(AlbumsApiActions.albumDeleted, (state, { albumId }): AlbumsState =>
        withPages(
          albumSummaryAdapter.removeOne(albumId, {
            ...state,
            details: withoutKey(state.details, albumId),
          }),
          {},
          {
            totalCount: albumId in state.entities ? state.totalCount - 1 : state.totalCount,
          },
        ),
      ),
      on(AlbumsApiActions.transitionsLoaded, (state, { albumId, transitions }): AlbumsState =>
        patchDetail(state, albumId, () => ({ transitions, transitionsStatus: 'loaded' })),
      ),
      on(AlbumsApiActions.transitionsLoadFailed, (state, { albumId }): AlbumsState =>
        patchDetail(state, albumId, () => ({ transitionsStatus: 'error' })),
      ),
      on(AlbumDetailPageActions.triggerFired, (state, { albumId, trigger }): AlbumsState =>
        patchDetail(state, albumId, () => ({ pendingTrigger: trigger })),
      ),
      on(AlbumsApiActions.triggerSucceeded, (state, { album, issued }): AlbumsState =>
        albumLoaded(
          patchDetail(state, album.id, () => ({ pendingTrigger: null })),
          album,
          issued,
        ),
      ),
      on(AlbumsApiActions.triggerFailed, (state, { albumId }): AlbumsState =>
        patchDetail(state, albumId, () => ({ pendingTrigger: null })),
      ),

      // The hub: change only albums we hold; an unknown album's event changes nothing.
      on(HubEventActions.AlbumStateChanged, (state, { event }): AlbumsState => {
        const next = patchDetail(state, event.albumId, (detail) => ({
          album: detail.album ? { ...detail.album, state: event.newState } : null,
        }));
        return albumSummaryAdapter.updateOne(
          { id: event.albumId, changes: { state: event.newState } },
          next,
        );
      }),
    ),
  ),
  extraSelectors: ({
    selectAlbumsState,
    selectList,
    selectOpenAlbums,
    selectPages,
    selectViewed,
    selectTotalCount,
    selectListStatus,
  }) => {
    const { selectAll, selectEntities } = albumSummaryAdapter.getSelectors(selectAlbumsState);
    const selectOpenViews = createSelector(
      selectOpenAlbums,
      selectList,
      selectAlbumsState,
      (openAlbums, list, state): OpenViews => ({
        albums: new Set(Object.keys(openAlbums)),
        // A lingering list still follows its cards, so it is kept true as a shown one is.
        listed: list === 'closed' ? null : new Set(state.ids as string[]),
      }),
    );
    /** The list's pages for the cards near the viewport and those about to come into it. */
    const selectWantedListPages = createSelector(
      selectPages,
      selectAlbumsState,
      selectTotalCount,
      (pages, state, totalCount) =>
        wantedPages(viewedOrStart(state), Object.keys(pages).length > 0 ? totalCount : null),
    );
    return {
      /** The views open now: what is followed, and what may go stale. */
      selectOpenViews,
      /**
       * Albums followed: open in a detail view, or with a card in or near the list's
       * viewport while the list is shown (and for a moment after, so a trip to an album
       * and back keeps them).
       */
      selectFollowedAlbumIds: createSelector(
        selectOpenAlbums,
        selectList,
        selectPages,
        selectViewed,
        (openAlbums, list, pages, viewed) => [
          ...new Set([
            ...Object.keys(openAlbums),
            ...(list === 'closed' || !viewed ? [] : idsInRange(pages, viewed)),
          ]),
        ],
      ),
      selectWantedListPages,
      /** Wanted pages not loaded, while the list is shown and not failing. */
      selectListPagesToLoad: createSelector(
        selectWantedListPages,
        selectPages,
        selectList,
        selectListStatus,
        (wanted, pages, list, status) =>
          list === 'shown' && status !== 'error' ? wanted.filter((page) => !pages[page]) : [],
      ),
      /** One slot per position of the list: its album, or null while its page loads. */
      selectAlbumSlots: createSelector(
        selectPages,
        selectTotalCount,
        selectEntities,
        (pages, totalCount, entities): (AlbumRow | null)[] =>
          listSlots(pages, totalCount).map((id) => (id ? (entities[id] ?? null) : null)),
      ),
      /** The list's rows, in the backend's order (without `syncing`: see listed-albums.ts). */
      selectAlbumRows: selectAll,
    };
  },
});

/** The same list: its pages are answers to one query. */
function sameQuery(a: AlbumQuery, b: AlbumQuery): boolean {
  return (a.search ?? '') === (b.search ?? '') && (a.state ?? null) === (b.state ?? null);
}

export const {
  selectQuery: selectAlbumQuery,
  selectTotalCount: selectAlbumTotalCount,
  selectListStatus: selectAlbumListStatus,
  selectListError: selectAlbumListError,
  selectCreateStatus: selectAlbumCreateStatus,
  selectCreateError: selectAlbumCreateError,
  selectDetails: selectAlbumDetails,
  selectOpenViews,
  selectFollowedAlbumIds,
  selectWantedListPages,
  selectListPagesToLoad,
  selectAlbumSlots,
  selectViewed: selectAlbumListViewed,
  selectList: selectAlbumListPresence,
  selectPages: selectAlbumListPages,
  selectAlbumRows,
} = albumsFeature;

// One album, for the page that shows it: the page passes its route's input.

/** One album's detail: the album, its transitions and their requests; null until opened. */
export const selectAlbumDetail = perAlbumId((albumId) =>
  createSelector(selectAlbumDetails, (details): AlbumDetail | null => entryOf(details, albumId)),
);

export const selectAlbum = perAlbumId((albumId) =>
  createSelector(selectAlbumDetail(albumId), (detail) => detail?.album ?? null),
);

export const selectAlbumStatus = perAlbumId((albumId) =>
  createSelector(selectAlbumDetail(albumId), (detail): RequestStatus => detail?.status ?? 'idle'),
);

export const selectAlbumError = perAlbumId((albumId) =>
  createSelector(selectAlbumDetail(albumId), (detail) => detail?.error ?? null),
);

export const selectAlbumTransitions = perAlbumId((albumId) =>
  createSelector(selectAlbumDetail(albumId), (detail) => detail?.transitions ?? []),
);

/**
 * Whether what can be done next is known: the transitions answered (or failed), or held
 * from before. The album page's body waits for it with the album (both are asked together),
 * so that its workflow panel does not grow under the photo sets when the second answer lands.
 */
export const selectNextStepsKnown = perAlbumId((albumId) =>
  createSelector(
    selectAlbumDetail(albumId),
    (detail) =>
      (detail?.transitions.length ?? 0) > 0 ||
      detail?.transitionsStatus === 'loaded' ||
      detail?.transitionsStatus === 'error',
  ),
);

/** Transitions the photographer's side fires (Photographer or Admin): one button each. */
export const selectOwnTransitions = perAlbumId((albumId) =>
  createSelector(selectAlbumTransitions(albumId), (transitions) =>
    transitions.filter((t) => t.executableBy !== 'Client'),
  ),
);

/** Steps waiting on the client: shown as a sentence, not a button. */
export const selectClientTransitions = perAlbumId((albumId) =>
  createSelector(selectAlbumTransitions(albumId), (transitions) =>
    transitions.filter((t) => t.executableBy === 'Client'),
  ),
);

/** The trigger being fired now, to disable the buttons meanwhile. */
export const selectPendingTrigger = perAlbumId((albumId) =>
  createSelector(selectAlbumDetail(albumId), (detail) => detail?.pendingTrigger ?? null),
);

/**
 * The albums followed once a page of the list (`ids`, its albums in order) has landed:
 * those followed now, and the page's own whose cards its landing brings into the viewed
 * range. What the sync map keeps of a list answer (sync.feature.ts), so a page landing in
 * view shows its rows' syncs at once, and one out of view or of another query adds none.
 */
export const selectFollowedOnceLanded = (query: AlbumQuery, page: number, ids: readonly string[]) =>
  createSelector(
    selectFollowedAlbumIds,
    selectAlbumListPresence,
    selectAlbumListViewed,
    selectAlbumQuery,
    (followed, list, viewed, current) =>
      list === 'closed' || !viewed || !sameQuery(query, current)
        ? followed
        : [...new Set([...followed, ...idsInRange({ [page]: { ids } }, viewed)])],
  );
