import type { AlbumTag } from '../../../api/models';

/**
 * Where a tag's photos come from, as the workflow says (CONTRACT §3): a Drive folder the
 * photographer links (Raw, Retouch); made by the backend from the stage before (Stock from
 * the Raw photos, Final from the retouched ones); or the client's picks among the Stock
 * photos (Rate, the same photos).
 */
export type TagSource = 'drive' | 'made-from-raw' | 'made-from-retouch' | 'picks';

/** What a tag's card says of its photos and offers to do with them. */
export interface TagOffer {
  readonly source: TagSource;
  /** Link a Drive folder, change the one linked, or nothing: the workflow gives it none. */
  readonly folder: 'link' | 'change' | null;
  /** Sync the tag again from its source, retry its failed sync, or nothing to sync from. */
  readonly sync: 'resync' | 'retry' | null;
}

const madeFrom: Partial<Record<AlbumTag['type'], TagSource>> = {
  Stock: 'made-from-raw',
  Final: 'made-from-retouch',
};

/**
 * Only Raw and Retouch take a Drive folder: `SyncRawTag` and `FinishRetouch` read it.
 * Stock and Final are made from the stage before (a re-sync makes them again), and Rate
 * holds the client's picks: nothing to link or sync there, save retrying the send-out of
 * `ConfirmRate` if it failed. A tag a backend linked all the same shows its folder.
 */
export function tagOffer(tag: AlbumTag): TagOffer {
  const retry = tag.status === 'Failed';
  const from = madeFrom[tag.type];
  if (tag.link || (tag.type !== 'Rate' && !from)) {
    return {
      source: 'drive',
      folder: tag.link ? 'change' : 'link',
      sync: retry ? 'retry' : tag.link ? 'resync' : null,
    };
  }
  if (from) {
    return { source: from, folder: null, sync: retry ? 'retry' : 'resync' };
  }
  return { source: 'picks', folder: null, sync: retry ? 'retry' : null };
}
