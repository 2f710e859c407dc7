import { formatCount, plural } from '../../i18n/formats';
import type { AlbumTag } from '../../api/models';

/** A tag's sync run (running, or the last one), as the progress bar shows it. */
export interface TagProgress {
  readonly processedCount: number;
  readonly totalCount: number;
  readonly estimatedSecondsRemaining: number | null;
  /** The run has finished well: the bar is full. */
  readonly finished?: boolean;
}

/** Percentage 0–100. A run that has not counted its photos yet is at 0, not done. */
export function progressPercent(progress: TagProgress): number {
  if (progress.finished) return 100;
  if (progress.totalCount <= 0) return 0;
  return Math.min(100, Math.max(0, (progress.processedCount / progress.totalCount) * 100));
}

/** "1,234 of 2,400 photos · about 2 min left". */
export function describeProgress(progress: TagProgress): string {
  if (progress.totalCount <= 0 && !progress.finished) return $localize`Starting…`;
  const done = formatCount(progress.processedCount);
  const total = formatCount(progress.totalCount);
  const photos = plural(progress.totalCount, {
    one: () => $localize`${done}:processed: of ${total}:total: photo`,
    other: () => $localize`${done}:processed: of ${total}:total: photos`,
  });
  const left = describeTimeLeft(
    progress.estimatedSecondsRemaining,
    !!progress.finished || progress.processedCount >= progress.totalCount,
  );
  return left ? `${photos} · ${left}` : photos;
}

export function describeTimeLeft(seconds: number | null, finished = false): string | null {
  if (finished) return $localize`:sync progress:done`;
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 5) return $localize`almost done`;
  if (seconds < 60) return $localize`less than a minute left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) {
    const n = formatCount(minutes);
    return $localize`about ${n}:minutes: min left`;
  }
  const hours = formatCount(Math.round(minutes / 60));
  return $localize`about ${hours}:hours: h left`;
}

/**
 * How many photos a tag holds as its card says it: while it syncs, at least the photos
 * synced so far (a failed tag shows what it kept, not its last run's count).
 */
export function shownPhotoCount(tag: AlbumTag, progress: TagProgress | null): number {
  const syncing = tag.status !== 'Failed' && (tag.status === 'Syncing' || progress !== null);
  return Math.max(tag.photoCount, syncing ? (progress?.processedCount ?? 0) : 0);
}

/**
 * The album's photos as a photographer counts them: the photos shot, the Raw tag's, as the
 * backend's `photoCount` counts them too (server/README.md), so the page's header and the
 * list's card agree. Every later tag holds copies or a subset of the same photos (Stock: the
 * Raw photos processed one for one; Rate: the client's picks among them; Retouch and Final:
 * the picks retouched). The Raw tag's count here also follows its sync while it runs.
 * Without a Raw tag, the backend's figure is all there is.
 */
export function albumPhotoCount(
  album: { readonly photoCount: number },
  tags: readonly AlbumTag[],
  progressByTag: Readonly<Record<string, TagProgress>>,
): number {
  const raw = tags.find((tag) => tag.type === 'Raw');
  return raw ? shownPhotoCount(raw, progressByTag[raw.id] ?? null) : album.photoCount;
}
