import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { driveFolderUrl, type DrivePhoto } from './drive.ts';
import { newId } from './ids.ts';
import type {
  AlbumDetail,
  AlbumState,
  AlbumSummary,
  AlbumSync,
  AlbumTag,
  Page,
  Photo,
  TagStatus,
  TagType,
} from './model.ts';

export interface AlbumRow {
  readonly id: string;
  readonly organization_id: string;
  readonly name: string;
  readonly state: AlbumState;
  readonly created_at: string;
  readonly modified_at: string;
}

export interface TagRow {
  readonly id: string;
  readonly album_id: string;
  readonly type: TagType;
  readonly status: TagStatus;
  readonly drive_folder_id: string | null;
  readonly folder_id: string;
  readonly created_at: string;
}

export interface PhotoRow {
  readonly id: string;
  readonly album_id: string;
  readonly album_tag_id: string;
  readonly file_name: string;
  readonly voted: number;
  readonly created_at: string;
  readonly image_folder_id: string;
  readonly image_index: number;
  readonly variant: string;
}

interface SyncRow {
  readonly album_id: string;
  readonly album_tag_id: string;
  readonly trigger: string | null;
  readonly processed_count: number;
  readonly total_count: number;
  readonly started_at: string;
}

export interface AlbumQuery {
  readonly search?: string;
  readonly state?: AlbumState;
  readonly page: number;
  readonly pageSize: number;
}

/** New photos stored by a sync or the seed: a Drive file, or a copy of another tag's photo. */
export interface NewPhoto extends DrivePhoto {
  readonly id?: string;
  readonly voted?: boolean;
}

const tagOrder =
  "CASE type WHEN 'Raw' THEN 1 WHEN 'Stock' THEN 2 WHEN 'Rate' THEN 3 WHEN 'Retouch' THEN 4 ELSE 5 END";

