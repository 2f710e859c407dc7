import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { BehaviorSubject, Subject, filter, map, type Observable } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import type {
  AlbumStateChanged,
  AlbumSyncCompleted,
  AlbumSyncError,
  AlbumSyncStarted,
  AlbumTagCreated,
  AlbumTagStatusChanged,
  HubEventMap,
  HubEventName,
  PhotoSyncCompleted,
  PhotoSyncProgress,
} from '../api/models';
import { HUB_EVENT_NAMES } from '../api/models';
import { AuthService, SESSION_STORAGE_KEY } from '../auth/auth.service';
import {
  initialConnectionState,
  type ConnectionState,
  type ConnectionStatus,
} from './connection-status';
import {
  HUB_CONNECTION_FACTORY,
  HUB_STATE,
  chooseTransport,
  type HubConnectionLike,
} from './hub-connection';
import { GroupMembership, type AlbumGroupsJoined, type JoinRefusal } from './group-membership';
import { toNegotiableHubUrl } from './hub-url';
import { PhotoFlowRetryPolicy } from './reconnect-policy';
import { TAB_SHARING, TabSharing, type SharedHubHost } from './tab-sharing';
import type { RelayedEvent } from './tab-messages';
import { ValidatingHubProtocol, type DroppedHubMessage } from './validating-hub-protocol';

export type { AlbumGroupsJoined, JoinRefusal } from './group-membership';

/** Read-only counters, for tests and the benchmark. */
export interface HubStats {
  /** Handlers registered on the connection: one per event, ever. */
  readonly handlers: number;
  /** Albums whose group is wanted, with how many views want each. */
  readonly groupRefCounts: Readonly<Record<string, number>>;
  /** Groups joined on the current connection. */
  readonly joinedGroups: readonly string[];
  readonly droppedEvents: number;
}

/**
 * The one connection to PhotoFlow's notification hub (CONTRACT §4).
 *
 * Beyond the raw client it: validates every event (bad ones are dropped and counted);
 * ref-counts album groups, queues joins while disconnected and rejoins after every
 * reconnect; keeps recovering after the library gives up or a first start fails (at
 * once when the browser comes online or the tab becomes visible); announces each
 * reconnect so the stores re-fetch what was missed; and registers its handlers once.
 */
@Injectable({ providedIn: 'root' })
export class SignalRService {
  private readonly environment = inject(APP_ENVIRONMENT);
  private readonly auth = inject(AuthService);
  private readonly buildConnection = inject(HUB_CONNECTION_FACTORY);
  private readonly document = inject(DOCUMENT);
  private readonly sharingPorts = inject(TAB_SHARING);

  private readonly retryPolicy = new PhotoFlowRetryPolicy(this.environment.reconnect);
  private readonly events = new Map<HubEventName, Subject<HubEventMap[HubEventName]>>(
    HUB_EVENT_NAMES.map((name) => [name, new Subject<HubEventMap[HubEventName]>()]),
  );
  private readonly state$ = new BehaviorSubject<ConnectionState>(initialConnectionState);
  private readonly droppedSignal = signal(0);
  private readonly loggedDrops = new Set<string>();

  private connection: HubConnectionLike | null = null;
  private handlerCount = 0;
  /** True between start() and stop(): while true, the service never stays disconnected. */
  private wanted = false;
  private starting = false;
  private restartRequested = false;
  private hasConnected = false;
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  private recoveryAttempts = 0;
  private recoveryStartedAt: number | null = null;
  /** When the token the current connection negotiated with expires, and how early it is renewed. */
  private negotiatedToken: { expiresAt: number; refreshAheadMs: number } | null = null;
  private tokenRestartTimer: ReturnType<typeof setTimeout> | null = null;
  /** False from stop() until the next connection is up: a closing connection's events are not news. */
  private deliveringEvents = false;
  /**
   * From `pagehide` to `pageshow`: the page may be in the back/forward cache, which takes
   * no page with a connection, a held lock or an open channel. Set to 'restored' when it
   * comes back, until a follower tab hears its leader connected (see {@link wake}).
   */
  private pageCache: 'none' | 'hidden' | 'restored' = 'none';

