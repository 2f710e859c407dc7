import type { HubEventMap, HubEventName } from '../api/models';
import type { ConnectionState } from './connection-status';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import type { TabLeadership } from './tab-leadership';
import type { TabMessage, UnsignedTabMessage } from './tab-messages';
import type { SharedHubHost } from './tab-sharing-ports';

/** What the leader's side needs of the tab it runs in. */
export interface LeaderSeat {
  readonly tabId: string;
  readonly leadership: TabLeadership;
  readonly host: SharedHubHost;
  /** The albums the leader's own tab shows. */
  ownWants(): readonly string[];
  isLeader(): boolean;
  /** Posts under the leader's lead term. */
  post(message: UnsignedTabMessage): void;
}

/**
 * The leader's side of the tab protocol: each other tab's wanted albums (its whole set,
 * as it last said it) and the watch on its life, the union the connection follows, and
 * what each tab hears of the connection (its events batched per read, join rounds,
 * refusals, the state for newcomers). Emptied when the lead is left.
 */
export class LeaderSide {
  private readonly tabs = new Map<string, { albums: Set<string>; watch: AbortController }>();
  private relayBatch: { name: string; payload: unknown }[] = [];
  private state: ConnectionState | null = null;

  constructor(private readonly seat: LeaderSeat) {}

  /** A message from another tab, while this one leads. */
  receive(message: TabMessage): void {
    switch (message.kind) {
      case 'wants':
        this.wants(message);
        break;
      case 'bye':
        this.drop(message.tabId);
        break;
      case 'reconnect-now':
        this.seat.host.reconnectNow();
        break;
      case 'signed-out':
        this.seat.host.signedOutElsewhere();
        break;
      case 'ping':
        // Any pong proves the leader alive, whichever tab asked.
        this.seat.post({ kind: 'pong', tabId: this.seat.tabId });
        break;
      default:
        // Another tab's claim or relays: a former leader's (dropped), or a later lead, which
        // this tab outbids while it holds the lock (see `TabSharing.keepLead`).
        break;
    }
  }

  /** A tab said what it shows now; a newcomer hears who leads, everyone how it stands. */
  private wants(message: Extract<TabMessage, { kind: 'wants' }>): void {
    const { tabId } = message;
    if (!this.tabs.has(tabId)) {
      const watch = new AbortController();
      this.tabs.set(tabId, { albums: new Set(), watch });
      this.seat.leadership.watchTab(tabId, () => this.drop(tabId), watch.signal);
      this.seat.post({ kind: 'leader', tabId: this.seat.tabId });
    }
    // How the connection stands (a tab that took us for gone shows "Reconnecting").
    if (this.state) this.seat.post({ kind: 'state', tabId: this.seat.tabId, state: this.state });
    const tab = this.tabs.get(tabId)!;
    // A tab that has just taken us as leader heard of no join yet: all of it is new to it.
    const before = message.fresh ? new Set<string>() : new Set(tab.albums);
    tab.albums = new Set(message.albumIds);
    this.apply(tabId, before, tab.albums);
  }

  /**
   * The lead took a higher term: every tab hears again which of its albums are joined (a
   * tab that followed a later claim dropped the rounds said under the lower term).
   */
  announceAll(): void {
    this.flush();
    const albums: Record<string, string[]> = {};
    for (const [tabId, tab] of this.tabs)
      albums[tabId] = [...tab.albums].filter((albumId) => this.seat.host.isGroupJoined(albumId));
    if (Object.values(albums).every((albumIds) => albumIds.length === 0)) return;
    this.seat.post({ kind: 'joined', tabId: this.seat.tabId, reconnect: false, albums });
  }

  /** A tab said goodbye, or its lock freed (it crashed): its wants go. */
  drop(tabId: string): void {
    const tab = this.tabs.get(tabId);
    if (!tab || !this.seat.isLeader()) return;
    this.tabs.delete(tabId);
    tab.watch.abort();
    this.apply(tabId, tab.albums, new Set());
  }

  /** The lead is left: every watch ends, nothing is remembered. */
  clear(): void {
    this.flush();
    for (const tab of this.tabs.values()) tab.watch.abort();
    this.tabs.clear();
    this.state = null;
  }

  /** A tab's wants went from `before` to `after`; the connection follows the union. */
  apply(tabId: string, before: ReadonlySet<string>, after: ReadonlySet<string>): void {
    const { host } = this.seat;
    // Already joined for another tab: no join will follow, so say it now (its first snapshot races it).
    const announce = [...after].filter(
      (albumId) => !before.has(albumId) && host.isGroupJoined(albumId),
    );
    host.follow(this.union());
    if (announce.length === 0) return;
    if (tabId === this.seat.tabId) {
      host.joined({ albumIds: announce, reconnect: false });
    } else {
      this.seat.post({
        kind: 'joined',
        tabId: this.seat.tabId,
        reconnect: false,
        albums: { [tabId]: announce },
      });
    }
  }

  /** A hub event on the leader's connection: relayed if another tab wants its album. */
  relayEvent<K extends HubEventName>(name: K, payload: HubEventMap[K]): void {
    if (!this.othersWant(payload.albumId)) return;
    if (this.relayBatch.length === 0) queueMicrotask(() => this.flush());
    this.relayBatch.push({ name, payload });
  }

  stateChanged(state: ConnectionState): void {
    this.state = state;
    this.seat.post({ kind: 'state', tabId: this.seat.tabId, state });
  }

  /** A round of joins on the leader's connection: each tab hears of the albums it wants. */
  groupsJoined(round: AlbumGroupsJoined): void {
    this.flush();
    const albums: Record<string, string[]> = {};
    for (const [tabId, tab] of this.tabs) {
      albums[tabId] = round.albumIds.filter((albumId) => tab.albums.has(albumId));
    }
    this.seat.post({ kind: 'joined', tabId: this.seat.tabId, reconnect: round.reconnect, albums });
    const ownWants = this.seat.ownWants();
    const own = round.albumIds.filter((albumId) => ownWants.includes(albumId));
    if (own.length > 0 || round.reconnect)
      this.seat.host.joined({ albumIds: own, reconnect: round.reconnect });
  }

  groupRefused(refusal: JoinRefusal): void {
    this.flush();
    this.seat.post({ kind: 'refused', tabId: this.seat.tabId, ...refusal });
    if (this.seat.ownWants().includes(refusal.albumId)) this.seat.host.refused(refusal);
  }

  /** Every album some tab shows, the leader's included. */
  private union(): Set<string> {
    const albums = new Set(this.seat.ownWants());
    for (const tab of this.tabs.values()) for (const albumId of tab.albums) albums.add(albumId);
    return albums;
  }

  private othersWant(albumId: string): boolean {
    for (const tab of this.tabs.values()) if (tab.albums.has(albumId)) return true;
    return false;
  }

  private flush(): void {
    if (this.relayBatch.length === 0) return;
    const events = this.relayBatch;
    this.relayBatch = [];
    if (this.seat.isLeader()) this.seat.post({ kind: 'events', tabId: this.seat.tabId, events });
  }
}
