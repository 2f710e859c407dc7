import { DestroyRef, Injectable, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, firstValueFrom, map } from 'rxjs';
import { PhotoflowApi } from '../api/photoflow-api';
import { BrowserNotifier, type ChannelLike, type LocksLike } from './browser-notifier';
import { notificationText, type AlbumFacts, type AlbumNewsItem } from './notification-rules';
import { NotificationSettings } from './notification-settings';
import { TabVisibility } from './tab-visibility';

const channelName = 'photoflow-notifier';

/** The album a URL shows (`/albums/{id}`, its viewer included), or null. */
export function albumIdOfUrl(url: string): string | null {
  const match = /^\/albums\/([^/?#]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * System notifications for this browser: this tab's place reported to the notifier, its
 * hub's news offered to it, and, in the notifier tab, the notification shown (the album
 * read from REST for its name and the server's pick count). A click focuses the tab and
 * opens the album.
 */
@Injectable({ providedIn: 'root' })
export class AwayNotifications {
  private readonly settings = inject(NotificationSettings);
  private readonly api = inject(PhotoflowApi);
  private readonly router = inject(Router);
  private readonly notifier: BrowserNotifier | null;

  constructor() {
    const supported = typeof BroadcastChannel !== 'undefined' && typeof window !== 'undefined';
    this.notifier = supported
      ? new BrowserNotifier({
          tabId: crypto.randomUUID(),
          // Its onmessage takes a MessageEvent; the notifier only reads `data`.
          channel: new BroadcastChannel(channelName) as unknown as ChannelLike,
          locks: (navigator as Navigator & { locks?: LocksLike }).locks ?? null,
          now: () => Date.now(),
          notify: (item) => void this.show(item),
        })
      : null;
    if (!this.notifier) return;
    const notifier = this.notifier;
    notifier.start();
    const visible = inject(TabVisibility).visible;
    const albumId = toSignal(
      this.router.events.pipe(
        filter((event) => event instanceof NavigationEnd),
        map(() => albumIdOfUrl(this.router.url)),
      ),
      { initialValue: albumIdOfUrl(this.router.url) },
    );
    effect(() => notifier.report({ albumId: albumId(), visible: visible() }));
    // Said again now and then: the notifier forgets tabs it has not heard from.
    const heartbeat = setInterval(
      () => notifier.report({ albumId: albumId(), visible: visible() }),
      10_000,
    );
    const leave = () => notifier.stop();
    window.addEventListener('pagehide', leave);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(heartbeat);
      window.removeEventListener('pagehide', leave);
      notifier.stop();
    });
  }

  offer(item: AlbumNewsItem): void {
    this.notifier?.offer(item);
  }

  private async show(item: AlbumNewsItem): Promise<void> {
    if (!this.settings.isOn()) return;
    const facts = await this.factsOf(item.albumId);
    if (!facts || !this.settings.isOn()) return;
    const text = notificationText(item, facts);
    const notification = new Notification(text.title, { body: text.body, tag: text.tag });
    notification.onclick = () => {
      window.focus();
      notification.close();
      void this.router.navigate(['/albums', item.albumId]);
    };
  }

  private async factsOf(albumId: string): Promise<AlbumFacts | null> {
    try {
      const album = await firstValueFrom(this.api.getAlbum(albumId));
      const rate = album.tags.find((tag) => tag.type === 'Rate');
      return { name: album.name, picks: rate ? rate.photoCount : null };
    } catch {
      return null; // gone, or not this studio's any more: nothing to tell
    }
  }
}
