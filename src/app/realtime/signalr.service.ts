import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject, signal, type Signal } from '@angular/core';
import { Subject, filter, map, type Observable } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { HUB_EVENT_NAMES, type HubEventMap, type HubEventName } from '../api/models';
import { AuthService, SESSION_STORAGE_KEY } from '../auth/auth.service';
import type { ConnectionState } from './connection-status';
import type { AlbumGroupsJoined, JoinRefusal } from './group-membership';
import { HUB_CONNECTION_FACTORY, chooseTransport } from './hub-connection';
import type { HubLink } from './hub-link';
import { toNegotiableHubUrl } from './hub-url';
import { OwnedHubLink } from './owned-hub-link';
import { PhotoFlowRetryPolicy } from './reconnect-policy';
import { TabLink } from './tab-link';
import { TAB_SHARING } from './tab-sharing-ports';
import type { DroppedHubMessage } from './validating-hub-protocol';

export type { AlbumGroupsJoined, JoinRefusal } from './group-membership';

/** Read-only counters, for tests and the benchmark. */
export interface HubStats {
  /** Handlers registered on the connection: one per event, ever. */
  readonly handlers: number;
  /** Albums this tab follows, with how many views (of {@link SignalRService.joinAlbumGroup}'s callers) show each. */
  readonly groupRefCounts: Readonly<Record<string, number>>;
  /** Groups joined for this tab on the current connection. */
  readonly joinedGroups: readonly string[];
  readonly droppedEvents: number;
}

/**
 * PhotoFlow's notification hub (CONTRACT §4), as the app sees it: one stream per hub
 * event, the connection's state, join rounds, and the albums this tab follows. A facade
 * over one {@link HubLink}: the {@link OwnedHubLink} when this tab connects on its own,
 * else the {@link TabLink} that shares one connection between the browser's tabs. It
 * keeps only what the views told it (the followed albums) and delivers events of those.
 */
@Injectable({ providedIn: 'root' })
export class SignalRService {
  private readonly environment = inject(APP_ENVIRONMENT);
  private readonly auth = inject(AuthService);
  private readonly document = inject(DOCUMENT);
  private readonly droppedSignal = signal(0);
  private readonly loggedDrops = new Set<string>();
  private readonly events = new Map<HubEventName, Subject<HubEventMap[HubEventName]>>(
    HUB_EVENT_NAMES.map((name) => [name, new Subject<HubEventMap[HubEventName]>()]),
  );
  /**
   * The albums this tab follows (the keys), with how many views show each for callers
   * that count views ({@link joinAlbumGroup}); {@link follow} sets the whole set at once.
   */
  private views = new Map<string, number>();

  private readonly owned = new OwnedHubLink({
    build: inject(HUB_CONNECTION_FACTORY),
    url: toNegotiableHubUrl(this.environment.hubUrl),
    transport: chooseTransport(
      this.environment.hubTransport,
      this.environment.production,
      this.document.location?.search ?? '',
    ),
    retryPolicy: new PhotoFlowRetryPolicy(this.environment.reconnect),
    getAccessToken: () => this.auth.getAccessToken(),
    tokenExpiry: (token) => this.auth.accessTokenExpiry(token),
    dropped: (dropped) => this.drop(dropped),
  });
  private readonly sharing = inject(TAB_SHARING);
  /** Chosen once: a tab connects on its own, or shares the browser's one connection. */
  private readonly link: HubLink & { readonly isLeader?: Signal<boolean> } = this.sharing
    ? new TabLink(this.sharing, this.owned, {
        isSignedIn: () => this.auth.isSignedIn(),
        sessionEnded: () => this.auth.currentAccessToken() === null || !hasStoredSession(),
        dropped: (dropped) => this.drop(dropped),
      })
    : this.owned;

  /**
   * Each change of the connection's state (the current one first), for the store, which
   * owns it (`connection.feature.ts`): views and effects read it there, not here.
   */
  readonly connectionState$: Observable<ConnectionState> = this.link.state$;
  /**
   * After each round of successful joins (a view's first join, every rejoin after a
   * reconnect): events sent before it were not ours, so the stores re-fetch these albums.
   */
  readonly albumGroupsJoined$: Observable<AlbumGroupsJoined> = this.link.rounds$.pipe(
    filter((round) => round.kind === 'joined'),
    map(({ albumIds, reconnect }) => ({ albumIds, reconnect })),
  );
  /**
   * After every reconnect (automatic or recovered), once groups are joined again: the albums
   * rejoined. With tabs sharing a connection, also in every tab when another tab takes it over.
   */
  readonly reconnected$: Observable<readonly string[]> = this.albumGroupsJoined$.pipe(
    filter((round) => round.reconnect),
    map((round) => round.albumIds),
  );
  /** The hub refused an album's group (a HubException); it is asked again on the next connection. */
  readonly joinRefused$: Observable<JoinRefusal> = this.link.rounds$.pipe(
    filter((round) => round.kind === 'refused'),
    map(({ albumId, reason }) => ({ albumId, reason })),
  );
  /**
   * True while this tab holds the hub connection: always when tabs do not share one, else
   * only in the leader tab (for work done once per browser, not once per tab).
   */
  readonly isLeader: Signal<boolean> = this.link.isLeader ?? signal(true).asReadonly();
  /** Events dropped because they were unknown or malformed. */
  readonly droppedEventCount = this.droppedSignal.asReadonly();

