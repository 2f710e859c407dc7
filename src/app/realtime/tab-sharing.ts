import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject, type Signal } from '@angular/core';
import type { HubEventMap, HubEventName } from '../api/models';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type { ConnectionState } from './connection-status';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import { TabLeadership, type LockManagerLike } from './tab-leadership';
import {
  checkRelayedEvents,
  checkTabMessage,
  type RelayedEvent,
  type TabMessage,
} from './tab-messages';

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

export const HUB_CHANNEL = 'photoflow.hub';
/** A visible follower checks on the leader this often, and takes over when it does not answer in time. */
export const LEADER_CHECK_MS = 10_000;
export const LEADER_ANSWER_MS = 10_000;

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

/**
 * One hub connection for every tab of the browser (per profile and origin). The leader
 * (see {@link TabLeadership}) runs the service's connection with the union of every
 * tab's wanted albums (each tab's whole set, as it last said it), and relays over a BroadcastChannel what
 * each follower needs: hub events, connection state, join rounds and refusals. A tab's
 * wants are dropped when it says goodbye or when its own lock frees (it crashed).
 */
export class TabSharing {
  private readonly leadership: TabLeadership;
  private channel: ChannelLike | null = null;
  private running = false;
  private frozen = false;
  /** The tab the last `leader` message came from; only its relays are believed. */
  private leaderId: string | null = null;
  private ownWants: readonly string[] = [];
  /** Follower: the leader said goodbye, so this tab's joins are forgotten until one is named again. */
  private leaderLost = false;
  /** Leader only: each other tab's wanted albums, and the watch on its life. */
  private readonly tabs = new Map<string, { albums: Set<string>; watch: AbortController }>();
  private relayBatch: { name: string; payload: unknown }[] = [];
  private state: ConnectionState | null = null;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private answerTimer: ReturnType<typeof setTimeout> | null = null;

  /** True while this tab holds the browser's hub connection (for other features: once-per-browser work). */
  readonly isLeader: Signal<boolean>;

  constructor(
    private readonly ports: TabSharingPorts,
    private readonly host: SharedHubHost,
  ) {
    this.leadership = new TabLeadership(ports.locks, ports.tabId);
    this.isLeader = this.leadership.isLeader;
  }

  get tabId(): string {
    return this.ports.tabId;
  }

  /** Signed in: hold this tab's lock, listen, tell the leader what we want, and stand for leader. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.leadership.holdTabLock();
    this.channel = this.ports.openChannel(HUB_CHANNEL, (data) => this.receive(data));
    for (const type of ['pagehide', 'pageshow', 'freeze', 'resume', 'visibilitychange'])
      this.ports.page.addEventListener(type, this.onLifecycle);
    this.checkTimer = setInterval(() => this.checkLeader(), LEADER_CHECK_MS);
    this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...this.ownWants] });
    this.stand();
  }

  /** Signed out (or destroyed): say goodbye, give up leadership and this tab's lock. */
  stop(signedOut: boolean): void {
    if (!this.running) return;
    if (signedOut && !this.isLeader()) this.post({ kind: 'signed-out', tabId: this.tabId });
    this.post({ kind: 'bye', tabId: this.tabId });
    this.stepDown(false);
    this.leadership.close();
    this.running = false;
    this.leaderId = null;
    this.leaderLost = false;
    for (const type of ['pagehide', 'pageshow', 'freeze', 'resume', 'visibilitychange'])
      this.ports.page.removeEventListener(type, this.onLifecycle);
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
    this.clearAnswerTimer();
    this.channel?.close();
    this.channel = null;
  }