/** Albums, their tags and photos in the embedded database. */
export class AlbumStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  // Albums

  list(organizationId: string, query: AlbumQuery, baseUrl: string): Page<AlbumSummary> {
    const where = ['organization_id = ?'];
    const params: string[] = [organizationId];
    if (query.search?.trim()) {
      where.push("name LIKE ? ESCAPE '\\'");
      params.push(`%${query.search.trim().replace(/[\\%_]/g, '\\$&')}%`);
    }
    if (query.state) {
      where.push('state = ?');
      params.push(query.state);
    }
    const clause = where.join(' AND ');
    const { total } = this.#db
      .prepare(`SELECT COUNT(*) AS total FROM albums WHERE ${clause}`)
      .get(...params) as { total: number };
    const rows = this.#db
      .prepare(
        `SELECT * FROM albums WHERE ${clause} ORDER BY modified_at DESC, name, id LIMIT ? OFFSET ?`,
      )
      .all(...params, query.pageSize, (query.page - 1) * query.pageSize) as unknown as AlbumRow[];
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        state: row.state,
        coverUrl: this.#coverUrl(row.id, baseUrl),
        photoCount: this.#photoCount(row.id),
        syncing: this.runningSync(row.id) !== null,
        modifiedAt: row.modified_at,
      })),
      totalCount: total,
    };
  }

  /** The album when it belongs to the organization; another organization's reads as absent. */
  find(organizationId: string, albumId: string): AlbumRow | null {
    return this.#one(
      'SELECT * FROM albums WHERE id = ? AND organization_id = ?',
      albumId,
      organizationId,
    );
  }

  findAny(albumId: string): AlbumRow | null {
    return this.#one('SELECT * FROM albums WHERE id = ?', albumId);
  }

  detail(album: AlbumRow, baseUrl: string): AlbumDetail {
    return {
      id: album.id,
      name: album.name,
      state: album.state,
      coverUrl: this.#coverUrl(album.id, baseUrl),
      photoCount: this.#photoCount(album.id),
      modifiedAt: album.modified_at,
      tags: this.tags(album.id),
      sync: this.runningSync(album.id),
    };
  }

  create(organizationId: string, name: string, rawDriveFolderId: string): string {
    const id = newId();
    const now = new Date().toISOString();
    this.insertAlbum({
      id,
      organization_id: organizationId,
      name,
      state: 'Init',
      created_at: now,
      modified_at: now,
    });
    this.createTag(id, 'Raw', rawDriveFolderId);
    return id;
  }

  insertAlbum(row: AlbumRow): void {
    this.#db
      .prepare(
        'INSERT INTO albums (id, organization_id, name, state, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.organization_id, row.name, row.state, row.created_at, row.modified_at);
  }

  rename(albumId: string, name: string): void {
    this.#db.prepare('UPDATE albums SET name = ? WHERE id = ?').run(name, albumId);
    this.touch(albumId);
  }

  setState(albumId: string, state: AlbumState): void {
    this.#db.prepare('UPDATE albums SET state = ? WHERE id = ?').run(state, albumId);
    this.touch(albumId);
  }

  touch(albumId: string): void {
    this.#db
      .prepare('UPDATE albums SET modified_at = ? WHERE id = ?')
      .run(new Date().toISOString(), albumId);
  }

  delete(albumId: string): void {
    this.#db.prepare('DELETE FROM albums WHERE id = ?').run(albumId);
  }

  // Tags

  tags(albumId: string): AlbumTag[] {
    return this.tagRows(albumId).map((row) => this.toTag(row));
  }

  tagRows(albumId: string): TagRow[] {
    return this.#db
      .prepare(`SELECT * FROM album_tags WHERE album_id = ? ORDER BY ${tagOrder}`)
      .all(albumId) as unknown as TagRow[];
  }

  tagRow(albumId: string, tagId: string): TagRow | null {
    return this.#one('SELECT * FROM album_tags WHERE id = ? AND album_id = ?', tagId, albumId);
  }

  tagById(tagId: string): TagRow | null {
    return this.#one('SELECT * FROM album_tags WHERE id = ?', tagId);
  }

  tagOfType(albumId: string, type: TagType): TagRow | null {
    return this.#one('SELECT * FROM album_tags WHERE album_id = ? AND type = ?', albumId, type);
  }

  tagByFolder(folderId: string): TagRow | null {
    return this.#one('SELECT * FROM album_tags WHERE folder_id = ?', folderId);
  }

  toTag(row: TagRow): AlbumTag {
    return {
      id: row.id,
      albumId: row.album_id,
      type: row.type,
      status: row.status,
      link: row.drive_folder_id ? driveFolderUrl(row.drive_folder_id) : null,
      folderId: row.folder_id,
      photoCount: this.tagPhotoCount(row.id),
      pickedCount: this.tagPickedCount(row.id),
    };
  }

  createTag(
    albumId: string,
    type: TagType,
    driveFolderId: string | null,
    ids: { id?: string; folderId?: string; status?: TagStatus } = {},
  ): TagRow {
    const row: TagRow = {
      id: ids.id ?? newId(),
      album_id: albumId,
      type,
      status: ids.status ?? 'Pending',
      drive_folder_id: driveFolderId,
      folder_id: ids.folderId ?? newId(),
      created_at: new Date().toISOString(),
    };
    this.#db
      .prepare(
        'INSERT INTO album_tags (id, album_id, type, status, drive_folder_id, folder_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        row.id,
        row.album_id,
        row.type,
        row.status,
        row.drive_folder_id,
        row.folder_id,
        row.created_at,
      );
    return row;
  }

  setTagStatus(tagId: string, status: TagStatus): void {
    this.#db.prepare('UPDATE album_tags SET status = ? WHERE id = ?').run(status, tagId);
  }

  setTagLink(tagId: string, driveFolderId: string): void {
    this.#db
      .prepare('UPDATE album_tags SET drive_folder_id = ? WHERE id = ?')
      .run(driveFolderId, tagId);
  }

  tagPhotoCount(tagId: string): number {
    const { total } = this.#db
      .prepare('SELECT COUNT(*) AS total FROM tag_photos WHERE album_tag_id = ?')
      .get(tagId) as { total: number };
    return total;
  }

  tagPickedCount(tagId: string): number {
    const { total } = this.#db
      .prepare(
        `SELECT COUNT(*) AS total FROM tag_photos tp JOIN photos p ON p.id = tp.photo_id
         WHERE tp.album_tag_id = ? AND p.voted = 1`,
      )
      .get(tagId) as { total: number };
    return total;
  }

  // Photos

  tagPhotos(tagId: string, page: number, pageSize: number, baseUrl: string): Page<Photo> {
    const rows = this.#db
      .prepare(
        `SELECT p.*, tp.sort_order FROM tag_photos tp JOIN photos p ON p.id = tp.photo_id
         WHERE tp.album_tag_id = ? ORDER BY tp.sort_order, p.id LIMIT ? OFFSET ?`,
      )
      .all(tagId, pageSize, (page - 1) * pageSize) as unknown as (PhotoRow & {
      sort_order: number;
    })[];
    return {
      items: rows.map((row) => toPhoto(row, row.sort_order, baseUrl)),
      totalCount: this.tagPhotoCount(tagId),
    };
  }

  /** The photos a tag lists, in order (sources of a processing sync). */
  allTagPhotos(tagId: string): (PhotoRow & { sort_order: number })[] {
    return this.#db
      .prepare(
        `SELECT p.*, tp.sort_order FROM tag_photos tp JOIN photos p ON p.id = tp.photo_id
         WHERE tp.album_tag_id = ? ORDER BY tp.sort_order, p.id`,
      )
      .all(tagId) as unknown as (PhotoRow & { sort_order: number })[];
  }

  /** A tag's photos processed one for one into new photos of another stage (`variant`). */
  processedCopies(tagId: string, variant: string): NewPhoto[] {
    return this.allTagPhotos(tagId).map((photo) => ({
      fileName: photo.file_name,
      imageFolderId: photo.image_folder_id,
      imageIndex: photo.image_index,
      variant,
      sortOrder: photo.sort_order,
      sourceKey: `photo:${photo.id}`,
    }));
  }

  photoRow(albumId: string, photoId: string): PhotoRow | null {
    return this.#one('SELECT * FROM photos WHERE id = ? AND album_id = ?', photoId, albumId);
  }

  photoById(photoId: string): PhotoRow | null {
    return this.#one('SELECT * FROM photos WHERE id = ?', photoId);
  }

  photo(albumId: string, photoId: string, baseUrl: string): Photo | null {
    const row = this.photoRow(albumId, photoId);
    if (!row) return null;
    const order = this.#db
      .prepare('SELECT sort_order FROM tag_photos WHERE album_tag_id = ? AND photo_id = ?')
      .get(row.album_tag_id, row.id) as { sort_order: number } | undefined;
    return toPhoto(row, order?.sort_order ?? 0, baseUrl);
  }

  setVoted(photoId: string, voted: boolean): void {
    this.#db.prepare('UPDATE photos SET voted = ? WHERE id = ?').run(voted ? 1 : 0, photoId);
  }

  /** Stores new photos owned by `tag` (skipping sources the tag already holds). */
  addPhotos(tag: TagRow, photos: readonly NewPhoto[]): number {
    // Prepared once per call: a sync step or the seed stores many photos at a time.
    const hasSource = this.#db.prepare(
      'SELECT 1 FROM tag_photos WHERE album_tag_id = ? AND source_key = ?',
    );
    const insertPhoto = this.#db.prepare(
      'INSERT INTO photos (id, album_id, album_tag_id, file_name, voted, created_at, image_folder_id, image_index, variant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const listInTag = this.#listInTag();
    const now = new Date().toISOString();
    let added = 0;
    for (const photo of photos) {
      if (hasSource.get(tag.id, photo.sourceKey) !== undefined) continue;
      const id = photo.id ?? newId();
      insertPhoto.run(
        id,
        tag.album_id,
        tag.id,
        photo.fileName,
        photo.voted ? 1 : 0,
        now,
        photo.imageFolderId,
        photo.imageIndex,
        photo.variant,
      );
      listInTag.run(tag.id, id, photo.sortOrder, photo.sourceKey);
      added++;
    }
    return added;
  }

  /** The Rate tag lists the Stock photos the client picked (the same photos, not copies). */
  listPicks(rateTagId: string, stockTagId: string): void {
    const listInTag = this.#listInTag();
    for (const photo of this.allTagPhotos(stockTagId)) {
      if (photo.voted === 1) {
        listInTag.run(rateTagId, photo.id, photo.sort_order, `photo:${photo.id}`);
      }
    }
  }

  // Syncs

  runningSync(albumId: string): AlbumSync | null {
    const row = this.#one<SyncRow>('SELECT * FROM running_syncs WHERE album_id = ?', albumId);
    return row
      ? {
          albumTagId: row.album_tag_id,
          processedCount: row.processed_count,
          totalCount: row.total_count,
          startedAt: row.started_at,
        }
      : null;
  }

  allRunningSyncs(): SyncRow[] {
    return this.#db.prepare('SELECT * FROM running_syncs').all() as unknown as SyncRow[];
  }

  saveRunningSync(
    albumId: string,
    tagId: string,
    trigger: string | null,
    processed: number,
    total: number,
    startedAt: string,
  ): void {
    this.#db
      .prepare(
        `INSERT INTO running_syncs (album_id, album_tag_id, trigger, processed_count, total_count, started_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (album_id) DO UPDATE SET processed_count = excluded.processed_count`,
      )
      .run(albumId, tagId, trigger, processed, total, startedAt);
  }

  clearRunningSync(albumId: string): void {
    this.#db.prepare('DELETE FROM running_syncs WHERE album_id = ?').run(albumId);
  }

  // Helpers

  /** The first row the query finds, or null. */
  #one<T>(sql: string, ...params: string[]): T | null {
    return (this.#db.prepare(sql).get(...params) as T | undefined) ?? null;
  }

  #listInTag(): StatementSync {
    return this.#db.prepare(
      'INSERT OR IGNORE INTO tag_photos (album_tag_id, photo_id, sort_order, source_key) VALUES (?, ?, ?, ?)',
    );
  }

  /**
   * The album's photos, each once: the photos shot, its Raw tag's. Every later tag holds
   * copies or a subset of them (Stock: each Raw photo processed; Rate: the picks; Retouch
   * and Final: the picks retouched), so counting the album's stored photos made a
   * 2,400-shot wedding "4,800 photos" on its card while its page said 2,400 (server/README.md).
   */
  #photoCount(albumId: string): number {
    const { total } = this.#db
      .prepare(
        `SELECT COUNT(*) AS total FROM tag_photos tp JOIN album_tags t ON t.id = tp.album_tag_id
         WHERE t.album_id = ? AND t.type = 'Raw'`,
      )
      .get(albumId) as { total: number };
    return total;
  }

  /** The first photo of the album's latest stage that has photos. */
  #coverUrl(albumId: string, baseUrl: string): string | null {
    const row = this.#db
      .prepare(
        `SELECT tp.photo_id FROM tag_photos tp JOIN album_tags t ON t.id = tp.album_tag_id
         WHERE t.album_id = ? AND t.type <> 'Rate'
         ORDER BY ${tagOrder.replaceAll('type', 't.type')} DESC, tp.sort_order LIMIT 1`,
      )
      .get(albumId) as { photo_id: string } | undefined;
    return row ? thumbnailUrl(baseUrl, row.photo_id) : null;
  }
}

export const thumbnailUrl = (baseUrl: string, photoId: string): string =>
  `${baseUrl}/api/v1/thumbnails/${photoId}`;

function toPhoto(row: PhotoRow, sortOrder: number, baseUrl: string): Photo {
  return {
    id: row.id,
    albumTagId: row.album_tag_id,
    fileName: row.file_name,
    thumbnailUrl: thumbnailUrl(baseUrl, row.id),
    sortOrder,
    voted: row.voted === 1,
    createdAt: row.created_at,
  };
}
