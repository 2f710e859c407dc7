import type { Album, AlbumSummary } from '../../api/models';
import {
  completeTag,
  failTag,
  patchAlbum,
  patchAlbums,
  startRun,
  startTag,
  time,
  withTag,
  type AlbumSync,
  type SyncState,
  type TagSync,
} from './sync-runs';

// What the REST snapshots say of sync runs: the album's (`GET /albums/{id}`, with its
// tags and its running sync) and its row in the list (only whether it syncs).
//
// Ordering a snapshot against what we know, with the server's times only: starting a
// sync leaves the album's modifiedAt alone, ending one sets it. So a snapshot that says
// "not syncing" at modifiedAt M shows every run begun at or before M as over; of two
// snapshots at one M, the syncing one is the newer; and a snapshot older than one seen
// (a smaller M) says nothing new. Events that arrive while it is in flight are replayed on
// top of it (snapshot-replay.ts); those at or before M are old news (AlbumSync.seenAt).

/** The snapshot's word on whether the album syncs, at its `modifiedAt`. */
interface SyncWord {
  readonly modifiedAt: number;
  /** When the running sync started; null when none runs. */
  readonly runningSince: number | null;
  /** How each tag of a run that ended came out, when the snapshot says (the list does not). */
  readonly outcome: (tagId: string) => 'completed' | 'failed' | 'unknown';
}

/** Applies a snapshot's word to the album's run; events it already shows become old news. */
function heed(album: AlbumSync, word: SyncWord): AlbumSync {
  const seenAt = album.seenAt ?? Number.NEGATIVE_INFINITY;
  if (word.modifiedAt < seenAt) return album; // older than a snapshot already seen
  const next = word.runningSince === null ? stopped(album, word) : running(album, word);
  return next.seenAt === word.modifiedAt ? next : { ...next, seenAt: word.modifiedAt };
}

function running(album: AlbumSync, word: SyncWord): AlbumSync {
  if (album.status === 'syncing') return album;
  // A run ended after this snapshot's moment (an end sets a newer modifiedAt): it is late.
  if (word.modifiedAt < lastEnd(album)) return album;
  return startRun(album, word.runningSince!);
}

/** The latest end of a run we know of, the album's or one of its tags'. */
function lastEnd(album: AlbumSync): number {
  let end = album.finishedAt ?? Number.NEGATIVE_INFINITY;
  for (const tag of Object.values(album.tags)) end = Math.max(end, tag.finishedAt ?? end);
  return end;
}

/** No sync runs: the run we thought was going ended by modifiedAt, unless it began later. */
function stopped(album: AlbumSync, word: SyncWord): AlbumSync {
  if (album.status !== 'syncing') return album;
  if (album.startedAt !== null && word.modifiedAt <= album.startedAt) return album;
  const finishedAt = word.modifiedAt;
  let next = album;
  let failed = false;
  let known = true;
  for (const tagId of album.runTagIds) {
    const tag = next.tags[tagId];
    if (tag?.status !== 'syncing') continue;
    const outcome = word.outcome(tagId);
    failed ||= outcome === 'failed';
    known &&= outcome !== 'unknown';
    next = withTag(next, { ...ended(tag, outcome), finishedAt });
  }
  const status = failed ? 'failed' : known ? 'completed' : 'idle';
  return { ...next, status, finishedAt };
}

/** A tag's run that ended; `unknown` (the list's word) leaves it resting, with no bar. */
function ended(tag: TagSync, outcome: 'completed' | 'failed' | 'unknown'): TagSync {
  if (outcome === 'unknown') return { ...tag, status: 'idle', estimatedSecondsRemaining: null };
  return outcome === 'failed'
    ? failTag(tag, tag.albumTagId, tag.startedAt)!
    : completeTag(tag, tag.albumTagId, tag.startedAt);
}

/** A REST snapshot (`GET /albums/{id}`): recovers what events were missed while away. */
export function applySnapshot(state: SyncState, album: Album): SyncState {
  return patchAlbum(state, album.id, (current) => {
    const snapshot = album.sync;
    const next = heed(current, {
      modifiedAt: time(album.modifiedAt),
      runningSince: snapshot ? time(snapshot.startedAt) : null,
      outcome: (tagId) =>
        album.tags?.find((t) => t.id === tagId)?.status === 'Failed' ? 'failed' : 'completed',
    });
    if (!snapshot || next.status !== 'syncing') return next;
    const at = time(snapshot.startedAt);
    const tag = next.tags[snapshot.albumTagId];
    if (tag?.finishedAt != null && tag.finishedAt >= at) return next; // that tag's run is over
    // A tag still syncing from a run begun before this one: that run's end was lost (a cut),
    // and its count is not this run's.
    const running =
      tag && tag.status === 'syncing' && tag.startedAt >= at
        ? tag
        : startTag(undefined, snapshot.albumTagId, at);
    const processed = Math.min(snapshot.processedCount, snapshot.totalCount);
    const merged: TagSync =
      processed > running.processedCount || snapshot.totalCount !== running.totalCount
        ? {
            ...running,
            albumTagType:
              album.tags?.find((t) => t.id === snapshot.albumTagId)?.type ?? running.albumTagType,
            processedCount: Math.max(processed, running.processedCount),
            totalCount: Math.max(snapshot.totalCount, running.processedCount),
          }
        : running;
    return withTag(next, merged);
  });
}

/**
 * The list's rows (`GET /albums`): whether each album syncs, not how far. A run the list
 * shows over ends with its outcome unknown; the album's own snapshot or events tell it.
 */
export function applyListRows(state: SyncState, rows: readonly AlbumSummary[]): SyncState {
  return patchAlbums(
    state,
    rows,
    (row) => row.id,
    (album, row) => {
      const modifiedAt = time(row.modifiedAt);
      return heed(album, {
        modifiedAt,
        runningSince: row.syncing ? modifiedAt : null,
        outcome: () => 'unknown',
      });
    },
  );
}
