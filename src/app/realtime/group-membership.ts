import { Subject, type Observable } from 'rxjs';

export interface JoinRefusal {
  readonly albumId: string;
  readonly reason: string;
}

/** Albums whose group a connection has just joined: the stores re-fetch them. */
export interface AlbumGroupsJoined {
  readonly albumIds: readonly string[];
  /** True for the first round of joins on a connection that replaced a lost one. */
  readonly reconnect: boolean;
}

/** The connection as the membership needs it. */
export interface GroupChannel {
  isConnected(): boolean;
  invoke(method: 'JoinAlbumGroup' | 'LeaveAlbumGroup', albumId: string): Promise<unknown>;
}

export interface MembershipClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

const systemClock: MembershipClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
};

/**
 * How a failed `JoinAlbumGroup` is read. ASP.NET Core sends the message of a
 * `HubException` the hub threw as "… HubException: <message>": that, and only that,
 * is the server saying no. Anything else (the connection went, a Long Polling or SSE
 * request answered 401 on an expired token, the server failed) is worth another try.
 */
export function isRefusal(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\bHubException: /.test(message);
}

/** The hub's words after "HubException: ", else the whole message. */
export function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\bHubException: (.*)$/s.exec(message);
  return (match?.[1] ?? message).trim() || 'Refused';
}

/** Delay before retrying a join that failed without a refusal: 1, 2, 4 … 30 s, jittered. */
export const JOIN_RETRY_MAX_MS = 30_000;
export function joinRetryDelayMs(attempt: number, random: () => number): number {
  const capped = Math.min(JOIN_RETRY_MAX_MS, 1000 * 2 ** attempt);
  return Math.round(capped / 2 + (capped / 2) * random());
}

/**
 * The hub groups of one connection: which albums are wanted (the whole set, as the
 * caller gives it: no counts) and which are joined, kept in line by comparing the two
 * sets, one request per album at a time. Membership does not survive a connection: {@link lost} forgets it and any
 * answer still due (epochs), {@link connected} joins every wanted album again.
 */
export class GroupMembership {
  private wanted: ReadonlySet<string> = new Set();
  private readonly joined = new Set<string>();
  private readonly inFlight = new Set<string>();
  /** Refused on this connection: not asked again until a new connection or a new view. */
  private readonly refused = new Set<string>();
  /** Failed joins (not refusals) so far, per album, until one succeeds. */
  private readonly attempts = new Map<string, number>();
  /** Albums waiting for their retry: not asked until the timer fires. */
  private readonly retryTimers = new Map<string, unknown>();
  private epoch = 0;
  private joinedThisRound: string[] = [];
  private reconnectRound = false;

  private readonly joinedSubject = new Subject<AlbumGroupsJoined>();
  private readonly refusedSubject = new Subject<JoinRefusal>();

  /** After a round of joins settles: the albums joined in it (first joins included). */
  readonly joined$: Observable<AlbumGroupsJoined> = this.joinedSubject.asObservable();
  /** The hub refused an album's group; it stays wanted, and is asked again on the next connection. */
  readonly refused$: Observable<JoinRefusal> = this.refusedSubject.asObservable();

  constructor(
    private readonly channel: GroupChannel,
    private readonly clock: MembershipClock = systemClock,
  ) {}

  /** The albums whose group is wanted now: the whole set, replacing the last one. */
  follow(albumIds: Iterable<string>): void {
    const next = new Set(albumIds);
    for (const albumId of this.wanted) {
      if (next.has(albumId)) continue;
      // Shown anew later, it is asked again, even if the hub said no before.
      this.refused.delete(albumId);
      this.cancelRetry(albumId);
    }
    this.wanted = next;
    this.sync();
  }

  isWanted(albumId: string): boolean {
    return this.wanted.has(albumId);
  }

  wantedAlbumIds(): string[] {
    return [...this.wanted];
  }

  joinedAlbumIds(): string[] {
    return [...this.joined];
  }

  /** A connection is up (the first, or one replacing a lost one): join every wanted album. */
  connected(isReconnect: boolean): void {
    this.forget();
    this.reconnectRound = isReconnect;
    this.sync();
    this.settle();
  }

  /** The connection is gone (or going): its groups with it. */
  lost(): void {
    this.forget();
  }

  /** Stops every retry; nothing is wanted any more (sign-out). */
  clear(): void {
    this.forget();
    this.wanted = new Set();
  }

  private forget(): void {
    this.epoch++;
    this.joined.clear();
    this.inFlight.clear();
    this.refused.clear();
    for (const albumId of [...this.retryTimers.keys()]) this.cancelRetry(albumId);
    this.attempts.clear();
    this.joinedThisRound = [];
    this.reconnectRound = false;
  }

  /** Brings the server's groups in line with the wanted ones. */
  private sync(): void {
    if (!this.channel.isConnected()) return;
    for (const albumId of new Set([...this.wanted, ...this.joined])) {
      if (this.inFlight.has(albumId)) continue;
      const wanted = this.wanted.has(albumId);
      const joined = this.joined.has(albumId);
      if (wanted && !joined && !this.refused.has(albumId) && !this.retryTimers.has(albumId)) {
        this.run(albumId, () => this.join(albumId));
      } else if (!wanted && joined) {
        this.run(albumId, () => this.leave(albumId));
      }
    }
  }

  private run(albumId: string, request: () => Promise<void>): void {
    const epoch = this.epoch;
    this.inFlight.add(albumId);
    void request().finally(() => {
      if (epoch !== this.epoch) return;
      this.inFlight.delete(albumId);
      this.sync();
      this.settle();
    });
  }

  private async join(albumId: string): Promise<void> {
    const epoch = this.epoch;
    try {
      await this.channel.invoke('JoinAlbumGroup', albumId);
      if (epoch !== this.epoch) return;
      this.joined.add(albumId);
      this.attempts.delete(albumId);
      this.joinedThisRound.push(albumId);
    } catch (error) {
      if (epoch !== this.epoch) return; // lost with its connection: the next one joins again
      if (isRefusal(error)) {
        this.refused.add(albumId);
        this.attempts.delete(albumId);
        this.refusedSubject.next({ albumId, reason: refusalReason(error) });
      } else {
        this.scheduleRetry(albumId);
      }
    }
  }

  private async leave(albumId: string): Promise<void> {
    this.joined.delete(albumId);
    try {
      await this.channel.invoke('LeaveAlbumGroup', albumId);
    } catch {
      // Either the connection is gone (and the group with it) or the server forgot it already.
    }
  }

  private scheduleRetry(albumId: string): void {
    const attempt = this.attempts.get(albumId) ?? 0;
    this.attempts.set(albumId, attempt + 1);
    const timer = this.clock.setTimeout(
      () => {
        this.retryTimers.delete(albumId);
        this.sync();
      },
      joinRetryDelayMs(attempt, this.clock.random),
    );
    this.retryTimers.set(albumId, timer);
  }

  private cancelRetry(albumId: string): void {
    if (this.retryTimers.has(albumId)) this.clock.clearTimeout(this.retryTimers.get(albumId));
    this.retryTimers.delete(albumId);
    this.attempts.delete(albumId);
  }

  /** Once no request is in flight, announces what this round joined. */
  private settle(): void {
    if (this.inFlight.size > 0) return;
    if (this.joinedThisRound.length === 0 && !this.reconnectRound) return;
    const albumIds = this.joinedThisRound;
    const reconnect = this.reconnectRound;
    this.joinedThisRound = [];
    this.reconnectRound = false;
    this.joinedSubject.next({ albumIds, reconnect });
  }
}