  constructor() {
    // The link delivers the events of every album it follows (a leader's, every tab's):
    // an album no view of this tab wants (its group being left) changes nothing here.
    this.link.events$.subscribe(({ name, payload }) => {
      if (this.views.has(payload.albumId)) this.events.get(name)!.next(payload);
    });
    const window = this.document.defaultView;
    const wakeUp = () => {
      if (this.document.visibilityState !== 'hidden') this.link.nudge();
    };
    const hibernate = () => this.link.hibernate();
    const restore = (event: PageTransitionEvent) => {
      if (event.persisted) this.link.wake();
    };
    window?.addEventListener('online', wakeUp);
    this.document.addEventListener('visibilitychange', wakeUp);
    window?.addEventListener('pagehide', hibernate);
    window?.addEventListener('pageshow', restore);
    inject(DestroyRef).onDestroy(() => {
      window?.removeEventListener('online', wakeUp);
      this.document.removeEventListener('visibilitychange', wakeUp);
      window?.removeEventListener('pagehide', hibernate);
      window?.removeEventListener('pageshow', restore);
      void this.stop();
    });
  }

  // Events, one stream each (CONTRACT §4)

  /** One hub event's stream, by the hub's name for it (the getters below name each). */
  event$<K extends HubEventName>(name: K): Observable<HubEventMap[K]> {
    return this.events.get(name)!.asObservable() as Observable<HubEventMap[K]>;
  }

  getPhotoSyncProgress$ = () => this.event$('PhotoSyncProgress');
  getPhotoSyncCompleted$ = () => this.event$('PhotoSyncCompleted');
  getAlbumStateChanged$ = () => this.event$('AlbumStateChanged');
  getAlbumTagCreated$ = () => this.event$('AlbumTagCreated');
  getAlbumTagStatusChanged$ = () => this.event$('AlbumTagStatusChanged');
  getAlbumSyncStarted$ = () => this.event$('AlbumSyncStarted');
  getAlbumSyncCompleted$ = () => this.event$('AlbumSyncCompleted');
  getAlbumSyncError$ = () => this.event$('AlbumSyncError');

  // Lifecycle

  /** Connects, and keeps connected until {@link stop}. Idempotent. Only the session calls it. */
  start(): void {
    this.link.start();
  }

  /** A deliberate stop (sign out): no reconnect follows. */
  stop(): Promise<void> {
    return this.link.stop();
  }

  /**
   * "Reconnect now": skips any wait; a no-op while connected or connecting, and while
   * signed out (only the session starts the hub: it has no token to connect with then).
   */
  reconnectNow(): void {
    this.link.reconnectNow();
  }

  // Album groups

  /**
   * The albums this tab shows, the whole set each time (the store's followed albums):
   * their groups are joined, the others left. Never throws.
   */
  follow(albumIds: Iterable<string>): void {
    const next = new Set(albumIds);
    if (next.size === this.views.size && [...next].every((albumId) => this.views.has(albumId)))
      return;
    this.views = new Map([...next].map((albumId) => [albumId, this.views.get(albumId) ?? 1]));
    this.link.follow(next);
  }

  /** One more view of this album: joins its group unless already joined. Never throws. */
  joinAlbumGroup(albumId: string): void {
    const count = this.views.get(albumId) ?? 0;
    this.views.set(albumId, count + 1);
    if (count === 0) this.link.follow(new Set(this.views.keys()));
  }

  /** One view fewer: leaves the group when the last view leaves. Never throws. */
  leaveAlbumGroup(albumId: string): void {
    const count = this.views.get(albumId) ?? 0;
    if (count === 0) return;
    if (count > 1) {
      this.views.set(albumId, count - 1);
      return;
    }
    this.views.delete(albumId);
    this.link.follow(new Set(this.views.keys()));
  }

  /** Whether a view (of this tab) still wants this album's events. */
  isAlbumWanted(albumId: string): boolean {
    return this.views.has(albumId);
  }

  /**
   * Whether this album's group is joined on the connection now (this tab's, or the
   * leader's for this tab): events sent to it from here on are ours.
   */
  isAlbumJoined(albumId: string): boolean {
    return this.link.joinedAlbumIds().includes(albumId);
  }

  stats(): HubStats {
    return {
      handlers: this.owned.handlers,
      groupRefCounts: Object.fromEntries(this.views),
      joinedGroups: [...this.link.joinedAlbumIds()],
      droppedEvents: this.droppedSignal(),
    };
  }

  private drop(dropped: DroppedHubMessage): void {
    this.droppedSignal.update((count) => count + 1);
    const key = `${dropped.reason}:${dropped.target ?? ''}`;
    if (this.loggedDrops.has(key)) return;
    this.loggedDrops.add(key);
    console.warn(
      `[hub] Dropped ${dropped.reason} event${dropped.target ? ` '${dropped.target}'` : ''}: ${dropped.detail} (further ones counted, not logged)`,
    );
  }
}

function hasStoredSession(): boolean {
  try {
    return localStorage.getItem(SESSION_STORAGE_KEY) !== null;
  } catch {
    return true; // storage unreadable: leave it to this tab's own session
  }
}