  private readonly membership = new GroupMembership({
    isConnected: () => this.connection?.state === HUB_STATE.Connected,
    invoke: (method, albumId) => {
      const connection = this.connection;
      return connection
        ? connection.invoke(method, albumId)
        : Promise.reject(new Error('No hub connection'));
    },
  });

  private readonly joinedSubject = new Subject<AlbumGroupsJoined>();
  private readonly refusedSubject = new Subject<JoinRefusal>();
  /**
   * Shared mode only: the views of this tab per album. The membership then counts tabs
   * (the union of every tab's wants), and only the leader has a connection.
   */
  private readonly localWants = new Map<string, number>();
  /** Shared mode only: albums of this tab the leader has announced joined, since the last connection. */
  private readonly localJoined = new Set<string>();
  private leading = false;
  /**
   * One connection for every tab of the browser, or null (each tab on its own: no Web
   * Locks or BroadcastChannel, or the environment turned sharing off).
   */
  private readonly sharing: TabSharing | null = this.sharingPorts
    ? new TabSharing(this.sharingPorts, this.sharedHost())
    : null;

  /** Connection state with the last error, as a signal (for templates). */
  readonly connectionState = toSignal(this.state$, { requireSync: true });
  /** Connection state with the last error, as an observable (for effects). */
  readonly connectionState$: Observable<ConnectionState> = this.state$.asObservable();
  /**
   * After each round of successful joins (a view's first join, every rejoin after a
   * reconnect): events sent before it were not ours, so the stores re-fetch these albums.
   */
  readonly albumGroupsJoined$: Observable<AlbumGroupsJoined> = this.joinedSubject.asObservable();
  /**
   * After every reconnect (automatic or recovered), once groups are joined again: the albums
   * rejoined. With tabs sharing a connection, also in every tab when another tab takes it over.
   */
  readonly reconnected$: Observable<readonly string[]> = this.joinedSubject.pipe(
    filter((round) => round.reconnect),
    map((round) => round.albumIds),
  );
  /** The hub refused an album's group (a HubException); it is asked again on the next connection. */
  readonly joinRefused$: Observable<JoinRefusal> = this.refusedSubject.asObservable();
  /**
   * True while this tab holds the hub connection: always when tabs do not share one, else
   * only in the leader tab (for work done once per browser, not once per tab).
   */
  readonly isLeader = this.sharing ? this.sharing.isLeader : signal(true).asReadonly();
  /** Events dropped because they were unknown or malformed. */
  readonly droppedEventCount = this.droppedSignal.asReadonly();

