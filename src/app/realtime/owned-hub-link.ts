import type { RetryContext } from '@microsoft/signalr';
import { Subject, type Observable } from 'rxjs';
import { HUB_EVENT_NAMES } from '../api/models';
import { ConnectionStateReport, type ConnectionState } from './connection-status';
import { GroupMembership } from './group-membership';
import { HUB_STATE, type HubConnectionLike } from './hub-connection';
import type { HubEvent, HubLink, JoinRound } from './hub-link';
import { describeError, type LinkPhase, type OwnedLinkPorts, type Recovery } from './link-phase';
import { TokenRestart } from './token-restart';
import { ValidatingHubProtocol } from './validating-hub-protocol';

/**
 * The link that owns the `HubConnection`: connects, keeps connected (the library's
 * retries, then ours, for ever), keeps the album groups equal to the followed set
 * ({@link GroupMembership}), validates every event and restarts a connection whose token
 * the server checks per request before it expires. Knows nothing of other tabs.
 */
export class OwnedHubLink implements HubLink {
  private phaseNow: LinkPhase = { kind: 'stopped' };
  private connection: HubConnectionLike | null = null;
  private starting = false;
  /** The next connection replaces a lost one: its first round of joins is a reconnect. */
  private everConnected = false;
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly report = new ConnectionStateReport();
  private readonly eventSubject = new Subject<HubEvent>();
  private readonly roundSubject = new Subject<JoinRound>();
  private readonly tokenRestart = new TokenRestart(() => {
    if (this.phaseNow.kind !== 'live' || this.connection?.state !== HUB_STATE.Connected) return;
    this.restart();
  });
  private readonly membership = new GroupMembership({
    isConnected: () => this.connection?.state === HUB_STATE.Connected,
    invoke: (method, albumId) =>
      this.connection
        ? this.connection.invoke(method, albumId)
        : Promise.reject(new Error('No hub connection')),
  });

  readonly state$: Observable<ConnectionState> = this.report.changes$;
  readonly events$: Observable<HubEvent> = this.eventSubject.asObservable();
  readonly rounds$: Observable<JoinRound> = this.roundSubject.asObservable();
  private handlerCount = 0;

  constructor(private readonly ports: OwnedLinkPorts) {
    this.membership.joined$.subscribe((round) =>
      this.roundSubject.next({ kind: 'joined', ...round }),
    );
    this.membership.refused$.subscribe((refusal) =>
      this.roundSubject.next({ kind: 'refused', ...refusal }),
    );
  }

  /** Handlers registered on the connection: one per event, ever. */
  get handlers(): number {
    return this.handlerCount;
  }

  get phase(): LinkPhase {
    return this.phaseNow;
  }

  get state(): ConnectionState {
    return this.report.current;
  }

  /** `asReconnect`: another connection served this tab before (a leader taking over). */
  start(asReconnect = false): void {
    if (asReconnect) this.everConnected = true;
    if (this.phaseNow.kind !== 'stopped') return;
    this.begin();
    if (this.phase.kind === 'restarting') this.report.set('Connecting', null);
  }

  /** Connects now, or once the connection still closing has closed. */
  private begin(): void {
    if (this.starting || (this.connection && this.connection.state !== HUB_STATE.Disconnected)) {
      // Started again while a stop is under way (sign-out then sign-in): connect afresh
      // once it has ended, with no "Offline" in between.
      this.enter({ kind: 'restarting' });
      return;
    }
    this.connect();
  }

  async stop(): Promise<void> {
    this.leave({ kind: 'stopped' });
    this.everConnected = false;
    this.report.set('Disconnected', null);
    await this.connection?.stop();
  }

  /** Handed to another tab: close, forget the groups, and let the new holder say how it stands. */
  resign(): void {
    const wasStopped = this.phaseNow.kind === 'stopped';
    this.leave({ kind: 'stopped' });
    this.membership.clear();
    if (wasStopped) return;
    this.report.set('Reconnecting', null);
    void this.connection?.stop();
  }

  reconnectNow(): void {
    this.nudge();
  }

  nudge(): void {
    const kind = this.phaseNow.kind;
    if (!this.connection || kind === 'stopped' || kind === 'hibernating') return;
    if (this.connection.state === HUB_STATE.Disconnected) this.connect();
    else if (this.connection.state === HUB_STATE.Reconnecting) this.restart(); // cut its wait short
  }

  follow(albumIds: ReadonlySet<string>): void {
    this.membership.follow(albumIds);
  }

  joinedAlbumIds(): string[] {
    return this.membership.joinedAlbumIds();
  }

  hibernate(): void {
    if (this.phaseNow.kind === 'stopped' || this.phaseNow.kind === 'hibernating') return;
    this.leave({ kind: 'hibernating' });
    this.report.set('Reconnecting', null);
    void this.connection?.stop();
  }

