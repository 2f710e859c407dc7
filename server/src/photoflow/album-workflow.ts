import type { DatabaseSync } from 'node:sqlite';
import { badRequest, conflict, forbidden } from '../http/problem.ts';
import type { AlbumRow, AlbumStore, TagRow } from './albums.ts';
import { transaction } from './database.ts';
import type { SimulatedDrive } from './drive.ts';
import { albumEvent, type AlbumEvent, type AlbumEvents } from './events.ts';
import type { Actor, TagType } from './model.ts';
import type { SyncEngine, SyncOptions, SyncRun, SyncSource } from './sync-engine.ts';
import {
  mayFire,
  refusalForRole,
  ruleFor,
  syncRunningReason,
  transitionsFrom,
  type GuardContext,
  type TransitionView,
  type Trigger,
} from './workflow.ts';

export const invalidStateCode = 'ALBUM_102A';
export const badTransitionCode = 'ALBUM_103A';
const invalidStateMessage = 'The album is not in a valid state for this operation';

export interface FireOptions extends SyncOptions {
  /** Photo ids the client picks before firing (dev client tool). */
  readonly votes?: readonly string[];
}

/** Fires triggers (CONTRACT §3) and re-syncs tags, applying all of it or none of it. */
export class AlbumWorkflow {
  readonly #db: DatabaseSync;
  readonly #albums: AlbumStore;
  readonly #drive: SimulatedDrive;
  readonly #syncs: SyncEngine;
  readonly #events: AlbumEvents;

  constructor(
    db: DatabaseSync,
    albums: AlbumStore,
    drive: SimulatedDrive,
    syncs: SyncEngine,
    events: AlbumEvents,
  ) {
    this.#db = db;
    this.#albums = albums;
    this.#drive = drive;
    this.#syncs = syncs;
    this.#events = events;
  }

  transitions(album: AlbumRow, actor: Actor): TransitionView[] {
    return transitionsFrom(
      album.state,
      actor,
      this.#guardContext(album.id),
      this.#syncs.isRunning(album.id),
    );
  }

  /** Fires `trigger`; returns 202 when it started a sync, 200 when the state changed. */
  fire(album: AlbumRow, actor: Actor, trigger: Trigger, options: FireOptions = {}): 200 | 202 {
    const rule = ruleFor(trigger);
    if (!mayFire(actor, rule.executableBy)) {
      throw forbidden(
        `${trigger} is fired by ${rule.executableBy}: ${refusalForRole(rule.executableBy)}.`,
      );
    }
    if (!rule.from.includes(album.state)) {
      throw conflict(badTransitionCode, `Cannot transition from ${album.state} to ${rule.to}`);
    }
    this.#refuseWhileSyncing(album.id);
    const guardRefusal = rule.guard?.(this.#guardContext(album.id));
    if (guardRefusal) {
      throw conflict(invalidStateCode, `${invalidStateMessage}: ${guardRefusal}.`);
    }

    const events: AlbumEvent[] = [];
    const run = transaction(this.#db, (): SyncRun | null => {
      for (const photoId of options.votes ?? []) {
        if (!this.#albums.photoRow(album.id, photoId)) {
          throw badRequest(`Photo ${photoId} is not in this album.`);
        }
        this.#albums.setVoted(photoId, true);
      }
      if (rule.createsTag) {
        const created = this.#ensureTag(album.id, rule.createsTag, events);
        if (rule.createsTag === 'Rate') this.#listPicks(album.id, created);
      }
      if (rule.syncsTag) {
        const tag = this.#albums.tagOfType(album.id, rule.syncsTag);
        if (!tag)
          throw conflict(
            invalidStateCode,
            `${invalidStateMessage}: the album has no ${rule.syncsTag} tag.`,
          );
        const onComplete = (): AlbumEvent[] => {
          const after: AlbumEvent[] = [];
          if (rule.createsTagAfterSync) this.#ensureTag(album.id, rule.createsTagAfterSync, after);
          this.#albums.setState(album.id, rule.to);
          after.push(albumEvent.stateChanged(album.id, album.state, rule.to));
          return after;
        };
        return this.#syncs.prepare(tag, this.#sourceOf(album, tag), options, trigger, onComplete);
      }
      this.#albums.setState(album.id, rule.to);
      events.push(albumEvent.stateChanged(album.id, album.state, rule.to));
      return null;
    });
    for (const event of events) this.#events.publish(event);
    if (run) {
      this.#syncs.launch(run);
      return 202;
    }
    return 200;
  }

  /** Re-syncs a tag from its source (the events of §4, no state change). */
  resync(album: AlbumRow, tag: TagRow, options: SyncOptions): void {
    this.#refuseWhileSyncing(album.id);
    const run = transaction(this.#db, () =>
      this.#syncs.prepare(tag, this.#sourceOf(album, tag), options, null, null),
    );
    this.#syncs.launch(run);
  }

  /** Links a tag to a Drive folder (not while the album syncs). */
  link(album: AlbumRow, tag: TagRow, driveFolderId: string): void {
    this.#refuseWhileSyncing(album.id);
    transaction(this.#db, () => {
      this.#albums.setTagLink(tag.id, driveFolderId);
      this.#albums.touch(album.id);
    });
  }

  /** Deletes an album with its tags and photos (not while it syncs). */
  delete(album: AlbumRow): void {
    this.#refuseWhileSyncing(album.id);
    transaction(this.#db, () => this.#albums.delete(album.id));
  }

  #refuseWhileSyncing(albumId: string): void {
    if (this.#syncs.isRunning(albumId)) {
      throw conflict(invalidStateCode, `${invalidStateMessage}: ${syncRunningReason}.`);
    }
  }

  #guardContext(albumId: string): GuardContext {
    const tags: Record<string, { status: TagRow['status']; link: string | null }> = {};
    for (const tag of this.#albums.tagRows(albumId)) {
      tags[tag.type] = { status: tag.status, link: tag.drive_folder_id };
    }
    return { tags };
  }

  #ensureTag(albumId: string, type: TagType, events: AlbumEvent[]): TagRow {
    const existing = this.#albums.tagOfType(albumId, type);
    if (existing) return existing;
    const created = this.#albums.createTag(albumId, type, null);
    events.push(albumEvent.tagCreated(albumId, created.id, type));
    return created;
  }

  /** The Rate tag holds the Stock photos the client picked (the same photos). */
  #listPicks(albumId: string, rate: TagRow): void {
    const stock = this.#albums.tagOfType(albumId, 'Stock');
    if (stock) this.#albums.listPicks(rate.id, stock.id);
    this.#albums.setTagStatus(rate.id, 'Ready');
  }

  /** Where a tag's photos come from: its Drive folder, or the stage before it. */
  #sourceOf(album: AlbumRow, tag: TagRow): SyncSource {
    if (tag.drive_folder_id) {
      const folder = this.#drive.folder(tag.drive_folder_id);
      if (!folder) {
        throw conflict(
          invalidStateCode,
          `${invalidStateMessage}: the ${tag.type} tag's Drive folder cannot be read.`,
        );
      }
      return { kind: 'drive', folder };
    }
    const previous: Partial<Record<TagType, TagType>> = { Stock: 'Raw', Final: 'Retouch' };
    const fromType = previous[tag.type];
    if (fromType) {
      const fromTag = this.#albums.tagOfType(album.id, fromType);
      if (fromTag) return { kind: 'photos', fromTag };
    }
    if (tag.type === 'Rate') return { kind: 'outbound' };
    throw conflict(
      invalidStateCode,
      `${invalidStateMessage}: the ${tag.type} tag has no Drive folder.`,
    );
  }
}