  constructor() {
    this.membership.joined$.subscribe((round) =>
      this.sharing ? this.sharing.groupsJoined(round) : this.joinedSubject.next(round),
    );
    this.membership.refused$.subscribe((refusal) =>
      this.sharing ? this.sharing.groupRefused(refusal) : this.refusedSubject.next(refusal),
    );
    const window = this.document.defaultView;
    const wakeUp = () => {
      if (this.document.visibilityState !== 'hidden') this.recoverNowIfDown();
    };
    const hibernate = () => this.hibernate();
    const restore = (event: PageTransitionEvent) => {
      if (event.persisted) this.wake();
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

  /** Whether this tab shares another tab's connection (or leads the sharing). */
  get sharesConnection(): boolean {
    return this.sharing !== null;
  }

  // Events, one stream each (CONTRACT §4)

  getPhotoSyncProgress$(): Observable<PhotoSyncProgress> {
    return this.event$('PhotoSyncProgress');
  }

  getPhotoSyncCompleted$(): Observable<PhotoSyncCompleted> {
    return this.event$('PhotoSyncCompleted');
  }

  getAlbumStateChanged$(): Observable<AlbumStateChanged> {
    return this.event$('AlbumStateChanged');
  }

  getAlbumTagCreated$(): Observable<AlbumTagCreated> {
    return this.event$('AlbumTagCreated');
  }

  getAlbumTagStatusChanged$(): Observable<AlbumTagStatusChanged> {
    return this.event$('AlbumTagStatusChanged');
  }

  getAlbumSyncStarted$(): Observable<AlbumSyncStarted> {
    return this.event$('AlbumSyncStarted');
  }

  getAlbumSyncCompleted$(): Observable<AlbumSyncCompleted> {
    return this.event$('AlbumSyncCompleted');
  }

  getAlbumSyncError$(): Observable<AlbumSyncError> {
    return this.event$('AlbumSyncError');
  }

  // Lifecycle

  /** Connects, and keeps connected until {@link stop}. Idempotent. Only the session calls it. */
  start(): void {
    const stopping =
      this.starting ||
      (this.connection !== null && this.connection.state !== HUB_STATE.Disconnected);
    if (!this.wanted && stopping) {
      // Started again while a stop is still under way (sign-out then sign-in, another user):
      // connect afresh once it has ended, with no "Offline" in between.
      this.restartRequested = true;
      this.setState('Connecting', null);
    }
    this.wanted = true;
    if (this.sharing) {
      if (!this.leading && this.state$.value.status === 'Disconnected')
        this.setState('Connecting', null);
      this.sharing.start(); // elected: lead() connects
      return;
    }
    this.connect();
  }

  /** A deliberate stop (sign out): no reconnect follows. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.pageCache = 'none';
    this.restartRequested = false;
    this.hasConnected = false;
    this.deliveringEvents = false;
    this.resetRecovery();
    this.clearTokenRestart();
    this.membership.lost();
    this.localJoined.clear();
    // Sign-out here (not a change of person): the leader stops even if its tab has not heard yet.
    this.sharing?.stop(!this.auth.isSignedIn());
    this.setState('Disconnected', null);
    await this.connection?.stop();
  }

  /**
   * "Reconnect now": skips any wait; a no-op while connected or connecting, and while
   * signed out (only the session starts the hub: it has no token to connect with then).
   */
  reconnectNow(): void {
    if (this.sharing && !this.leading) {
      if (this.wanted) this.sharing.requestReconnect();
      return;
    }
    this.recoverNowIfDown();
  }

  // Album groups

  /** One more view of this album: joins its group unless already joined. Never throws. */
  joinAlbumGroup(albumId: string): void {
    if (!this.sharing) {
      this.membership.want(albumId);
      return;
    }
    const count = this.localWants.get(albumId) ?? 0;
    this.localWants.set(albumId, count + 1);
    if (count === 0) this.sharing.setOwnWants([...this.localWants.keys()]);
  }

  /** One view fewer: leaves the group when the last view leaves. Never throws. */
  leaveAlbumGroup(albumId: string): void {
    if (!this.sharing) {
      this.membership.unwant(albumId);
      return;
    }
    const count = this.localWants.get(albumId) ?? 0;
    if (count === 0) return;
    if (count > 1) {
      this.localWants.set(albumId, count - 1);
      return;
    }
    this.localWants.delete(albumId);
    this.localJoined.delete(albumId);
    this.sharing.setOwnWants([...this.localWants.keys()]);
  }

  /** Whether a view (of this tab) still wants this album's events. */
  isAlbumWanted(albumId: string): boolean {
    return this.sharing ? this.localWants.has(albumId) : this.membership.isWanted(albumId);
  }

  /**
   * Whether this album's group is joined on the connection now (this tab's, or the
   * leader's for this tab): events sent to it from here on are ours.
   */
  isAlbumJoined(albumId: string): boolean {
    return this.sharing
      ? this.localJoined.has(albumId)
      : this.membership.joinedAlbumIds().includes(albumId);
  }

  /** Albums whose group is wanted (joined, or to be joined on connect). */
  joinedAlbumIds(): string[] {
    return this.sharing ? [...this.localWants.keys()] : this.membership.wantedAlbumIds();
  }

  stats(): HubStats {
    if (this.sharing) {
      return {
        handlers: this.handlerCount,
        groupRefCounts: Object.fromEntries(this.localWants),
        joinedGroups: [...this.localJoined],
        droppedEvents: this.droppedSignal(),
      };
    }
    return {
      handlers: this.handlerCount,
      groupRefCounts: this.membership.refCounts(),
      joinedGroups: this.membership.joinedAlbumIds(),
      droppedEvents: this.droppedSignal(),
    };
  }

  // Internals

  private event$<K extends HubEventName>(name: K): Observable<HubEventMap[K]> {
    return this.events.get(name)!.asObservable() as Observable<HubEventMap[K]>;
  }

  /** Built once: handlers are registered once for the service's life, never per reconnect. */
  private ensureConnection(): HubConnectionLike {
    if (this.connection) return this.connection;
    const connection = this.buildConnection({
      url: toNegotiableHubUrl(this.environment.hubUrl),
      transport: chooseTransport(
        this.environment.hubTransport,
        this.environment.production,
        this.document.location?.search ?? '',
      ),
      accessTokenFactory: async () => {
        const token = await this.auth.getAccessToken();
        this.negotiatedToken = this.auth.accessTokenExpiry(token);
        return token;
      },
      retryPolicy: this.retryPolicy,
      wrapProtocol: (json) => new ValidatingHubProtocol((dropped) => this.drop(dropped), json),
    });
    for (const [name, subject] of this.events) {
      // The protocol let through only payloads valid for this event. An album no view
      // wants any more (its group being left) changes nothing and fetches nothing; a
      // connection being stopped delivers nothing.
      connection.on(name, (payload) => {
        const event = payload as HubEventMap[HubEventName];
        if (!this.deliveringEvents) return;
        if (this.isAlbumWanted(event.albumId)) subject.next(event);
        if (this.leading) this.sharing?.relayEvent(name, event);
      });
      this.handlerCount++;
    }
    connection.onreconnecting((error) => {
      this.clearTokenRestart();
      this.membership.lost();
      this.setState('Reconnecting', describe(error));
    });
    connection.onreconnected(() => this.connected(true));
    connection.onclose((error) => this.closed(error));
    this.connection = connection;
    return connection;
  }

  private connect(): void {
    if (!this.wanted || this.starting || this.pageCache === 'hidden') return;
    if (this.sharing && !this.leading) return;
    const connection = this.ensureConnection();
    if (connection.state !== HUB_STATE.Disconnected) return;
    this.clearRecoveryTimer();
    this.starting = true;
    this.setState('Connecting', this.state$.value.lastError);
    connection.start().then(
      () => {
        this.starting = false;
        if (this.sharing && !this.leading) {
          void connection.stop(); // handed over while starting: the next leader connects
          return;
        }
        if (this.wanted) this.connected(this.hasConnected);
      },
      (error: unknown) => {
        this.starting = false;
        if (this.sharing && !this.leading) return; // handed over meanwhile: not ours to retry
        if (this.pageCache === 'hidden') return; // the page went: wake() connects
        if (!this.wanted) {
          this.setState('Disconnected', null);
        } else if (this.restartRequested) {
          // A stop overtook this start, and the session started again since: not a failure.
          this.restartRequested = false;
          this.connect();
        } else {
          this.scheduleRecovery(error);
        }
      },
    );
  }

  private connected(isReconnect: boolean): void {
    this.hasConnected = true;
    this.deliveringEvents = true;
    this.restartRequested = false;
    this.resetRecovery();
    this.scheduleTokenRestart();
    this.setState('Connected', null);
    this.membership.connected(isReconnect);
  }

  private closed(error: Error | undefined): void {
    this.clearTokenRestart();
    this.membership.lost();
    if (this.sharing && !this.leading) return; // closed on handing over: the next leader connects
    if (this.pageCache === 'hidden') return; // closed for the back/forward cache: wake() connects
    if (!this.wanted) {
      this.setState('Disconnected', null);
      return;
    }
    if (this.restartRequested) {
      this.restartRequested = false;
      this.connect();
      return;
    }
    this.scheduleRecovery(error);
  }

  /**
   * `pagehide`: the page may go into the back/forward cache, which refuses a page with an
   * open connection (and, sharing, a held Web Lock or an open BroadcastChannel). Everything
   * is closed as for a lost connection, the wanted albums kept.
   */
  private hibernate(): void {
    if (!this.wanted || this.pageCache === 'hidden') return;
    this.pageCache = 'hidden';
    this.deliveringEvents = false;
    this.resetRecovery();
    this.clearTokenRestart();
    this.membership.lost();
    this.localJoined.clear();
    this.sharing?.stop(false);
    this.setState('Reconnecting', null);
    void this.connection?.stop();
  }

  /**
   * `pageshow` from the back/forward cache: connect again (or follow the leader again),
   * announced as a reconnect so the stores re-fetch what the page shows.
   */
  private wake(): void {
    if (this.pageCache !== 'hidden') return;
    this.hasConnected = true;
    if (this.sharing) {
      this.pageCache = 'restored';
      this.sharing.start(); // elected: lead() connects and announces the reconnect to every tab
      return;
    }
    this.pageCache = 'none';
    // A close the cache interrupted ends now: connect once it has (closed() does).
    if (this.connection && this.connection.state !== HUB_STATE.Disconnected) {
      this.restartRequested = true;
    } else {
      this.connect();
    }
  }

  /** The library gave up, or a start failed: try again on our own schedule. */
  private scheduleRecovery(error: unknown): void {
    this.clearRecoveryTimer();
    this.recoveryStartedAt ??= Date.now();
    const delay = this.retryPolicy.nextRetryDelayInMilliseconds({
      previousRetryCount: this.recoveryAttempts++,
      elapsedMilliseconds: Date.now() - this.recoveryStartedAt,
    });
    this.setState('Disconnected', describe(error), Date.now() + delay);
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      this.connect();
    }, delay);
  }

