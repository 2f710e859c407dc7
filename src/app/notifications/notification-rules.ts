import type { Action, ActionCreator } from '@ngrx/store';
import { NotificationHubActions } from '../realtime/notification-hub.actions';

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
  if (is(NotificationHubActions.photoSyncCompleted, action)) {
    const { event } = action;
    return {
      albumId: event.albumId,
      key: `sync-completed:${event.albumId}:${event.albumTagId}:${event.timestamp}`,
      news: { kind: 'syncCompleted', count: event.processedCount, tagType: event.albumTagType },
    };
  }
  if (is(NotificationHubActions.albumSyncFailed, action)) {
    const { event } = action;
    return {
      albumId: event.albumId,
      key: `sync-failed:${event.albumId}:${event.timestamp}`,
      news: { kind: 'syncFailed', reason: event.message },
    };
  }
  if (is(NotificationHubActions.albumStateChanged, action)) {
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

const count = (n: number) => n.toLocaleString('en-US');
const photos = (n: number) => `${count(n)} ${n === 1 ? 'photo' : 'photos'}`;

/** The words of every notification (one place, for translation). */
export function notificationText(item: AlbumNewsItem, album: AlbumFacts): NotificationText {
  const tag = `photoflow-album-${item.albumId}`;
  const { news } = item;
  switch (news.kind) {
    case 'syncCompleted':
      return {
        title: 'Sync completed',
        body: `${photos(news.count)} synced to the ${news.tagType} tag of ${album.name}`,
        tag,
      };
    case 'syncFailed':
      return { title: 'Sync failed', body: `${album.name}: ${news.reason}`, tag };
    case 'clientPicked':
      return {
        title: 'The client finished picking',
        body:
          album.picks === null
            ? `The client finished picking in ${album.name}`
            : `The client finished picking: ${photos(album.picks)} in ${album.name}`,
        tag,
      };
    case 'clientAskedRevision':
      return {
        title: 'The client asked for a revision',
        body: `The client asked for a revision of ${album.name}`,
        tag,
      };
    case 'clientApproved':
      return {
        title: 'The client approved the photos',
        body: `The client approved the retouched photos of ${album.name}`,
        tag,
      };
  }
}
