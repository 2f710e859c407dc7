import { createEntityAdapter, type EntityState } from '@ngrx/entity';
import { createFeature, createReducer, createSelector, on } from '@ngrx/store';
import { instantOf } from '../../api/instant';
import { ALBUM_TAG_TYPES, type AlbumTag } from '../../api/models';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import {
  AlbumDetailPageActions,
  AlbumFollowingActions,
  AlbumsApiActions,
  PhotoViewerActions,
} from './albums.actions';
import { entryOf, perAlbumId } from './album-selector';
import type { RequestStatus } from './request-status';
import { replayingSnapshots } from './snapshot-replay';
import { withoutKey } from './without-key';

export interface TagsState extends EntityState<AlbumTag> {
  /** Loading of each album's tags. */
  readonly loadStatus: Readonly<Record<string, RequestStatus>>;
  /** The tag whose photos the detail page shows, per album. */
  readonly selectedTagIds: Readonly<Record<string, string>>;
  /** A folder link change or re-sync request in flight, per tag. */
  readonly tagRequests: Readonly<Record<string, RequestStatus>>;
  /**
   * Per album, the modifiedAt of the newest snapshot of its tags. A sync's start and end
   * both modify the album, so a status change at or before it is one the snapshot already
   * shows: replayed over the snapshot (snapshot-replay.ts), it would turn a tag back.
   */
  readonly seenAt: Readonly<Record<string, number>>;
}

/** Tags in workflow order (Raw, Stock, Rate, Retouch, Final). */
export const albumTagAdapter = createEntityAdapter<AlbumTag>({
  sortComparer: (a, b) => ALBUM_TAG_TYPES.indexOf(a.type) - ALBUM_TAG_TYPES.indexOf(b.type),
});

const initialState: TagsState = albumTagAdapter.getInitialState({
  loadStatus: {},
  selectedTagIds: {},
  tagRequests: {},
  seenAt: {},
});

/** Replaces one album's tags with a fresh list, leaving other albums' tags alone. */
function replaceAlbumTags(state: TagsState, albumId: string, tags: readonly AlbumTag[]): TagsState {
  const stale = (state.ids as string[]).filter(
    (id) => state.entities[id]?.albumId === albumId && !tags.some((tag) => tag.id === id),
  );
  return albumTagAdapter.upsertMany([...tags], albumTagAdapter.removeMany(stale, state));
}

const setRequest = (state: TagsState, tagId: string, status: RequestStatus): TagsState => ({
  ...state,
  tagRequests: { ...state.tagRequests, [tagId]: status },
});

export const tagsFeature = createFeature({
  name: 'tags',
  reducer: replayingSnapshots<TagsState>(
    createReducer(
      initialState,
      on(AlbumDetailPageActions.opened, (state, { albumId }): TagsState => ({
        ...state,
        loadStatus: {
          ...state.loadStatus,
          [albumId]: state.loadStatus[albumId] === 'loaded' ? 'loaded' : 'loading',
        },
      })),
      // Tags come with the album: one ordered source, never two unordered requests.
      on(
        AlbumsApiActions.albumLoaded,
        AlbumsApiActions.albumCreated,
        AlbumsApiActions.triggerSucceeded,
        (state, { album }): TagsState =>
          replaceAlbumTags(
            {
              ...state,
              loadStatus: { ...state.loadStatus, [album.id]: 'loaded' },
              seenAt: { ...state.seenAt, [album.id]: instantOf(album.modifiedAt) },
            },
            album.id,
            album.tags ?? [],
          ),
      ),
      on(AlbumsApiActions.albumLoadFailed, (state, { albumId }): TagsState => ({
        ...state,
        loadStatus: { ...state.loadStatus, [albumId]: 'error' },
      })),
      on(AlbumFollowingActions.albumUnfollowed, (state, { albumId }): TagsState => {
        const loadStatus = withoutKey(state.loadStatus, albumId);
        const seenAt = withoutKey(state.seenAt, albumId);
        const selectedTagIds = withoutKey(state.selectedTagIds, albumId);
        const evicted = replaceAlbumTags(state, albumId, []);
        const tagRequests = Object.fromEntries(
          Object.entries(state.tagRequests).filter(([tagId]) => tagId in evicted.entities),
        );
        return { ...evicted, loadStatus, selectedTagIds, tagRequests, seenAt };
      }),
      on(
        AlbumDetailPageActions.tagSelected,
        PhotoViewerActions.tagWalked,
        (state, { albumId, tagId }): TagsState =>
          entryOf(state.selectedTagIds, albumId) === tagId
            ? state
            : { ...state, selectedTagIds: { ...state.selectedTagIds, [albumId]: tagId } },
      ),
      on(
        AlbumDetailPageActions.tagUrlChanged,
        AlbumDetailPageActions.tagResyncRequested,
        (state, { tagId }): TagsState => setRequest(state, tagId, 'loading'),
      ),
      on(AlbumsApiActions.tagUrlUpdated, (state, { tag }): TagsState =>
        albumTagAdapter.upsertOne(tag, setRequest(state, tag.id, 'loaded')),
      ),
      on(AlbumsApiActions.tagResyncStarted, (state, { tagId }): TagsState =>
        setRequest(state, tagId, 'loaded'),
      ),
      on(
        AlbumsApiActions.tagUrlUpdateFailed,
        AlbumsApiActions.tagResyncFailed,
        (state, { tagId }): TagsState => setRequest(state, tagId, 'error'),
      ),
      // Only tags we hold change; the refetch that follows brings in the rest.
      on(HubEventActions.AlbumTagStatusChanged, (state, { event }): TagsState =>
        instantOf(event.timestamp) <= (state.seenAt[event.albumId] ?? Number.NEGATIVE_INFINITY)
          ? state
          : albumTagAdapter.updateOne(
              { id: event.albumTagId, changes: { status: event.newStatus } },
              state,
            ),
      ),
      on(HubEventActions.PhotoSyncCompleted, (state, { event }): TagsState =>
        albumTagAdapter.updateOne(
          { id: event.albumTagId, changes: { photoCount: event.totalCount } },
          state,
        ),
      ),
    ),
  ),
  extraSelectors: ({ selectTagsState }) => ({
    selectAllTags: albumTagAdapter.getSelectors(selectTagsState).selectAll,
  }),
});

export const { selectAllTags, selectTagRequests } = tagsFeature;
const { selectLoadStatus, selectSelectedTagIds } = tagsFeature;

/** One album's tags, in workflow order. */
export const selectAlbumTags = perAlbumId((albumId) =>
  createSelector(selectAllTags, (tags) => tags.filter((tag) => tag.albumId === albumId)),
);

/** Loading of one album's tags. */
export const selectAlbumTagsStatus = perAlbumId((albumId) =>
  createSelector(selectLoadStatus, (status): RequestStatus => entryOf(status, albumId) ?? 'idle'),
);

/** The tag whose photos one album's page shows: the one picked there, else the latest stage's. */
export const selectSelectedTag = perAlbumId((albumId) =>
  createSelector(
    selectAlbumTags(albumId),
    selectSelectedTagIds,
    (tags, selected): AlbumTag | null =>
      tags.find((tag) => tag.id === entryOf(selected, albumId)) ?? tags.at(-1) ?? null,
  ),
);
