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
import { AuthService } from '../auth/auth.service';
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

  private readonly membership = new GroupMembership({
    isConnected: () => this.connection?.state === HUB_STATE.Connected,
    invoke: (method, albumId) => {
      const connection = this.connection;
      return connection
        ? connection.invoke(method, albumId)
        : Promise.reject(new Error('No hub connection'));
    },
  });

  /** Connection state with the last error, as a signal (for templates). */
  readonly connectionState = toSignal(this.state$, { requireSync: true });
  /** Connection state with the last error, as an observable (for effects). */
  readonly connectionState$: Observable<ConnectionState> = this.state$.asObservable();
  /**
   * After each round of successful joins (a view's first join, every rejoin after a
   * reconnect): events sent before it were not ours, so the stores re-fetch these albums.
   */
  readonly albumGroupsJoined$: Observable<AlbumGroupsJoined> = this.membership.joined$;
  /** After every reconnect (automatic or recovered), once groups are joined again: the albums rejoined. */
  readonly reconnected$: Observable<readonly string[]> = this.membership.joined$.pipe(
    filter((round) => round.reconnect),
    map((round) => round.albumIds),
  );
  /** The hub refused an album's group (a HubException); it is asked again on the next connection. */
  readonly joinRefused$: Observable<JoinRefusal> = this.membership.refused$;
  /** Events dropped because they were unknown or malformed. */
  readonly droppedEventCount = this.droppedSignal.asReadonly();

  constructor() {
    const window = this.document.defaultView;
    const wakeUp = () => {
      if (this.document.visibilityState !== 'hidden') this.recoverNowIfDown();
    };
    window?.addEventListener('online', wakeUp);
    this.document.addEventListener('visibilitychange', wakeUp);
    inject(DestroyRef).onDestroy(() => {
      window?.removeEventListener('online', wakeUp);
      this.document.removeEventListener('visibilitychange', wakeUp);
      void this.stop();
    });
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
    this.connect();
  }

  /** A deliberate stop (sign out): no reconnect follows. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.restartRequested = false;
    this.hasConnected = false;
    this.deliveringEvents = false;
    this.resetRecovery();
    this.clearTokenRestart();
    this.membership.lost();
    this.setState('Disconnected', null);
    await this.connection?.stop();
  }

  /**
   * "Reconnect now": skips any wait; a no-op while connected or connecting, and while
   * signed out (only the session starts the hub: it has no token to connect with then).
   */
  reconnectNow(): void {
    this.recoverNowIfDown();
  }

  // Album groups

  /** One more view of this album: joins its group unless already joined. Never throws. */
  joinAlbumGroup(albumId: string): void {
    this.membership.want(albumId);
  }

  /** One view fewer: leaves the group when the last view leaves. Never throws. */
  leaveAlbumGroup(albumId: string): void {
    this.membership.unwant(albumId);
  }

  /** Whether a view still wants this album's events. */
  isAlbumWanted(albumId: string): boolean {
    return this.membership.isWanted(albumId);
  }

  /** Albums whose group is wanted (joined, or to be joined on connect). */
  joinedAlbumIds(): string[] {
    return this.membership.wantedAlbumIds();
  }

  stats(): HubStats {
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
        if (this.deliveringEvents && this.membership.isWanted(event.albumId)) subject.next(event);
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
    if (!this.wanted || this.starting) return;
    const connection = this.ensureConnection();
    if (connection.state !== HUB_STATE.Disconnected) return;
    this.clearRecoveryTimer();
    this.starting = true;
    this.setState('Connecting', this.state$.value.lastError);
    connection.start().then(
      () => {
        this.starting = false;
        if (this.wanted) this.connected(this.hasConnected);
      },
      (error: unknown) => {
        this.starting = false;
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
  }
}

function describe(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return error instanceof Error ? error.message : String(error);
}
