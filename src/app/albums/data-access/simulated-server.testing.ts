import type {
  Album,
  AlbumState,
  AlbumSummary,
  AlbumTag,
  AlbumTagStatus,
  AlbumTagType,
} from '../../api/models';

/** One hub event as the server sends it: a target and its one argument. */
export interface ServerEvent {
  readonly target: string;
  readonly payload: { readonly albumId: string } & Record<string, unknown>;
}

interface ServerAlbum {
  readonly id: string;
  state: AlbumState;
  modifiedAt: number;
  tags: AlbumTag[];
  sync: {
    albumTagId: string;
    processedCount: number;
    totalCount: number;
    startedAt: number;
  } | null;
}

const NEXT_STATE: Partial<Record<AlbumState, AlbumState>> = {
  Init: 'Raw',
  Raw: 'Stock',
  Stock: 'Rate',
  Rate: 'Retouch',
};
const TAG_TYPES: readonly AlbumTagType[] = ['Raw', 'Stock', 'Rate', 'Retouch', 'Final'];

/** Operations the server may perform; each emits the hub events CONTRACT §4 orders. */
export type ServerOperation =
  | { readonly kind: 'startSync'; readonly album: number; readonly total: number }
  | { readonly kind: 'progress'; readonly album: number; readonly photos: number }
  | { readonly kind: 'complete'; readonly album: number }
  | { readonly kind: 'fail'; readonly album: number }
  | { readonly kind: 'createTag'; readonly album: number };

/**
 * PhotoFlow's backend in miniature: albums whose tags sync, fail, complete and move the
 * album on, with its own clock (never the browser's). Snapshots of every moment are kept,
 * so a REST answer can describe any moment between its request and its answer.
 */
export class SimulatedServer {
  private readonly albums: ServerAlbum[];
  private clock = Date.parse('2026-12-01T08:00:00.000Z');
  /** The answer `GET /albums/{id}` would give, after each operation (index = moment). */
  private readonly history: Map<string, Album>[] = [];

  constructor(readonly albumIds: readonly string[]) {
    this.albums = albumIds.map((id) => ({
      id,
      state: 'Init',
      modifiedAt: this.clock,
      tags: [this.tag(id, 'Raw', 0)],
      sync: null,
    }));
    this.record();
  }

  get now(): number {
    return this.history.length - 1;
  }

  /** Applies one operation (if it makes sense now); answers the events it sends. */
  apply(operation: ServerOperation, elapsedMs: number): ServerEvent[] {
    this.clock += elapsedMs;
    const album = this.albums[operation.album % this.albums.length];
    const events = this.perform(album, operation);
    if (events.length > 0) this.record();
    return events;
  }

  /** The album as `GET /albums/{id}` answered it at `moment`. */
  albumAt(albumId: string, moment: number): Album | null {
    return this.history[moment].get(albumId) ?? null;
  }

  listAt(moment: number): AlbumSummary[] {
    return [...this.history[moment].values()].map((album) => ({
      id: album.id,
      name: album.name,
      state: album.state,
      coverUrl: null,
      photoCount: album.photoCount,
      syncing: album.sync !== null,
      modifiedAt: album.modifiedAt,
    }));
  }

  /** The truth now. */
  album(albumId: string): Album {
    return this.albumAt(albumId, this.now)!;
  }

