import type {
  AlbumSyncCompleted,
  AlbumSyncError,
  AlbumSyncStarted,
  AlbumTagStatusChanged,
  AlbumTagType,
  PhotoSyncCompleted,
  PhotoSyncProgress,
} from '../../api/models';
import { instantOf } from '../../api/instant';
import { withoutKey } from './without-key';

// Sync runs as the hub tells them: pure functions over SyncState (the REST snapshots' part
// is in sync-snapshots.ts). Times are the server's (event timestamps, the album's
// modifiedAt), never the browser's.
//
// Whether an album syncs has one owner: AlbumSync.status. The list's rows, the album's
// snapshot and the hub's events all feed it; the list's card and the detail page read it.

export type SyncStatus = 'idle' | 'syncing' | 'completed' | 'failed';

/** One tag's current (or last) sync run. Times are ms since the epoch, from the events. */
export interface TagSync {
  readonly albumTagId: string;
  readonly albumTagType: AlbumTagType | null;
  readonly status: SyncStatus;
  readonly processedCount: number;
  readonly totalCount: number;
  /** The backend's estimate carried by the freshest event, when it gave one. */
  readonly estimatedSecondsRemaining: number | null;
  readonly startedAt: number;
  /** Processed count when we first saw this run: the rate is measured from here. */
  readonly startProcessed: number;
  readonly updatedAt: number;
  readonly finishedAt: number | null;
}

export interface AlbumSync {
  readonly albumId: string;
  readonly status: SyncStatus;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The backend's words when the sync failed. */
  readonly error: string | null;
  readonly tags: Readonly<Record<string, TagSync>>;
  /** Tags that took part in the current (or last) run, in the order they started. */
  readonly runTagIds: readonly string[];
  /**
   * The modifiedAt of the newest snapshot seen (the album's, or its row in the list). The
   * snapshot already shows every start and end at or before it: such events are old news.
   */
  readonly seenAt: number | null;
}

export interface SyncState {
  readonly albums: Readonly<Record<string, AlbumSync>>;
}

/** A server timestamp (validated, canonical) as ms since the epoch. */
export const time = (timestamp: string): number => {
  const ms = instantOf(timestamp);
  return Number.isNaN(ms) ? 0 : ms;
};

const emptyAlbumSync = (albumId: string): AlbumSync => ({
  albumId,
  status: 'idle',
  startedAt: null,
  finishedAt: null,
  error: null,
  tags: {},
  runTagIds: [],
  seenAt: null,
});

/** An event at `at` that a snapshot seen since already shows (see AlbumSync.seenAt). */
export const seenBySnapshot = (album: AlbumSync, at: number): boolean =>
  album.seenAt !== null && at <= album.seenAt;

/** A tag's run beginning at `at` while the album rests: from a run a snapshot showed over. */
const staleTagStart = (album: AlbumSync, at: number): boolean =>
  album.status !== 'syncing' && seenBySnapshot(album, at);

const isFinished = (status: SyncStatus) => status !== 'syncing';

/**
 * One progress event applied to a tag's run. Within a run the count never goes back
 * and never passes the total; a late event after the run finished is ignored; an
 * event newer than the finish begins the next run (its start was missed).
 * Returns the same object when nothing changes, so selectors stay memoized.
 */
export function applyProgress(tag: TagSync | undefined, event: PhotoSyncProgress): TagSync {
  const at = time(event.timestamp);
  const total = Math.max(0, event.totalCount);
  const processed = Math.min(Math.max(0, event.processedCount), total);
  const eta = event.estimatedSecondsRemaining ?? null;
  if (!tag || (isFinished(tag.status) && at > (tag.finishedAt ?? Number.NEGATIVE_INFINITY))) {
    return {
      albumTagId: event.albumTagId,
      albumTagType: event.albumTagType,
      status: 'syncing',
      processedCount: processed,
      totalCount: total,
      estimatedSecondsRemaining: eta,
      startedAt: at,
      startProcessed: processed,
      updatedAt: at,
      finishedAt: null,
    };
  }
  if (isFinished(tag.status) || at < tag.startedAt) return tag; // late: from a finished run
  if (
    processed < tag.processedCount ||
    (processed === tag.processedCount && total === tag.totalCount)
  ) {
    return tag; // late or repeated
  }
  return {
    ...tag,
    albumTagType: event.albumTagType,
    processedCount: processed,
    totalCount: Math.max(total, processed),
    estimatedSecondsRemaining: eta,
    updatedAt: Math.max(tag.updatedAt, at),
  };
}