  /** This tab's wanted albums changed (the union's share of this tab). */
  setOwnWants(albumIds: readonly string[]): void {
    const before = new Set(this.ownWants);
    this.ownWants = [...albumIds];
    if (this.isLeader()) {
      this.applyWants(this.tabId, before, new Set(albumIds));
    } else if (this.running) {
      this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...albumIds] });
    }
  }

  /** "Reconnect now" in a follower goes to the leader. */
  requestReconnect(): void {
    this.post({ kind: 'reconnect-now', tabId: this.tabId });
  }

  // Leader: what the connection says, relayed

  /** A hub event on the leader's connection: relayed if another tab wants its album. */
  relayEvent<K extends HubEventName>(name: K, payload: HubEventMap[K]): void {
    if (!this.othersWant(payload.albumId)) return;
    if (this.relayBatch.length === 0) queueMicrotask(() => this.flushRelay());
    this.relayBatch.push({ name, payload });
  }

  leaderState(state: ConnectionState): void {
    this.state = state;
    this.post({ kind: 'state', tabId: this.tabId, state });
  }

  /** A round of joins on the leader's connection: each tab hears of the albums it wants. */
  groupsJoined(round: AlbumGroupsJoined): void {
    this.flushRelay();
    const albums: Record<string, string[]> = {};
    for (const [tabId, tab] of this.tabs) {
      albums[tabId] = round.albumIds.filter((albumId) => tab.albums.has(albumId));
    }
    this.post({ kind: 'joined', tabId: this.tabId, reconnect: round.reconnect, albums });
    const own = round.albumIds.filter((albumId) => this.ownWants.includes(albumId));
    if (own.length > 0 || round.reconnect)
      this.host.joined({ albumIds: own, reconnect: round.reconnect });
  }

  groupRefused(refusal: JoinRefusal): void {
    this.flushRelay();
    this.post({ kind: 'refused', tabId: this.tabId, ...refusal });
    if (this.ownWants.includes(refusal.albumId)) this.host.refused(refusal);
  }

  // Internals

  private stand(steal = false): void {
    if (!this.running || this.frozen) return;
    this.leadership.stand(
      () => this.elected(),
      () => this.deposed(),
      steal,
    );
  }

  private elected(): void {
    this.leaderId = this.tabId;
    this.clearAnswerTimer();
    this.applyWants(this.tabId, new Set(), new Set(this.ownWants));
    this.post({ kind: 'leader', tabId: this.tabId });
    this.host.lead();
  }

  /** Leaves the lead (if held): followers are told, the connection closes; `again`: back in line. */
  private stepDown(again: boolean): void {
    const wasLeader = this.isLeader() || this.leaderId === this.tabId;
    if (wasLeader) {
      this.flushRelay();
      this.post({ kind: 'bye', tabId: this.tabId });
      for (const tab of this.tabs.values()) tab.watch.abort();
      this.tabs.clear();
      this.leaderId = null;
      this.state = null;
      this.leadership.withdraw();
      this.host.resign();
    }
    if (again) this.stand();
  }

  /** Our lock was stolen: step down, and tell whoever leads now what this tab shows (it answers who it is). */
  private deposed(): void {
    this.stepDown(true);
    this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...this.ownWants] });
  }

  private readonly onLifecycle = (event: Event): void => {
    switch (event.type) {
      case 'pagehide':
        // Gone, or into the back/forward cache: the wants go now; the lock follows with the page.
        this.post({ kind: 'bye', tabId: this.tabId });
        break;
      case 'pageshow':
        // Back from the back/forward cache: undo the goodbye.
        if (!(event as PageTransitionEvent).persisted) break;
        if (this.isLeader()) this.post({ kind: 'leader', tabId: this.tabId });
        else this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...this.ownWants] });
        break;
      case 'freeze':
        // A frozen tab runs nothing: it must neither hold the connection nor be handed it.
        this.frozen = true;
        this.stepDown(false);
        this.leadership.withdraw();
        break;
      case 'resume':
        this.frozen = false;
        this.post({ kind: 'wants', tabId: this.tabId, albumIds: [...this.ownWants] });
        this.stand();
        break;
      case 'visibilitychange':
        if (this.ports.page.isVisible()) this.checkLeader();
        break;
    }
  };

  /**
   * A visible follower asks the leader for a sign of life; one that does not answer in
   * time (hung, or frozen without a `freeze` event) has its lock stolen. Messages are not
   * timers: a hidden leader whose timers the browser throttles still answers at once.
   */
  private checkLeader(): void {
    if (!this.running || this.isLeader() || this.frozen || this.answerTimer !== null) return;
    if (!this.ports.page.isVisible()) return;
    this.post({ kind: 'ping', tabId: this.tabId });
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      if (this.running && !this.isLeader() && !this.frozen) this.stand(true);
    }, LEADER_ANSWER_MS);
  }

  private clearAnswerTimer(): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }

  private receive(data: unknown): void {
    if (!this.running) return;
    const check = checkTabMessage(data);
    if (!check.ok) {
      this.host.dropped(`tab message: ${check.detail}`, null);
      return;
    }
    const message = check.message;
    if (message.tabId === this.tabId) return;
    if (this.isLeader()) this.receiveAsLeader(message);
    else this.receiveAsFollower(message);
  }

  private receiveAsLeader(message: TabMessage): void {
    switch (message.kind) {
      case 'wants': {
        const known = this.tabs.get(message.tabId);
        if (!known) {
          const watch = new AbortController();
          this.tabs.set(message.tabId, { albums: new Set(), watch });
          this.leadership.watchTab(message.tabId, () => this.dropTab(message.tabId), watch.signal);
          // A newcomer hears who leads.
          this.post({ kind: 'leader', tabId: this.tabId });
        }
        // And how the connection stands (a tab that took us for gone shows "Reconnecting").
        if (this.state) this.post({ kind: 'state', tabId: this.tabId, state: this.state });
        const tab = this.tabs.get(message.tabId)!;
        // A tab that has just taken us as leader heard of no join yet: all of it is new to it.
        const before = message.fresh ? new Set<string>() : new Set(tab.albums);
        tab.albums = new Set(message.albumIds);
        this.applyWants(message.tabId, before, tab.albums);
        break;
      }
      case 'bye':
        this.dropTab(message.tabId);
        break;
      case 'reconnect-now':
        this.host.reconnectNow();
        break;
      case 'signed-out':
        this.host.signedOutElsewhere();
        break;
      case 'ping':
        // Any pong proves the leader alive, whichever tab asked.
        this.post({ kind: 'pong', tabId: this.tabId });
        break;
      case 'leader':
        // Another tab says it leads: either it stole our lock and the AbortError has not
        // reached us yet (the browser does not order the two), or the message is stale (sent
        // before its tab lost the lead: a woken hung leader answers what queued up before it
        // hears of the steal). No message tells the two apart; the lock does, so we keep the
        // lead until the browser takes it (see `deposed`). Stepping down here let a stale
        // message depose the true leader, whose next stale message deposed the next: the
        // lead went round the tabs for ever.
        break;
      default:
        break; // another leader's relays (ours was stolen): the abort tells us
    }
  }

  private receiveAsFollower(message: TabMessage): void {
    if (message.kind === 'pong') {
      if (this.leaderId === null) this.adoptLeader(message.tabId);
      this.clearAnswerTimer();
      return;
    }
    if (message.kind === 'leader') {
      if (this.leaderId !== message.tabId) this.adoptLeader(message.tabId);
      return;
    }
    if (message.tabId !== this.leaderId) return; // not from the leader we follow
    switch (message.kind) {
      case 'state':
        this.host.followState(message.state);
        break;
      case 'events':
        this.host.deliver(
          checkRelayedEvents(message.events, (detail, name) => this.host.dropped(detail, name)),
        );
        break;
      case 'joined': {
        const albumIds = message.albums[this.tabId] ?? [];
        if (albumIds.length > 0 || message.reconnect)
          this.host.joined({ albumIds, reconnect: message.reconnect });
        break;
      }
      case 'refused':
        if (this.ownWants.includes(message.albumId))
          this.host.refused({ albumId: message.albumId, reason: message.reason });
        break;
      case 'bye':
        // The leader's tab is going: the next in line takes over; every tab re-fetches then.
        this.leaderId = null;
        this.leaderLost = true;
        this.clearAnswerTimer();
        this.host.followState({
          status: 'Reconnecting',
          lastError: 'The tab holding the connection closed',
          nextRetryAt: null,
        });
        break;
      default:
        break;
    }
  }

  /**
   * A new leader: it hears what this tab wants (it may never have heard from us). After a
   * goodbye this tab forgot its joins, but the leader may be the same one (its goodbye was
   * for the back/forward cache, and it is back) and still hold our wants, unchanged: `fresh`
   * asks it to name again every album of ours already joined.
   */
  private adoptLeader(tabId: string): void {
    this.leaderId = tabId;
    this.clearAnswerTimer();
    this.post({
      kind: 'wants',
      tabId: this.tabId,
      albumIds: [...this.ownWants],
      fresh: this.leaderLost,
    });
    this.leaderLost = false;
  }

  /** Leader: a tab's wants went from `before` to `after`; the connection follows the union. */
  private applyWants(tabId: string, before: ReadonlySet<string>, after: ReadonlySet<string>): void {
    // Already joined for another tab: no join will follow, so say it now (its first snapshot races it).
    const announce = [...after].filter(
      (albumId) => !before.has(albumId) && this.host.isGroupJoined(albumId),
    );
    this.host.follow(this.union());
    if (announce.length === 0) return;
    if (tabId === this.tabId) {
      this.host.joined({ albumIds: announce, reconnect: false });
    } else {
      this.post({
        kind: 'joined',
        tabId: this.tabId,
        reconnect: false,
        albums: { [tabId]: announce },
      });
    }
  }

  /** Leader: every album some tab shows, this one included. */
  private union(): Set<string> {
    const albums = new Set(this.ownWants);
    for (const tab of this.tabs.values()) for (const albumId of tab.albums) albums.add(albumId);
    return albums;
  }

  private dropTab(tabId: string): void {
    const tab = this.tabs.get(tabId);
    if (!tab || !this.isLeader()) return;
    this.tabs.delete(tabId);
    tab.watch.abort();
    this.applyWants(tabId, tab.albums, new Set());
  }

  private othersWant(albumId: string): boolean {
    for (const tab of this.tabs.values()) if (tab.albums.has(albumId)) return true;
    return false;
  }

  private flushRelay(): void {
    if (this.relayBatch.length === 0) return;
    const events = this.relayBatch;
    this.relayBatch = [];
    if (this.isLeader()) this.post({ kind: 'events', tabId: this.tabId, events });
  }

  private post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }
}
