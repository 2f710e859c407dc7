import type { Action, ActionCreator } from '@ngrx/store';
import { photoCount } from '../i18n/formats';
import { hubDetail } from '../i18n/language';
import { tagLabel } from '../i18n/labels';
import { HubEventActions } from '../realtime/notification-hub.actions';

/**
 * What may be worth a system notification: the end of a sync (the photographer started
 * it and went to Lightroom) and the client's steps. The photographer's own steps (a
 * trigger, a link, a vote) are never notified: they only move state they caused.
 */
export type AlbumNews =
  | { readonly kind: 'syncCompleted'; readonly count: number; readonly tagType: string }
  | { readonly kind: 'syncFailed'; readonly reason: string }
  | { readonly kind: 'clientPicked' }
  | { readonly kind: 'clientAskedRevision' }
  | { readonly kind: 'clientApproved' };

export interface AlbumNewsItem {
  readonly albumId: string;
  /** The same for one hub event in every tab (server fields only), to notify it once. */
  readonly key: string;
  readonly news: AlbumNews;
}

/** The album states only the client's steps lead to (CONTRACT §3: Rate, RequestRevision, ConfirmFeedback). */
const clientSteps: Readonly<Record<string, AlbumNews>> = {
  Rate: { kind: 'clientPicked' },
  Revision: { kind: 'clientAskedRevision' },
  Approved: { kind: 'clientApproved' },
};

function is<C extends ActionCreator>(creator: C, action: Action): action is Action & ReturnType<C> {
  return action.type === creator.type;
}

/** The news in a hub action, or null when there is none to tell. */
export function albumNewsOf(action: Action): AlbumNewsItem | null {
  if (is(HubEventActions.PhotoSyncCompleted, action)) {
    const { event } = action;
    return {
      albumId: event.albumId,
      key: `sync-completed:${event.albumId}:${event.albumTagId}:${event.timestamp}`,
      news: { kind: 'syncCompleted', count: event.processedCount, tagType: event.albumTagType },
    };
  }
  if (is(HubEventActions.AlbumSyncError, action)) {
    const { event } = action;
    return {
      albumId: event.albumId,
      key: `sync-failed:${event.albumId}:${event.timestamp}`,
      news: { kind: 'syncFailed', reason: event.message },
    };
  }
  if (is(HubEventActions.AlbumStateChanged, action)) {
    const { event } = action;
    const news = clientSteps[event.newState];
    return news
      ? {
          albumId: event.albumId,
          key: `state:${event.albumId}:${event.newState}:${event.timestamp}`,
          news,
        }
      : null;
  }
  return null;
}

/** A tab's report: whether it is seen, and which album it shows (null: none). */
export interface TabPresence {
  readonly tabId: string;
  readonly albumId: string | null;
  readonly visible: boolean;
}

/** Told only when no tab the photographer can see shows that album. */
export function isAway(albumId: string, tabs: Iterable<TabPresence>): boolean {
  for (const tab of tabs) if (tab.visible && tab.albumId === albumId) return false;
  return true;
}

/** What the album is now, as the notification names it. */
export interface AlbumFacts {
  readonly name: string;
  /** The Rate tag's photo count: the picks as the server counts them. */
  readonly picks: number | null;
}

export interface NotificationText {
  readonly title: string;
  readonly body: string;
  /** One per album: a newer notification replaces the album's previous one. */
  readonly tag: string;
}

/** The words of every notification (one place, for translation). */
export function notificationText(item: AlbumNewsItem, album: AlbumFacts): NotificationText {
  const tag = `photoflow-album-${item.albumId}`;
  const { news } = item;
  switch (news.kind) {
    case 'syncCompleted': {
      const photos = photoCount(news.count);
      const type = tagLabel(news.tagType);
      const name = album.name;
      return {
        title: $localize`Sync completed`,
        body: $localize`${photos}:photos: synced to the ${type}:type: tag of ${name}:album:`,
        tag,
      };
    }
    case 'syncFailed': {
      // The hub's reason is in the server's language: shown only where the page is too.
      const reason = hubDetail(news.reason);
      const name = album.name;
      return {
        title: $localize`Sync failed`,
        body: reason ? `${name}: ${reason}` : $localize`The photo sync of ${name}:album: failed`,
        tag,
      };
    }
    case 'clientPicked': {
      const name = album.name;
      const picks = album.picks === null ? null : photoCount(album.picks);
      return {
        title: $localize`The client finished picking`,
        body:
          picks === null
            ? $localize`The client finished picking in ${name}:album:`
            : $localize`The client finished picking: ${picks}:photos: in ${name}:album:`,
        tag,
      };
    }
    case 'clientAskedRevision': {
      const name = album.name;
      return {
        title: $localize`The client asked for a revision`,
        body: $localize`The client asked for a revision of ${name}:album:`,
        tag,
      };
    }
    case 'clientApproved': {
      const name = album.name;
      return {
        title: $localize`The client approved the photos`,
        body: $localize`The client approved the retouched photos of ${name}:album:`,
        tag,
      };
    }
  }
}