  private perform(album: ServerAlbum, operation: ServerOperation): ServerEvent[] {
    const send = (target: string, fields: Record<string, unknown>): ServerEvent => ({
      target,
      payload: { albumId: album.id, ...fields, timestamp: new Date(this.clock).toISOString() },
    });
    switch (operation.kind) {
      case 'startSync': {
        const tag = album.tags.find((t) => t.status !== 'Syncing');
        if (album.sync || !tag) return [];
        album.sync = {
          albumTagId: tag.id,
          processedCount: 0,
          totalCount: operation.total,
          startedAt: this.clock,
        };
        return [
          send('AlbumSyncStarted', { message: 'Sync started' }),
          this.setStatus(album, tag, 'Syncing', send),
        ];
      }
      case 'progress': {
        const sync = album.sync;
        if (!sync) return [];
        sync.processedCount = Math.min(sync.totalCount, sync.processedCount + operation.photos);
        return [send('PhotoSyncProgress', { ...this.counts(album), estimatedSecondsRemaining: 3 })];
      }
      case 'complete': {
        const sync = album.sync;
        if (!sync) return [];
        sync.processedCount = sync.totalCount;
        const tag = album.tags.find((t) => t.id === sync.albumTagId)!;
        const events = [send('PhotoSyncCompleted', { ...this.counts(album), message: 'Done' })];
        album.tags = album.tags.map((t) => (t === tag ? { ...t, photoCount: sync.totalCount } : t));
        events.push(
          this.setStatus(
            album,
            album.tags.find((t) => t.id === tag.id)!,
            'Ready',
            send,
          ),
        );
        album.sync = null;
        album.modifiedAt = this.clock;
        events.push(send('AlbumSyncCompleted', { albumTagId: tag.id, message: 'Done' }));
        const next = NEXT_STATE[album.state];
        if (next) {
          events.push(
            send('AlbumStateChanged', { oldState: album.state, newState: next, message: '' }),
          );
          album.state = next;
        }
        return events;
      }
      case 'fail': {
        const sync = album.sync;
        if (!sync) return [];
        const tag = album.tags.find((t) => t.id === sync.albumTagId)!;
        const events = [this.setStatus(album, tag, 'Failed', send)];
        album.sync = null;
        album.modifiedAt = this.clock;
        events.push(send('AlbumSyncError', { message: 'Drive folder unreadable' }));
        return events;
      }
      case 'createTag': {
        const type = TAG_TYPES[album.tags.length];
        if (!type) return [];
        const tag = this.tag(album.id, type, album.tags.length);
        album.tags = [...album.tags, tag];
        album.modifiedAt = this.clock;
        return [send('AlbumTagCreated', { albumTagId: tag.id, message: 'Tag created' })];
      }
    }
  }

  private setStatus(
    album: ServerAlbum,
    tag: AlbumTag,
    newStatus: AlbumTagStatus,
    send: (target: string, fields: Record<string, unknown>) => ServerEvent,
  ): ServerEvent {
    album.tags = album.tags.map((t) => (t.id === tag.id ? { ...t, status: newStatus } : t));
    return send('AlbumTagStatusChanged', {
      albumTagId: tag.id,
      oldStatus: tag.status,
      newStatus,
      message: '',
    });
  }

  private counts(album: ServerAlbum) {
    const sync = album.sync!;
    const tag = album.tags.find((t) => t.id === sync.albumTagId)!;
    return {
      albumTagId: tag.id,
      albumTagType: tag.type,
      processedCount: sync.processedCount,
      totalCount: sync.totalCount,
    };
  }

  private tag(albumId: string, type: AlbumTagType, index: number): AlbumTag {
    return {
      id: `${albumId}-tag-${index}`,
      albumId,
      type,
      status: 'Pending',
      link: null,
      folderId: `${albumId}-folder-${index}`,
      photoCount: 0,
    };
  }

  private record(): void {
    const moment = new Map<string, Album>();
    for (const album of this.albums) {
      moment.set(album.id, {
        id: album.id,
        name: `Album ${album.id}`,
        state: album.state,
        coverUrl: null,
        photoCount: album.tags.reduce((sum, tag) => sum + tag.photoCount, 0),
        modifiedAt: new Date(album.modifiedAt).toISOString(),
        tags: album.tags.map((tag) => ({ ...tag })),
        sync: album.sync
          ? { ...album.sync, startedAt: new Date(album.sync.startedAt).toISOString() }
          : null,
      });
    }
    this.history.push(moment);
  }
}
