import type { AlbumEvent } from './events.ts';

/**
 * A tag's progress goes out at most this often, by default: about 7 a second. A count waits
 * at most this long for its send, so this bounds a bar's lag: with the delivery's tens of
 * milliseconds, send → bar stays within 250 ms at p99 (bench figure 15), and with 8 tabs
 * rendering on the same cores within 300 ms (figure 16). The ASP.NET Core hub's default
 * (`DeliveryOptions.ProgressIntervalMs`) is the same.
 */
export const progressIntervalMs = 150;

interface AlbumSends {
  /** Progress held back, per tag: the latest wins. In the order the tags first waited. */
  readonly pending: Map<string, AlbumEvent>;
  readonly lastSentAt: Map<string, number>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Progress coalesced at the send, per album and tag, as PhotoFlow's hub does it
 * (aspnetcore-hub/ProgressCoalescer.cs): a tag's PhotoSyncProgress goes out at most once per
 * interval, the latest count winning; whatever is held for an album goes out before any
 * other event of that album, so the album's order holds. A flood of progress costs every
 * client a few events a second per tag, however it reads.
 */
export class ProgressCoalescer {
  readonly #send: (event: AlbumEvent) => void;
  readonly #intervalMs: number;
  readonly #albums = new Map<string, AlbumSends>();

  constructor(send: (event: AlbumEvent) => void, intervalMs = progressIntervalMs) {
    this.#send = send;
    this.#intervalMs = intervalMs;
  }

  send(event: AlbumEvent): void {
    const albumId = event.payload.albumId;
    if (event.target !== 'PhotoSyncProgress') {
      this.then(albumId, () => this.#send(event));
      return;
    }
    let album = this.#albums.get(albumId);
    if (!album)
      this.#albums.set(
        albumId,
        (album = { pending: new Map(), lastSentAt: new Map(), timer: undefined }),
      );
    const tag = event.payload.albumTagId;
    const now = Date.now();
    if (!album.pending.has(tag) && this.#due(album, tag, now)) {
      album.lastSentAt.set(tag, now);
      this.#send(event);
    } else {
      album.pending.set(tag, event);
    }
    this.#schedule(albumId, album, now);
  }

  /** Sends what is held back for the album, then runs `send` (another kind of message to its group). */
  then(albumId: string, send: () => void): void {
    const album = this.#albums.get(albumId);
    if (album) this.#flush(album);
    send();
  }

  /** Sends everything held back at once (the backend stops). */
  flushAll(): void {
    for (const album of this.#albums.values()) {
      this.#flush(album);
      clearTimeout(album.timer);
    }
    this.#albums.clear();
  }

  #due(album: AlbumSends, tag: string, now: number): boolean {
    const last = album.lastSentAt.get(tag);
    return last === undefined || now - last >= this.#intervalMs;
  }

  #flush(album: AlbumSends): void {
    const now = Date.now();
    for (const [tag, event] of album.pending) {
      album.lastSentAt.set(tag, now);
      this.#send(event);
    }
    album.pending.clear();
  }

  /**
   * One timer per album: at the earliest moment a held tag is due; with nothing held, a
   * while after the last send, to forget the album.
   */
  #schedule(albumId: string, album: AlbumSends, now: number): void {
    clearTimeout(album.timer);
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const tag of album.pending.keys()) {
      wakeAt = Math.min(wakeAt, (album.lastSentAt.get(tag) ?? now) + this.#intervalMs);
    }
    const forgetting = album.pending.size === 0;
    const delay = forgetting ? this.#intervalMs * 4 : Math.max(0, wakeAt - now);
    album.timer = setTimeout(() => {
      const at = Date.now();
      for (const [tag, event] of album.pending) {
        if (!this.#due(album, tag, at)) continue;
        album.pending.delete(tag);
        album.lastSentAt.set(tag, at);
        this.#send(event);
      }
      if (forgetting) this.#albums.delete(albumId);
      else this.#schedule(albumId, album, at);
    }, delay);
    album.timer.unref();
  }
}
