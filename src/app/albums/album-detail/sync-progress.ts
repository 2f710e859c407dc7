/** A tag's sync run (running, or the last one), as the progress bar shows it. */
export interface TagProgress {
  readonly processedCount: number;
  readonly totalCount: number;
  readonly estimatedSecondsRemaining: number | null;
  /** The run has finished well: the bar is full. */
  readonly finished?: boolean;
}

const count = new Intl.NumberFormat('en-US');

/** Percentage 0–100. A run that has not counted its photos yet is at 0, not done. */
export function progressPercent(progress: TagProgress): number {
  if (progress.finished) return 100;
  if (progress.totalCount <= 0) return 0;
  return Math.min(100, Math.max(0, (progress.processedCount / progress.totalCount) * 100));
}

/** "1,234 of 2,400 photos · about 2 min left". */
export function describeProgress(progress: TagProgress): string {
  if (progress.totalCount <= 0 && !progress.finished) return 'Starting…';
  const photos = `${count.format(progress.processedCount)} of ${count.format(progress.totalCount)} photos`;
  const left = describeTimeLeft(
    progress.estimatedSecondsRemaining,
    !!progress.finished || progress.processedCount >= progress.totalCount,
  );
  return left ? `${photos} · ${left}` : photos;
}

export function describeTimeLeft(seconds: number | null, finished = false): string | null {
  if (finished) return 'done';
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 5) return 'almost done';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min left`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} h left`;
}