/** A tag's run begun (status → Syncing). A run already going is kept, so bars never drop. */
export function startTag(tag: TagSync | undefined, albumTagId: string, at: number): TagSync {
  if (tag && (tag.status === 'syncing' || at <= (tag.finishedAt ?? Number.NEGATIVE_INFINITY))) {
    return tag;
  }
  return {
    albumTagId,
    albumTagType: tag?.albumTagType ?? null,
    status: 'syncing',
    processedCount: 0,
    totalCount: 0,
    estimatedSecondsRemaining: null,
    startedAt: at,
    startProcessed: 0,
    updatedAt: at,
    finishedAt: null,
  };
}

/** A tag's run finished well: 100 %. `count` is the final total when the event gives one. */
export function completeTag(
  tag: TagSync | undefined,
  albumTagId: string,
  at: number,
  count?: { processedCount: number; totalCount: number; albumTagType: AlbumTagType },
): TagSync {
  if (tag && at < tag.startedAt) return tag; // from an earlier run
  if (tag?.status === 'completed' && !count) return tag;
  const total = Math.max(count?.totalCount ?? 0, count?.processedCount ?? 0, tag?.totalCount ?? 0);
  return {
    albumTagId,
    albumTagType: count?.albumTagType ?? tag?.albumTagType ?? null,
    status: 'completed',
    processedCount: total,
    totalCount: total,
    estimatedSecondsRemaining: 0,
    startedAt: tag?.startedAt ?? at,
    startProcessed: tag?.startProcessed ?? 0,
    updatedAt: Math.max(tag?.updatedAt ?? at, at),
    finishedAt: Math.max(tag?.finishedAt ?? at, at),
  };
}

export function failTag(
  tag: TagSync | undefined,
  albumTagId: string,
  at: number,
): TagSync | undefined {
  if (!tag) return undefined;
  if (tag.status !== 'syncing' || at < tag.startedAt) return tag;
  return { ...tag, status: 'failed', estimatedSecondsRemaining: null, finishedAt: at };
}

export function withTag(album: AlbumSync, tag: TagSync | undefined): AlbumSync {
  if (!tag || album.tags[tag.albumTagId] === tag) return album;
  const runTagIds = album.runTagIds.includes(tag.albumTagId)
    ? album.runTagIds
    : [...album.runTagIds, tag.albumTagId];
  return { ...album, tags: { ...album.tags, [tag.albumTagId]: tag }, runTagIds };
}

/** A new sync run of the album, started at `at`. */
export function startRun(album: AlbumSync, at: number): AlbumSync {
  return {
    ...album,
    status: 'syncing',
    startedAt: at,
    finishedAt: null,
    error: null,
    runTagIds: [],
  };
}

/** A tag syncing while the album looks idle means we missed the album's start. */
function markSyncing(album: AlbumSync, at: number): AlbumSync {
  if (album.status === 'syncing' || seenBySnapshot(album, at)) return album;
  if (album.finishedAt !== null && at <= album.finishedAt) return album;
  return startRun(album, at);
}

export function patchAlbum(
  state: SyncState,
  albumId: string,
  change: (album: AlbumSync) => AlbumSync,
): SyncState {
  return patchAlbums(state, [albumId], (id) => id, change);
}

/** `patchAlbum` for each of `items` in one pass: the album map is copied once, not once per album. */
export function patchAlbums<T>(
  state: SyncState,
  items: readonly T[],
  albumIdOf: (item: T) => string,
  change: (album: AlbumSync, item: T) => AlbumSync,
): SyncState {
  let albums: Record<string, AlbumSync> | null = null;
  for (const item of items) {
    const albumId = albumIdOf(item);
    const album = (albums ?? state.albums)[albumId] ?? emptyAlbumSync(albumId);
    const next = change(album, item);
    if (next === album) continue;
    albums ??= { ...state.albums };
    albums[albumId] = next;
  }
  return albums ? { albums } : state;
}

/**
 * A batch of progress events (one animation frame's worth) applied in one pass:
 * each touched album and its tag map is copied once, not once per event.
 */
