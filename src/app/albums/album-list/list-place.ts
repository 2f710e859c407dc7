import { ALBUM_STATES, type AlbumQuery, type AlbumState } from '../../api/models';

/** Where the photographer was in the list: kept for a reload of the tab. */
export interface ListPlace {
  readonly search: string;
  readonly stage: AlbumState | null;
  /** The position of the first card of the top row on screen; null: the top. */
  readonly first: number | null;
}

const key = 'photoflow.albumList.place';

/** The list's query for a search and a stage: a blank search is none. */
export function listQuery(search: string, stage: AlbumState | null): AlbumQuery {
  return { search: search.trim() || undefined, state: stage };
}

/** The place this tab last had in the list; a malformed or missing one is the top. */
export function readListPlace(): ListPlace {
  const top: ListPlace = { search: '', stage: null, first: null };
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return top;
    const { search, stage, first } = stored as Record<string, unknown>;
    return {
      search: typeof search === 'string' ? search.slice(0, 200) : '',
      stage: ALBUM_STATES.includes(stage as AlbumState) ? (stage as AlbumState) : null,
      first: Number.isSafeInteger(first) && (first as number) >= 0 ? (first as number) : null,
    };
  } catch {
    return top;
  }
}

export function writeListPlace(place: ListPlace): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(place));
  } catch {
    // Storage full or refused: the place is not kept, nothing else changes.
  }
}
