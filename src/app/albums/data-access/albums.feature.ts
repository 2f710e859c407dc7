import { createEntityAdapter, type EntityState } from '@ngrx/entity';
import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import type { ApiError } from '../../api/api-error';
import type { Album, AlbumQuery, AlbumSummary, AlbumTrigger, Transition } from '../../api/models';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumListPageActions,
  AlbumsApiActions,
} from './albums.actions';
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

/**
 * A list row as the store keeps it: whether the album syncs is the sync feature's to say
 * (one owner; `selectListedAlbums` in listed-albums.ts puts the two together).
 */
export type AlbumRow = Omit<AlbumSummary, 'syncing'>;

export interface AlbumsState extends EntityState<AlbumRow> {
  readonly query: AlbumQuery;
  readonly totalCount: number;
  readonly listStatus: RequestStatus;
  readonly listError: ApiError | null;
  readonly createStatus: RequestStatus;
  readonly createError: ApiError | null;
  readonly selectedAlbumId: string | null;
  readonly details: Readonly<Record<string, AlbumDetail>>;
  /** Whether the list is shown: it follows its albums only then. */
  readonly listOpen: boolean;
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
  totalCount: 0,
  listStatus: 'idle',
  listError: null,
  createStatus: 'idle',
  createError: null,
  selectedAlbumId: null,
  details: {},
  listOpen: false,
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

/** The list's answer, row by row, except rows already showing a snapshot issued after it. */
function listLoaded(state: AlbumsState, rows: readonly AlbumSummary[], issued?: number) {
  if (issued === undefined) return { rows: rows.map(toRow), rowIssued: {} };
  const rowIssued: Record<string, number> = {};
  const kept = rows.map((row) => {
    const detail = state.details[row.id]?.album;
    const newer =
      (state.rowIssued[row.id] ?? 0) > issued
        ? (state.entities[row.id] ?? (detail ? toSummary(detail) : undefined))
        : undefined;
    rowIssued[row.id] = newer ? state.rowIssued[row.id] : issued;
    return newer ?? toRow(row);
  });
  return { rows: kept, rowIssued };
}

export const albumsFeature = createFeature({
  name: 'albums',
  reducer: replayingSnapshots<AlbumsState>(
    createReducer(
      initialState,
      // The list
      on(
        AlbumListPageActions.opened,
        AlbumListPageActions.queryChanged,
        (state, { query }): AlbumsState => ({
          ...state,
          query,
          listOpen: true,
          listStatus: 'loading',
          listError: null,
        }),
      ),
      on(AlbumListPageActions.closed, (state): AlbumsState => ({ ...state, listOpen: false })),
      on(AlbumListPageActions.refreshRequested, (state): AlbumsState => ({
        ...state,
        listStatus: 'loading',
        listError: null,
      })),
      on(AlbumsApiActions.albumsLoaded, (state, { query, page, issued }): AlbumsState => {
        if (!sameQuery(query, state.query)) return state; // an answer to an older query
        const { rows, rowIssued } = listLoaded(state, page.items, issued);
        return albumSummaryAdapter.setAll(rows, {
          ...state,
          rowIssued,
          totalCount: page.totalCount,
          listStatus: 'loaded',
          listError: null,
        });
      }),
      on(AlbumsApiActions.albumsLoadFailed, (state, { query, error }): AlbumsState =>
        sameQuery(query, state.query) ? { ...state, listStatus: 'error', listError: error } : state,
      ),
      on(AlbumListPageActions.createAlbumSubmitted, (state): AlbumsState => ({
        ...state,
        createStatus: 'loading',
        createError: null,
      })),
      on(AlbumsApiActions.albumCreated, (state, { album }): AlbumsState => {
        const next = albumLoaded({ ...state, createStatus: 'loaded' }, album);
        return albumSummaryAdapter.addOne(toSummary(album), {
          ...next,
          totalCount: next.totalCount + 1,
        });
      }),
      on(AlbumsApiActions.albumCreateFailed, (state, { error }): AlbumsState => ({
        ...state,
        createStatus: 'error',
        createError: error,
      })),

      // The detail
      on(AlbumDetailPageActions.opened, (state, { albumId }): AlbumsState =>
        patchDetail(
          { ...countView(state, albumId, 1), selectedAlbumId: albumId },
          albumId,
          (detail) => ({
            // Keep what we have on screen while it reloads.
            status: detail.album ? detail.status : 'loading',
            error: null,
            transitionsStatus: detail.transitions.length ? detail.transitionsStatus : 'loading',
          }),
          true,
        ),
      ),
      on(AlbumDetailPageActions.closed, (state, { albumId }): AlbumsState => {
        const next = countView(state, albumId, -1);
        return next.selectedAlbumId === albumId && !next.openAlbums[albumId]
          ? { ...next, selectedAlbumId: null }
          : next;
      }),
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
      on(AlbumsApiActions.albumDeleted, (state, { albumId }): AlbumsState => {
        return albumSummaryAdapter.removeOne(albumId, {
          ...state,
          details: withoutKey(state.details, albumId),
          totalCount: albumId in state.entities ? state.totalCount - 1 : state.totalCount,
          selectedAlbumId: state.selectedAlbumId === albumId ? null : state.selectedAlbumId,
        });
      }),
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
      on(NotificationHubActions.albumStateChanged, (state, { event }): AlbumsState => {
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
    selectDetails,
    selectSelectedAlbumId,
    selectListOpen,
    selectOpenAlbums,
  }) => {
    const { selectAll } = albumSummaryAdapter.getSelectors(selectAlbumsState);
    const selectSelectedDetail = createSelector(
      selectDetails,
      selectSelectedAlbumId,
      (details, albumId): AlbumDetail | null => (albumId ? (details[albumId] ?? null) : null),
    );
    const selectSelectedTransitions = createSelector(
      selectSelectedDetail,
      (detail) => detail?.transitions ?? [],
    );
    const selectOpenViews = createSelector(
      selectOpenAlbums,
      selectListOpen,
      selectAlbumsState,
      (openAlbums, listOpen, state): OpenViews => ({
        albums: new Set(Object.keys(openAlbums)),
        listed: listOpen ? new Set(state.ids as string[]) : null,
      }),
    );
    return {
      /** The views open now: what is followed, and what may go stale. */
      selectOpenViews,
      /** Albums followed: open in a detail view, or shown by the open list. */
      selectFollowedAlbumIds: createSelector(selectOpenViews, ({ albums, listed }) => [
        ...new Set([...albums, ...(listed ?? [])]),
      ]),
      /** The list's rows, in the backend's order (without `syncing`: see listed-albums.ts). */
      selectAlbumRows: selectAll,
      selectSelectedDetail,
      selectSelectedAlbum: createSelector(selectSelectedDetail, (detail) => detail?.album ?? null),
      selectSelectedAlbumStatus: createSelector(
        selectSelectedDetail,
        (detail): RequestStatus => detail?.status ?? 'idle',
      ),
      selectSelectedAlbumError: createSelector(
        selectSelectedDetail,
        (detail) => detail?.error ?? null,
      ),
      selectSelectedTransitions,
      /** Transitions the photographer's side fires (Photographer or Admin): one button each. */
      selectOwnTransitions: createSelector(selectSelectedTransitions, (transitions) =>
        transitions.filter((t) => t.executableBy !== 'Client'),
      ),
      /** Steps waiting on the client: shown as a sentence, not a button. */
      selectClientTransitions: createSelector(selectSelectedTransitions, (transitions) =>
        transitions.filter((t) => t.executableBy === 'Client'),
      ),
      selectPendingTrigger: createSelector(
        selectSelectedDetail,
        (detail) => detail?.pendingTrigger ?? null,
      ),
    };
  },
});

function sameQuery(a: AlbumQuery, b: AlbumQuery): boolean {
  return (
    (a.search ?? '') === (b.search ?? '') &&
    (a.state ?? null) === (b.state ?? null) &&
    (a.page ?? 1) === (b.page ?? 1) &&
    (a.pageSize ?? null) === (b.pageSize ?? null)
  );
}

export const {
  selectQuery: selectAlbumQuery,
  selectTotalCount: selectAlbumTotalCount,
  selectListStatus: selectAlbumListStatus,
  selectListError: selectAlbumListError,
  selectCreateStatus: selectAlbumCreateStatus,
  selectCreateError: selectAlbumCreateError,
  selectSelectedAlbumId,
  selectListOpen,
  selectDetails: selectAlbumDetails,
  selectOpenViews,
  selectFollowedAlbumIds,
  selectAlbumRows,
  selectSelectedDetail,
  selectSelectedAlbum,
  selectSelectedAlbumStatus,
  selectSelectedAlbumError,
  selectSelectedTransitions,
  selectOwnTransitions,
  selectClientTransitions,
  selectPendingTrigger,
} = albumsFeature;

/** One album's detail by id (for a component that has the id as an input). */
export const selectAlbumDetail = (albumId: string) =>
  createSelector(selectAlbumDetails, (details) => details[albumId] ?? null);
