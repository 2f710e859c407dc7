import type { DatabaseSync } from 'node:sqlite';
import type { AlbumStore, NewPhoto, TagRow } from './albums.ts';
import { transaction } from './database.ts';
import { drivePhotos, type DriveFolder } from './drive.ts';
import { albumEvent, type AlbumEvent, type AlbumEvents } from './events.ts';
import type { TagType } from './model.ts';

/** Photos a sync moves per batch (doc: 50). */
export const syncBatchSize = 50;

export interface SyncOptions {
  /** The pace of this sync; the backend's SYNC_PHOTOS_PER_SECOND when absent. */
  readonly photosPerSecond?: number;
  /** Fail the sync once this many photos are done (dev tools). */
  readonly failAtPhoto?: number;
}

/** Where a sync reads from. */
export type SyncSource =
  | { readonly kind: 'drive'; readonly folder: DriveFolder }
  | { readonly kind: 'photos'; readonly fromTag: TagRow }
  /** The tag's own photos go out to Drive; nothing is stored. */
  | { readonly kind: 'outbound' };

/** Runs inside the completion's transaction; returns the events to send after it. */
export type SyncCompletion = () => AlbumEvent[];

interface SyncRun {
  readonly albumId: string;
  readonly tag: TagRow;
  readonly oldStatus: TagRow['status'];
  readonly items: readonly NewPhoto[] | null;
  readonly total: number;
  readonly photosPerSecond: number;
  /** Where the sync fails (dev tools); null when it does not, or not before its end. */
  readonly failAtPhoto: number | null;
  readonly onComplete: SyncCompletion | null;
  processed: number;
  timer: NodeJS.Timeout | null;
}

/** The stage label drawn on the photos a tag's sync (or the seed) stores. */
export const tagVariants: Readonly<Record<TagType, string>> = {
  Raw: 'RAW',
  Stock: 'STOCK',
  Rate: 'PICKED',
  Retouch: 'RETOUCHED',
  Final: 'FINAL',
};

/**
 * Runs tag syncs (CONTRACT §4): one per album, in batches at the configured pace,
 * storing photos as they sync, and publishing each step.
 */
export class SyncEngine {
  readonly #db: DatabaseSync;
  readonly #albums: AlbumStore;
  readonly #events: AlbumEvents;
  readonly #defaultPace: number;
  readonly #runs = new Map<string, SyncRun>();

  constructor(db: DatabaseSync, albums: AlbumStore, events: AlbumEvents, photosPerSecond: number) {
    this.#db = db;
    this.#albums = albums;
    this.#events = events;
    this.#defaultPace = photosPerSecond;
  }

  isRunning(albumId: string): boolean {
    return this.#albums.runningSync(albumId) !== null;
  }

  /**
   * Records a sync of `tag` (call inside the caller's transaction): the tag turns
   * Syncing and the album shows the sync. `launch` it once the transaction commits.
   */
  prepare(
    tag: TagRow,
    source: SyncSource,
    options: SyncOptions,
    trigger: string | null,
    onComplete: SyncCompletion | null,
  ): SyncRun {
    const items = this.#itemsOf(tag, source);
    const total = items ? items.length : this.#albums.tagPhotoCount(tag.id);
    const run: SyncRun = {
      albumId: tag.album_id,
      tag,
      oldStatus: tag.status,
      items,
      total,
      photosPerSecond: options.photosPerSecond ?? this.#defaultPace,
      failAtPhoto:
        options.failAtPhoto !== undefined && options.failAtPhoto <= total
          ? options.failAtPhoto
          : null,
      onComplete,
      processed: 0,
      timer: null,
    };
    this.#albums.setTagStatus(tag.id, 'Syncing');
    this.#albums.saveRunningSync(tag.album_id, tag.id, trigger, 0, total, new Date().toISOString());
    this.#albums.touch(tag.album_id);
    return run;
  }