  private recoverNowIfDown(): void {
    if (this.sharing && !this.leading) return;
    if (!this.wanted || !this.connection) return;
    switch (this.connection.state) {
      case HUB_STATE.Disconnected:
        this.connect();
        break;
      case HUB_STATE.Reconnecting:
        // Cut the library's wait short: stop it, and start afresh once it has closed.
        this.restartRequested = true;
        void this.connection.stop();
        break;
    }
  }

  /**
   * SSE and Long Polling requests carry the negotiate's token, and the server checks it
   * on every one: after it expires, polls and sends fail. So such a connection is
   * restarted (a new negotiate, with the token renewed meanwhile) halfway through the
   * renewal margin, once the refresh has run; the restart is announced like any reconnect,
   * so the stores re-fetch. A WebSocket is checked at the upgrade only and stays.
   */
  private scheduleTokenRestart(): void {
    this.clearTokenRestart();
    const token = this.negotiatedToken;
    if (!token || !this.connection || this.connection.usesWebSockets()) return;
    const untilExpiry = token.expiresAt - Date.now();
    // Already inside the margin (renewal failing): keep it until it expires, not in a loop.
    const ahead = token.refreshAheadMs / 2;
    const delay = untilExpiry > ahead ? untilExpiry - ahead : Math.max(0, untilExpiry);
    this.tokenRestartTimer = setTimeout(() => {
      this.tokenRestartTimer = null;
      if (!this.wanted || this.connection?.state !== HUB_STATE.Connected) return;
      this.restartRequested = true;
      void this.connection.stop();
    }, delay);
  }

