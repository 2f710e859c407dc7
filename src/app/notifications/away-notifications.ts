import { DestroyRef, Injectable, InjectionToken, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, firstValueFrom, map } from 'rxjs';
import { PhotoflowApi } from '../api/photoflow-api';
import { RealtimeLayer } from '../realtime/realtime-layer';
import { BrowserNotifier, type ChannelLike, type NotifierDeps } from './browser-notifier';
import { notificationText, type AlbumFacts, type AlbumNewsItem } from './notification-rules';
import { NotificationSettings } from './notification-settings';
import { TabVisibility } from './tab-visibility';

const channelName = 'photoflow-notifier';

/** What the browser offers the notifier: its channel; null without BroadcastChannel. */
export type NotifierPorts = Pick<NotifierDeps, 'tabId' | 'openChannel'>;

export const NOTIFIER_PORTS = new InjectionToken<NotifierPorts | null>('System notifier ports', {
  providedIn: 'root',
  factory: () =>
    typeof BroadcastChannel !== 'undefined' && typeof window !== 'undefined'
      ? {
          tabId: crypto.randomUUID(),
          // Its onmessage takes a MessageEvent; the notifier only reads `data`.
          openChannel: () => new BroadcastChannel(channelName) as unknown as ChannelLike,
        }
      : null,
});

/** The album a URL shows (`/albums/{id}`, its viewer included), or null. */
export function albumIdOfUrl(url: string): string | null {
  const match = /^\/albums\/([^/?#]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * System notifications for this browser: this tab's place reported to the notifier (the
 * tab holding the hub connection), its hub's news offered to it, and, in the notifier tab, the notification shown (the album
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
    const ports = inject(NOTIFIER_PORTS);
    this.notifier = ports
      ? new BrowserNotifier({
          ...ports,
          now: () => Date.now(),
          notify: (item) => void this.show(item),
        })
      : null;
    if (!this.notifier) return;
    const notifier = this.notifier;
    notifier.start();
    // One election per browser: the tab holding the hub connection is the notifier too.
    const hub = toSignal(inject(RealtimeLayer).loaded$, { initialValue: null });
    effect(() => notifier.elect(hub()?.isLeader() ?? false));
    const visible = inject(TabVisibility).visible;
    const albumId = toSignal(
      this.router.events.pipe(
        filter((event) => event instanceof NavigationEnd),
        map(() => albumIdOfUrl(this.router.url)),
      ),
      { initialValue: albumIdOfUrl(this.router.url) },
    );
    const report = () => notifier.report({ albumId: albumId(), visible: visible() });
    effect(report);
    // Said again now and then: the notifier forgets tabs it has not heard from.
    const heartbeat = setInterval(report, 10_000);
    const leave = () => notifier.stop();
    // Back from the back/forward cache: the page left on `pagehide`, so it comes back as a new tab.
    const restored = (event: Event) => {
      if (!(event as PageTransitionEvent).persisted) return;
      notifier.start();
      report();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', restored);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(heartbeat);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', restored);
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
