import { createSelector } from '@ngrx/store';
import type { AlbumSummary } from '../../api/models';
import { selectAlbumRows, selectAlbumSlots } from './albums.feature';
import { selectSyncByAlbum } from './sync.feature';
import type { AlbumRow } from './albums.feature';

// The list's albums as its cards show them. Whether one syncs is the sync feature's fact
// (fed by the list's answer, the album's snapshot and the hub's events alike), never a copy
// kept on the row: the card's label and its bar cannot disagree.

const listed = new WeakMap<AlbumRow, AlbumSummary>();

/** The row with its `syncing`; the same object while neither changes, so cards stay put. */
function withSyncing(row: AlbumRow, syncing: boolean): AlbumSummary {
  const cached = listed.get(row);
  if (cached?.syncing === syncing) return cached;
  const summary = { ...row, syncing };
  listed.set(row, summary);
  return summary;
}

/** The list's loaded albums, in the backend's order, each saying whether it syncs now. */
export const selectListedAlbums = createSelector(selectAlbumRows, selectSyncByAlbum, (rows, sync) =>
  rows.map((row) => withSyncing(row, sync[row.id]?.status === 'syncing')),
);

/** One slot per position of the list: its album as its card shows it, or null while its page loads. */
export const selectListedAlbumSlots = createSelector(
  selectAlbumSlots,
  selectSyncByAlbum,
  (slots, sync) =>
    slots.map((row) => (row ? withSyncing(row, sync[row.id]?.status === 'syncing') : null)),
);
