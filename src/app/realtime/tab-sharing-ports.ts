import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject } from '@angular/core';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { ConnectionState } from './connection-status';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import type { LockManagerLike } from './tab-leadership';
import type { RelayedEvent } from './tab-messages';

/** The part of `BroadcastChannel` the tabs use. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
}

/** Page lifecycle, as the tab sees it: pagehide, pageshow, freeze, resume, visibilitychange. */
export interface PageLifecycle {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  isVisible(): boolean;
}

/** What the browser offers for sharing one connection between tabs; null: each tab connects on its own. */
export interface TabSharingPorts {
  readonly tabId: string;
  readonly locks: LockManagerLike;
  /** Opens the channel; `receive` gets each message other tabs post on it. */
  openChannel(name: string, receive: (data: unknown) => void): ChannelLike;
  readonly page: PageLifecycle;
}

/**
 * Web Locks and BroadcastChannel from the browser, unless the environment turns sharing
 * off (`shareHubAcrossTabs: false`) or the browser lacks either: then null.
 */
export const TAB_SHARING = new InjectionToken<TabSharingPorts | null>('Hub sharing between tabs', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    const window = document.defaultView;
    if (inject(APP_ENVIRONMENT).shareHubAcrossTabs === false || !window) return null;
    const locks = window.navigator?.locks as LockManagerLike | undefined;
    const Channel = window.BroadcastChannel;
    if (!locks || typeof Channel !== 'function' || !window.crypto?.randomUUID) return null;
    return {
      tabId: window.crypto.randomUUID(),
      locks,
      openChannel: (name, receive) => {
        const channel = new Channel(name);
        channel.onmessage = (event) => receive(event.data);
        return channel;
      },
      page: {
        addEventListener: (type, listener) =>
          (type === 'freeze' || type === 'resume' || type === 'visibilitychange'
            ? document
            : window
          ).addEventListener(type, listener),
        removeEventListener: (type, listener) =>
          (type === 'freeze' || type === 'resume' || type === 'visibilitychange'
            ? document
            : window
          ).removeEventListener(type, listener),
        isVisible: () => document.visibilityState !== 'hidden',
      },
    };
  },
});

export const HUB_CHANNEL = 'photoflow.hub';
/** A visible follower checks on the leader this often, and takes over when it does not answer in time. */
export const LEADER_CHECK_MS = 10_000;
export const LEADER_ANSWER_MS = 10_000;

/** What the sharing needs of the service (the connection lives there, leader or not). */
export interface SharedHubHost {
  /** Elected: connect (a reconnect, if any tab was connected before), joining the union of what the tabs show. */
  lead(): void;
  /** No longer the leader (frozen, stolen, stopped): close the connection, no recovery. */
  resign(): void;
  /** The union of what every tab shows: the groups the connection keeps. */
  follow(albumIds: ReadonlySet<string>): void;
  isGroupJoined(albumId: string): boolean;
  /** A follower asked for "Reconnect now". */
  reconnectNow(): void;
  /** A follower's session ended: stop if the shared session is gone. */
  signedOutElsewhere(): void;
  // As a follower, what the leader relays (already validated)
  deliver(events: readonly RelayedEvent[]): void;
  followState(state: ConnectionState): void;
  joined(round: AlbumGroupsJoined): void;
  refused(refusal: JoinRefusal): void;
  dropped(detail: string, name: string | null): void;
}