  wake(): void {
    if (this.phaseNow.kind !== 'hibernating') return;
    this.everConnected = true;
    this.enter({ kind: 'stopped' });
    // A close the cache interrupted ends now: connect once it has.
    this.begin();
  }

  // Internals

  /** Leaves the current phase for one without a connection: timers and groups go. */
  private leave(next: LinkPhase): void {
    this.enter(next);
    this.tokenRestart.clear();
    this.membership.lost();
  }

  private enter(next: LinkPhase): void {
    if (this.phaseNow.kind === 'waiting' && next.kind !== 'waiting') this.clearRecoveryTimer();
    this.phaseNow = next;
  }

  /** Stops the connection, to connect afresh once it has closed. */
  private restart(): void {
    this.enter({ kind: 'restarting' });
    void this.connection?.stop();
  }

  /** Built once: handlers are registered once for the link's life, never per reconnect. */
  private ensureConnection(): HubConnectionLike {
    if (this.connection) return this.connection;
    const connection = this.ports.build({
      url: this.ports.url,
      transport: this.ports.transport,
      accessTokenFactory: async () => {
        const token = await this.ports.getAccessToken();
        this.tokenRestart.negotiated(this.ports.tokenExpiry(token));
        return token;
      },
      retryPolicy: this.ports.retryPolicy,
      wrapProtocol: (json) =>
        new ValidatingHubProtocol((dropped) => this.ports.dropped(dropped), json),
    });
    for (const name of HUB_EVENT_NAMES) {
      // The protocol let through only payloads valid for this event; a connection being
      // stopped delivers nothing.
      connection.on(name, (payload) => {
        if (this.phaseNow.kind === 'stopped' || this.phaseNow.kind === 'hibernating') return;
        this.eventSubject.next({ name, payload } as HubEvent);
      });
      this.handlerCount++;
    }
    connection.onreconnecting((error) => {
      this.tokenRestart.clear();
      this.membership.lost();
      if (this.phaseNow.kind === 'live') this.enter({ kind: 'reconnecting' });
      this.report.set('Reconnecting', describeError(error));
    });
    connection.onreconnected(() => this.connected(true));
    connection.onclose((error) => this.closed(error));
    this.connection = connection;
    return connection;
  }

  private connect(): void {
    if (this.starting) return;
    const connection = this.ensureConnection();
    if (connection.state !== HUB_STATE.Disconnected) return;
    const recovery = this.phaseNow.kind === 'waiting' ? this.phaseNow.recovery : null;
    this.enter({ kind: 'connecting', recovery });
    this.starting = true;
    this.report.set('Connecting', this.state.lastError);
    connection.start().then(
      () => {
        this.starting = false;
        const kind = this.phaseNow.kind;
        if (kind === 'connecting' || kind === 'restarting') this.connected(this.everConnected);
        else void connection.stop(); // stopped or handed over while starting
      },
      (error: unknown) => {
        this.starting = false;
        switch (this.phaseNow.kind) {
          case 'restarting': // a stop overtook this start, and the link started again since
            this.connect();
            break;
          case 'connecting':
            this.scheduleRecovery(error);
            break;
          default: // stopped, handed over, or hibernating: wake() connects
            break;
        }
      },
    );
  }

  private connected(isReconnect: boolean): void {
    this.everConnected = true;
    this.enter({ kind: 'live' });
    this.tokenRestart.schedule(this.connection!.usesWebSockets());
    this.report.set('Connected', null);
    this.membership.connected(isReconnect);
  }

  private closed(error: Error | undefined): void {
    this.tokenRestart.clear();
    this.membership.lost();
    switch (this.phaseNow.kind) {
      case 'stopped':
      case 'hibernating':
        return; // stop() or resign() said how it stands; wake() connects
      case 'restarting':
        this.connect();
        return;
      default:
        this.scheduleRecovery(error);
    }
  }

  /** The library gave up, or a start failed: try again on our own schedule. */
  private scheduleRecovery(error: unknown): void {
    const phase = this.phaseNow;
    const previous =
      phase.kind === 'waiting' || phase.kind === 'connecting' ? phase.recovery : null;
    this.clearRecoveryTimer();
    const recovery: Recovery = previous
      ? { attempt: previous.attempt + 1, since: previous.since }
      : { attempt: 0, since: Date.now() };
    const delay = this.ports.retryPolicy.nextRetryDelayInMilliseconds({
      previousRetryCount: recovery.attempt,
      elapsedMilliseconds: Date.now() - recovery.since,
    } as RetryContext)!;
    const retryAt = Date.now() + delay;
    this.phaseNow = { kind: 'waiting', recovery, retryAt };
    this.report.set('Disconnected', describeError(error), retryAt);
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      if (this.phaseNow.kind === 'waiting') this.connect();
    }, delay);
  }

  private clearRecoveryTimer(): void {
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
  }
}