  /** Starts a prepared sync: its first events now, then a batch at each beat. */
  launch(run: SyncRun): void {
    this.#runs.set(run.albumId, run);
    this.#events.publish(albumEvent.syncStarted(run.albumId, run.tag.type));
    this.#events.publish(
      albumEvent.tagStatusChanged(run.albumId, run.tag.id, run.tag.type, run.oldStatus, 'Syncing'),
    );
    this.#schedule(run);
  }

  /** Stops every running sync's timer; their database rows stay (failed at next start). */
  stopAll(): void {
    for (const run of this.#runs.values()) {
      if (run.timer) clearTimeout(run.timer);
    }
    this.#runs.clear();
  }

  /** Marks syncs that a stop interrupted as failed (their tag Failed, state unchanged). */
  failInterrupted(): number {
    const rows = this.#albums.allRunningSyncs();
    transaction(this.#db, () => {
      for (const row of rows) {
        this.#albums.setTagStatus(row.album_tag_id, 'Failed');
        this.#albums.clearRunningSync(row.album_id);
        this.#albums.touch(row.album_id);
      }
    });
    return rows.length;
  }

  #itemsOf(tag: TagRow, source: SyncSource): NewPhoto[] | null {
    const variant = tagVariants[tag.type];
    switch (source.kind) {
      case 'drive':
        return drivePhotos(source.folder, variant);
      case 'photos':
        return this.#albums.processedCopies(source.fromTag.id, variant);
      case 'outbound':
        return null;
    }
  }

  #schedule(run: SyncRun): void {
    const delay = (1000 * syncBatchSize) / run.photosPerSecond;
    run.timer = setTimeout(() => this.#step(run), Math.max(1, delay));
  }

  #step(run: SyncRun): void {
    run.timer = null;
    if (this.#runs.get(run.albumId) !== run) return;
    try {
      const next = Math.min(run.processed + syncBatchSize, run.failAtPhoto ?? run.total);
      if (next > run.processed || run.total === 0) {
        transaction(this.#db, () => {
          if (run.items) this.#albums.addPhotos(run.tag, run.items.slice(run.processed, next));
          this.#albums.saveRunningSync(run.albumId, run.tag.id, null, next, run.total, '');
        });
        run.processed = next;
        this.#events.publish(
          albumEvent.syncProgress({
            albumId: run.albumId,
            albumTagId: run.tag.id,
            albumTagType: run.tag.type,
            processedCount: run.processed,
            totalCount: run.total,
            estimatedSecondsRemaining: Math.ceil((run.total - run.processed) / run.photosPerSecond),
          }),
        );
      }
      if (run.failAtPhoto !== null && run.processed >= run.failAtPhoto) {
        this.#fail(
          run,
          `Sync of the ${run.tag.type} tag failed after ${run.processed} of ${run.total} photos`,
        );
      } else if (run.processed >= run.total) {
        this.#complete(run);
      } else {
        this.#schedule(run);
      }
    } catch (error) {
      console.error('Sync step failed', error);
      this.#fail(run, `Sync of the ${run.tag.type} tag failed`);
    }
  }

  #complete(run: SyncRun): void {
    this.#runs.delete(run.albumId);
    const after = transaction(this.#db, () => {
      this.#albums.setTagStatus(run.tag.id, 'Ready');
      this.#albums.clearRunningSync(run.albumId);
      this.#albums.touch(run.albumId);
      return run.onComplete?.() ?? [];
    });
    const { albumId, tag } = run;
    this.#events.publish(
      albumEvent.photoSyncCompleted({
        albumId,
        albumTagId: tag.id,
        albumTagType: tag.type,
        processedCount: run.processed,
        totalCount: run.total,
      }),
    );
    this.#events.publish(
      albumEvent.tagStatusChanged(albumId, tag.id, tag.type, 'Syncing', 'Ready'),
    );
    this.#events.publish(albumEvent.syncCompleted(albumId, tag.id, tag.type));
    for (const event of after) this.#events.publish(event);
  }

  #fail(run: SyncRun, message: string): void {
    this.#runs.delete(run.albumId);
    try {
      transaction(this.#db, () => {
        this.#albums.setTagStatus(run.tag.id, 'Failed');
        this.#albums.clearRunningSync(run.albumId);
        // Ending a sync modifies the album, as completing one does: the app orders its
        // snapshots against events by modifiedAt (src/app/albums/data-access/sync-snapshots.ts).
        this.#albums.touch(run.albumId);
      });
    } catch (error) {
      console.error('Could not record a failed sync', error);
    }
    this.#events.publish(
      albumEvent.tagStatusChanged(run.albumId, run.tag.id, run.tag.type, 'Syncing', 'Failed'),
    );
    this.#events.publish(albumEvent.syncError(run.albumId, message));
  }
}

export type { SyncRun };
