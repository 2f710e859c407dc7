/**
 * The tab's title on an album page: the sync's progress while one runs, and, while the
 * tab is hidden, how many changes came that the photographer has not seen.
 * "(3) 45 % · Lan & Minh Wedding · PhotoFlow"
 */
export function albumTabTitle(view: {
  readonly albumName: string | null;
  /** 0…1 while a sync runs, else null. */
  readonly syncFraction: number | null;
  readonly unseen: number;
}): string {
  const parts: string[] = [];
  if (view.syncFraction !== null) {
    parts.push(`${Math.floor(Math.min(1, Math.max(0, view.syncFraction)) * 100)} %`);
  }
  parts.push(view.albumName ?? $localize`Album`, 'PhotoFlow');
  const title = parts.join(' · ');
  return view.unseen > 0 ? `(${view.unseen > 99 ? '99+' : view.unseen}) ${title}` : title;
}

/**
 * Changes not seen: the entries (newest first) above the newest one there was when the
 * tab was hidden.
 */
export function unseenCount<T>(ids: readonly T[], newestSeenId: T | null): number {
  if (newestSeenId === null) return ids.length;
  const at = ids.indexOf(newestSeenId);
  return at < 0 ? ids.length : at;
}