export function applyProgressBatch(
  state: SyncState,
  events: readonly PhotoSyncProgress[],
): SyncState {
  let albums: Record<string, AlbumSync> | null = null;
  const draftTagMaps = new Set<object>(); // tag maps created in this pass, safe to fill in
  for (const event of events) {
    const current = (albums ?? state.albums)[event.albumId] ?? emptyAlbumSync(event.albumId);
    const tag = current.tags[event.albumTagId];
    const next = applyProgress(tag, event);
    if (next === tag) continue;
    if (tag?.status !== 'syncing' && staleTagStart(current, next.startedAt)) continue;
    let album = tag?.status === 'syncing' ? current : markSyncing(current, next.startedAt);
    if (!draftTagMaps.has(album.tags)) {
      album = { ...album, tags: { ...album.tags } };
      draftTagMaps.add(album.tags);
    }
    (album.tags as Record<string, TagSync>)[event.albumTagId] = next;
    if (!album.runTagIds.includes(event.albumTagId)) {
      album = { ...album, runTagIds: [...album.runTagIds, event.albumTagId] };
    }
    albums ??= { ...state.albums };
    albums[event.albumId] = album;
  }
  return albums ? { albums } : state;
}

export function onTagStatus(state: SyncState, event: AlbumTagStatusChanged): SyncState {
  const at = time(event.timestamp);
  return patchAlbum(state, event.albumId, (album) => {
    const tag = album.tags[event.albumTagId];
    switch (event.newStatus) {
      case 'Syncing':
        if (tag?.status !== 'syncing' && staleTagStart(album, at)) return album;
        return withTag(markSyncing(album, at), startTag(tag, event.albumTagId, at));
      case 'Ready':
        return tag?.status === 'syncing'
          ? withTag(album, completeTag(tag, event.albumTagId, at))
          : album;
      case 'Failed':
        return withTag(album, failTag(tag, event.albumTagId, at));
      default:
        return album;
    }
  });
}

export function onTagCompleted(state: SyncState, event: PhotoSyncCompleted): SyncState {
  return patchAlbum(state, event.albumId, (album) =>
    withTag(
      album,
      completeTag(album.tags[event.albumTagId], event.albumTagId, time(event.timestamp), event),
    ),
  );
}

/**
 * An album's end at `at` belongs to an earlier run: it predates this run's start, or a
 * snapshot at or after it still showed the album syncing.
 */
const endsOlderRun = (album: AlbumSync, at: number): boolean =>
  (album.startedAt !== null && at < album.startedAt) ||
  (album.status === 'syncing' && seenBySnapshot(album, at));

export function onAlbumCompleted(state: SyncState, event: AlbumSyncCompleted): SyncState {
  const at = time(event.timestamp);
  return patchAlbum(state, event.albumId, (album) => {
    if (endsOlderRun(album, at)) return album;
    const tagId = event.albumTagId;
    const next = tagId ? withTag(album, completeTag(album.tags[tagId], tagId, at)) : album;
    return { ...next, status: 'completed', finishedAt: at, error: null };
  });
}

export function onAlbumStarted(state: SyncState, event: AlbumSyncStarted): SyncState {
  const at = time(event.timestamp);
  return patchAlbum(state, event.albumId, (album) => {
    if (seenBySnapshot(album, at)) return album;
    if (album.finishedAt !== null && at <= album.finishedAt) return album; // an earlier run's
    return album.status === 'syncing' && (album.startedAt ?? 0) >= at ? album : startRun(album, at);
  });
}

export function onAlbumFailed(state: SyncState, event: AlbumSyncError): SyncState {
  const at = time(event.timestamp);
  return patchAlbum(state, event.albumId, (album) => {
    if (endsOlderRun(album, at)) return album;
    let next: AlbumSync = { ...album, status: 'failed', finishedAt: at, error: event.message };
    for (const tagId of album.runTagIds) next = withTag(next, failTag(next.tags[tagId], tagId, at));
    return next;
  });
}

/** Forgets an album no view follows any more. */
export function evictAlbum(state: SyncState, albumId: string): SyncState {
  const albums = withoutKey(state.albums, albumId);
  return albums === state.albums ? state : { albums };
}

/** Only the given albums' syncs (the same state when it holds no other). */
export function keepAlbums(state: SyncState, albumIds: readonly string[]): SyncState {
  const kept = new Set(albumIds);
  const gone = Object.keys(state.albums).filter((albumId) => !kept.has(albumId));
  if (gone.length === 0) return state;
  const albums = { ...state.albums };
  for (const albumId of gone) delete albums[albumId];
  return { albums };
}
