import type { AlbumSync, SyncStatus, TagSync } from './sync-runs';

/** What a progress bar shows. `fraction` is 0…1; `etaSeconds` null when unknown. */
export interface SyncProgressView {
  readonly status: SyncStatus;
  readonly processedCount: number;
  readonly totalCount: number;
  readonly fraction: number;
  readonly etaSeconds: number | null;
}

/** Seconds left for a tag: the backend's estimate, else measured from this run's pace. */
export function estimateSecondsRemaining(tag: TagSync): number | null {
  if (tag.status === 'completed') return 0;
  if (tag.status !== 'syncing') return null;
  if (tag.estimatedSecondsRemaining != null) return Math.max(0, tag.estimatedSecondsRemaining);
  const done = tag.processedCount - tag.startProcessed;
  const elapsedSeconds = (tag.updatedAt - tag.startedAt) / 1000;
  if (done <= 0 || elapsedSeconds <= 0) return null;
  return Math.ceil((tag.totalCount - tag.processedCount) / (done / elapsedSeconds));
}

// Views already built, by the (immutable) run they show: a tag or album that a progress
// batch left alone keeps its view object, so the bars bound to it are not touched.
const tagViews = new WeakMap<TagSync, SyncProgressView>();
const albumViews = new WeakMap<AlbumSync, SyncProgressView>();

export function tagProgress(tag: TagSync): SyncProgressView {
  let view = tagViews.get(tag);
  if (!view) {
    view = {
      status: tag.status,
      processedCount: tag.processedCount,
      totalCount: tag.totalCount,
      fraction:
        tag.status === 'completed'
          ? 1
          : tag.totalCount > 0
            ? tag.processedCount / tag.totalCount
            : 0,
      etaSeconds: estimateSecondsRemaining(tag),
    };
    tagViews.set(tag, view);
  }
  return view;
}

/** The album's progress across every tag of its current run (a finished album shows 100 %). */
export function albumProgress(album: AlbumSync): SyncProgressView {
  let view = albumViews.get(album);
  if (!view) {
    view = computeAlbumProgress(album);
    albumViews.set(album, view);
  }
  return view;
}

function computeAlbumProgress(album: AlbumSync): SyncProgressView {
  let processed = 0;
  let total = 0;
  let eta: number | null = null;
  for (const tagId of album.runTagIds) {
    const tag = album.tags[tagId];
    if (!tag) continue;
    processed += tag.processedCount;
    total += tag.totalCount;
    const tagEta = estimateSecondsRemaining(tag);
    if (tagEta !== null) eta = Math.max(eta ?? 0, tagEta);
  }
  const completed = album.status === 'completed';
  return {
    status: album.status,
    processedCount: completed ? Math.max(processed, total) : processed,
    totalCount: total,
    fraction: completed ? 1 : total > 0 ? processed / total : 0,
    etaSeconds: completed ? 0 : album.status === 'syncing' ? eta : null,
  };
}