  private clearTokenRestart(): void {
    if (this.tokenRestartTimer !== null) clearTimeout(this.tokenRestartTimer);
    this.tokenRestartTimer = null;
  }

  private resetRecovery(): void {
    this.clearRecoveryTimer();
    this.recoveryAttempts = 0;
    this.recoveryStartedAt = null;
  }

  private clearRecoveryTimer(): void {
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
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

  private setState(
    status: ConnectionStatus,
    lastError: string | null,
    nextRetryAt: number | null = null,
  ): void {
    const state: ConnectionState = { status, lastError, nextRetryAt };
    const current = this.state$.value;
    if (
      current.status === state.status &&
      current.lastError === state.lastError &&
      current.nextRetryAt === state.nextRetryAt
    ) {
      return;
    }
    this.state$.next(state);
    if (this.leading) this.sharing?.leaderState(state);
  }

  /** How the tab sharing drives this service (see `tab-sharing.ts`). */
  private sharedHost(): SharedHubHost {
    return {
      lead: () => {
        this.leading = true;
        if (this.pageCache === 'restored') this.pageCache = 'none'; // its reconnect round says it
        this.localJoined.clear();
        this.connect();
      },
      resign: () => {
        if (!this.leading) return;
        this.leading = false;
        this.deliveringEvents = false;
        this.starting = false;
        this.resetRecovery();
        this.clearTokenRestart();
        this.membership.clear();
        this.localJoined.clear();
        if (this.wanted) this.setState('Reconnecting', null);
        void this.connection?.stop();
      },
      groupWanted: (albumId) => this.membership.want(albumId),
      groupUnwanted: (albumId) => this.membership.unwant(albumId),
      isGroupJoined: (albumId) => this.membership.joinedAlbumIds().includes(albumId),
      reconnectNow: () => this.recoverNowIfDown(),
      signedOutElsewhere: () => {
        // The session is shared: the leader's own sign-out follows (storage event), but the
        // connection must not outlive it in the meantime.
        if (this.auth.currentAccessToken() === null || !hasStoredSession()) void this.stop();
      },
      deliver: (events) => this.deliverRelayed(events),
      followState: (state) => {
        if (this.leading || !this.wanted) return;
        if (state.status === 'Connected') {
          this.hasConnected = true;
          this.deliveringEvents = true;
          if (this.pageCache === 'restored') {
            // Back from the back/forward cache behind a leader: what this tab shows may
            // have changed meanwhile, as after any reconnect.
            this.pageCache = 'none';
            this.joinedSubject.next({ albumIds: [...this.localWants.keys()], reconnect: true });
          }
        } else {
          this.localJoined.clear();
        }
        this.setState(state.status, state.lastError, state.nextRetryAt);
      },
      joined: (round) => {
        if (!this.wanted) return;
        const albumIds = round.albumIds.filter((albumId) => this.localWants.has(albumId));
        for (const albumId of albumIds) this.localJoined.add(albumId);
        if (albumIds.length > 0 || round.reconnect) {
          this.joinedSubject.next({ albumIds, reconnect: round.reconnect });
        }
      },
      refused: (refusal) => {
        if (this.wanted && this.localWants.has(refusal.albumId)) this.refusedSubject.next(refusal);
      },
      dropped: (detail, target) => this.drop({ reason: 'malformed', target, detail }),
    };
  }

  /** Events the leader relayed, already validated: only those of albums this tab shows. */
  private deliverRelayed(events: readonly RelayedEvent[]): void {
    if (this.leading || !this.wanted || !this.deliveringEvents) return;
    for (const { name, payload } of events) {
      if (this.localWants.has(payload.albumId)) this.events.get(name)!.next(payload);
    }
  }
}

function hasStoredSession(): boolean {
  try {
    return localStorage.getItem(SESSION_STORAGE_KEY) !== null;
  } catch {
    return true; // storage unreadable: leave it to this tab's own session
  }
}

function describe(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return error instanceof Error ? error.message : String(error);
}
