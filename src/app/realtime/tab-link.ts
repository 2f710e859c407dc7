import type { Signal } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import {
  ConnectionStateReport,
  type ConnectionState,
  type ConnectionStatus,
} from './connection-status';
import type { AlbumGroupsJoined } from './group-membership';
import type { HubEvent, HubLink, JoinRound } from './hub-link';
import type { OwnedHubLink } from './owned-hub-link';
import type { RelayedEvent } from './tab-messages';
import { TabSharing } from './tab-sharing';
import type { SharedHubHost, TabSharingPorts } from './tab-sharing-ports';
import type { DroppedHubMessage } from './validating-hub-protocol';

/**
 * What this tab is to the browser's one connection:
 * - `stopped`: signed out (or not yet started);
 * - `leading`: elected; its {@link OwnedHubLink} holds the connection for every tab;
 * - `following`: another tab leads (or none yet). `heard`: what this tab heard of the
 *   leader's connection since it began following: nothing yet, nothing since it came back
 *   from the back/forward cache (its next "Connected" is a reconnect), or that it is up
 *   (relayed events are delivered);
 * - `hibernating`: the page may be in the back/forward cache.
 */
export type TabRole =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'leading' }
  | { readonly kind: 'following'; readonly heard: 'nothing' | 'restored' | 'connected' }
  | { readonly kind: 'hibernating' };

/** What the tab link needs besides the browser's ports. */
export interface TabLinkSession {
  isSignedIn(): boolean;
  /** Another tab signed out: whether the shared session is gone here too. */
  sessionEnded(): boolean;
  dropped(message: DroppedHubMessage): void;
}

/**
 * The link of a tab sharing one connection per browser ({@link TabSharing}): leading, it
 * runs its {@link OwnedHubLink} with the union of every tab's albums and relays what the
 * others need; following, it hears the leader's events, state and join rounds over the
 * channel. Either way it hands the facade this tab's share only.
 */
export class TabLink implements HubLink {
  private roleNow: TabRole = { kind: 'stopped' };
  /** This tab saw a connection up: the one it leads next is a reconnect. */
  private seenConnected = false;
  private own: ReadonlySet<string> = new Set();
  /** Albums of this tab the leader has announced joined, since the last connection. */
  private readonly joined = new Set<string>();
  private readonly report = new ConnectionStateReport();
  private readonly eventSubject = new Subject<HubEvent>();
  private readonly roundSubject = new Subject<JoinRound>();
  private readonly sharing: TabSharing;

  readonly state$: Observable<ConnectionState> = this.report.changes$;
  readonly events$: Observable<HubEvent> = this.eventSubject.asObservable();
  readonly rounds$: Observable<JoinRound> = this.roundSubject.asObservable();
  /** True while this tab holds the browser's connection. */
  readonly isLeader: Signal<boolean>;

  constructor(
    ports: TabSharingPorts,
    private readonly owned: OwnedHubLink,
    private readonly session: TabLinkSession,
  ) {
    this.sharing = new TabSharing(ports, this.host());
    this.isLeader = this.sharing.isLeader;
    owned.state$.subscribe((state) => {
      if (this.roleNow.kind !== 'leading') return;
      this.setState(state.status, state.lastError, state.nextRetryAt);
    });
    owned.events$.subscribe((event) => {
      if (this.roleNow.kind !== 'leading') return;
      this.eventSubject.next(event);
      this.sharing.leaderSide.relayEvent(event.name, event.payload);
    });
    owned.rounds$.subscribe((round) => {
      if (this.roleNow.kind !== 'leading') return;
      if (round.kind === 'joined') this.sharing.leaderSide.groupsJoined(round);
      else this.sharing.leaderSide.groupRefused(round);
    });
  }

  get role(): TabRole {
    return this.roleNow;
  }

  start(): void {
    if (this.roleNow.kind !== 'stopped') return;
    this.roleNow = { kind: 'following', heard: 'nothing' };
    if (this.report.current.status === 'Disconnected') this.setState('Connecting', null);
    this.sharing.start(); // elected: lead() connects
  }

  async stop(): Promise<void> {
    this.roleNow = { kind: 'stopped' };
    this.seenConnected = false;
    this.joined.clear();
    // Sign-out here (not a change of person): the leader stops even if its tab has not heard yet.
    this.sharing.stop(!this.session.isSignedIn());
    this.setState('Disconnected', null);
    await this.owned.stop();
  }

  reconnectNow(): void {
    if (this.roleNow.kind === 'leading') this.owned.nudge();
    else if (this.roleNow.kind === 'following') this.sharing.requestReconnect();
  }

  nudge(): void {
    if (this.roleNow.kind === 'leading') this.owned.nudge();
  }

  follow(albumIds: ReadonlySet<string>): void {
    this.own = albumIds;
    for (const albumId of this.joined) if (!albumIds.has(albumId)) this.joined.delete(albumId);
    this.sharing.setOwnWants([...albumIds]);
  }

  joinedAlbumIds(): readonly string[] {
    return [...this.joined];
  }

  /** `pagehide`: no lock, channel or connection may stay; the wanted albums are kept. */
  hibernate(): void {
    if (this.roleNow.kind === 'stopped' || this.roleNow.kind === 'hibernating') return;
    this.roleNow = { kind: 'hibernating' };
    this.joined.clear();
    this.sharing.stop(false);
    this.owned.resign();
    this.setState('Reconnecting', null);
  }

  /** `pageshow` from the cache: stand again; leading or following, it is a reconnect. */
  wake(): void {
    if (this.roleNow.kind !== 'hibernating') return;
    this.seenConnected = true;
    this.roleNow = { kind: 'following', heard: 'restored' };
    this.sharing.start(); // elected: lead() connects and announces the reconnect to every tab
  }

  private setState(
    status: ConnectionStatus,
    lastError: string | null,
    nextRetryAt?: number | null,
  ): void {
    const changed = this.report.set(status, lastError, nextRetryAt);
    if (changed && this.roleNow.kind === 'leading') this.sharing.leaderSide.stateChanged(changed);
  }

  /** How the tab sharing drives this link (see `tab-sharing.ts`). */
  private host(): SharedHubHost {
    return {
      lead: () => {
        this.roleNow = { kind: 'leading' };
        this.joined.clear();
        this.owned.start(this.seenConnected);
        const state = this.owned.state;
        this.setState(state.status, state.lastError, state.nextRetryAt);
      },
      resign: () => {
        if (this.roleNow.kind !== 'leading') return;
        this.roleNow = { kind: 'following', heard: 'nothing' };
        this.joined.clear();
        this.owned.resign();
        this.setState('Reconnecting', null);
      },
      follow: (albumIds) => this.owned.follow(albumIds),
      isGroupJoined: (albumId) => this.owned.joinedAlbumIds().includes(albumId),
      reconnectNow: () => this.nudge(),
      signedOutElsewhere: () => {
        // The session is shared: the leader's own sign-out follows (storage event), but the
        // connection must not outlive it in the meantime.
        if (this.session.sessionEnded()) void this.stop();
      },
      deliver: (events) => this.deliverRelayed(events),
      followState: (state) => this.followState(state),
      joined: (round) => this.joinedRound(round),
      refused: (refusal) => {
        if (this.roleNow.kind !== 'stopped' && this.own.has(refusal.albumId))
          this.roundSubject.next({ kind: 'refused', ...refusal });
      },
      dropped: (detail, target) => this.session.dropped({ reason: 'malformed', target, detail }),
    };
  }

  private followState(state: ConnectionState): void {
    const role = this.roleNow;
    if (role.kind !== 'following') return;
    if (state.status === 'Connected') {
      this.seenConnected = true;
      this.roleNow = { kind: 'following', heard: 'connected' };
      // Back from the back/forward cache behind a leader: what this tab shows may have
      // changed meanwhile, as after any reconnect.
      if (role.heard === 'restored')
        this.roundSubject.next({ kind: 'joined', albumIds: [...this.own], reconnect: true });
    } else {
      this.joined.clear();
    }
    this.setState(state.status, state.lastError, state.nextRetryAt);
  }

  private joinedRound(round: AlbumGroupsJoined): void {
    if (this.roleNow.kind === 'stopped') return;
    const albumIds = round.albumIds.filter((albumId) => this.own.has(albumId));
    for (const albumId of albumIds) this.joined.add(albumId);
    if (albumIds.length > 0 || round.reconnect)
      this.roundSubject.next({ kind: 'joined', albumIds, reconnect: round.reconnect });
  }

  /** Events the leader relayed, already validated. */
  private deliverRelayed(events: readonly RelayedEvent[]): void {
    if (this.roleNow.kind !== 'following' || this.roleNow.heard !== 'connected') return;
    for (const event of events) this.eventSubject.next(event as HubEvent);
  }
}
