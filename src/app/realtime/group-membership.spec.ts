import {
  GroupMembership,
  isRefusal,
  joinRetryDelayMs,
  type AlbumGroupsJoined,
  type GroupChannel,
  type JoinRefusal,
  type MembershipClock,
} from './group-membership';

const REFUSAL =
  "An unexpected error occurred invoking 'JoinAlbumGroup' on the server. HubException: Album not found";

interface Call {
  readonly method: string;
  readonly albumId: string;
  resolve(): void;
  reject(error: Error): void;
}

/** A channel whose answers the test gives, one call at a time, asynchronously like the network. */
class FakeChannel implements GroupChannel {
  connected = true;
  readonly calls: Call[] = [];
  isConnected(): boolean {
    return this.connected;
  }
  invoke(method: 'JoinAlbumGroup' | 'LeaveAlbumGroup', albumId: string): Promise<unknown> {
    if (!this.connected) return Promise.reject(new Error('Invocation canceled'));
    return new Promise<void>((resolve, reject) =>
      this.calls.push({ method, albumId, resolve, reject }),
    );
  }
  /** The oldest unanswered call. */
  next(): Call {
    const call = this.calls.shift();
    if (!call) throw new Error('no call pending');
    return call;
  }
}

class FakeClock implements MembershipClock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private now = 0;
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  random(): number {
    return 0.5;
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((timer) => timer.at <= this.now);
    this.timers = this.timers.filter((timer) => timer.at > this.now);
    due.forEach((timer) => timer.callback());
  }
  get pending(): number {
    return this.timers.length;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const channel = new FakeChannel();
  const clock = new FakeClock();
  const membership = new GroupMembership(channel, clock);
  const joined: AlbumGroupsJoined[] = [];
  const refused: JoinRefusal[] = [];
  membership.joined$.subscribe((round) => joined.push(round));
  membership.refused$.subscribe((refusal) => refused.push(refusal));
  return { channel, clock, membership, joined, refused };
}

describe('isRefusal', () => {
  it('is true only for a HubException the hub threw', () => {
    expect(isRefusal(new Error(REFUSAL))).toBe(true);
    expect(
      isRefusal(new Error("An unexpected error occurred invoking 'JoinAlbumGroup' on the server.")),
    ).toBe(false);
    expect(isRefusal(new Error("Unauthorized: Status code '401'"))).toBe(false);
    expect(
      isRefusal(new Error('Invocation canceled due to the underlying connection being closed.')),
    ).toBe(false);
  });
});

describe('joinRetryDelayMs', () => {
  it('doubles from about a second up to 30 s, jittered', () => {
    expect(joinRetryDelayMs(0, () => 0)).toBe(500);
    expect(joinRetryDelayMs(0, () => 1)).toBe(1000);
    expect(joinRetryDelayMs(3, () => 1)).toBe(8000);
    expect(joinRetryDelayMs(20, () => 1)).toBe(30_000);
  });
});

describe('GroupMembership', () => {
  it('announces a first join, so the view re-fetches what it loaded before it', async () => {
    const { channel, membership, joined } = setUp();
    membership.follow(['a']);
    channel.next().resolve();
    await settle();
    expect(joined).toEqual([{ albumIds: ['a'], reconnect: false }]);
    expect(membership.joinedAlbumIds()).toEqual(['a']);
  });

  it('takes only a HubException for a refusal: the album stays wanted and is asked again on the next connection', async () => {
    const { channel, membership, refused } = setUp();
    membership.follow(['a']);
    channel.next().reject(new Error(REFUSAL));
    await settle();
    expect(refused).toEqual([{ albumId: 'a', reason: 'Album not found' }]);
    expect(membership.wantedAlbumIds()).toEqual(['a']);
    membership.follow(['a', 'b']);
    channel.next().resolve(); // b
    await settle();
    expect(channel.calls).toEqual([]); // a not asked again on this connection

    membership.lost();
    membership.connected(true);
    expect(channel.next().albumId).toBe('a');
  });

  it('retries a join that failed without a refusal (an expired token on a Long Polling send), with backoff', async () => {
    const { channel, clock, membership, joined, refused } = setUp();
    membership.follow(['a']);
    channel.next().reject(new Error("Unauthorized: Status code '401'"));
    await settle();
    expect(refused).toEqual([]);
    expect(channel.calls).toEqual([]);
    clock.advance(749);
    expect(channel.calls).toEqual([]);
    clock.advance(1);
    const retry = channel.next();
    expect(retry).toMatchObject({ method: 'JoinAlbumGroup', albumId: 'a' });
    retry.reject(
      new Error("An unexpected error occurred invoking 'JoinAlbumGroup' on the server."),
    );
    await settle();
    clock.advance(1499); // the second wait is longer
    expect(channel.calls).toEqual([]);
    clock.advance(1);
    channel.next().resolve();
    await settle();
    expect(joined).toEqual([{ albumIds: ['a'], reconnect: false }]);
  });

  it('forgets an answer that comes after its connection was lost, and joins again on the next', async () => {
    const { channel, membership, joined } = setUp();
    membership.follow(['a']);
    const first = channel.next();
    membership.lost();
    first.resolve();
    await settle();
    expect(membership.joinedAlbumIds()).toEqual([]);
    membership.connected(true);
    channel.next().resolve();
    await settle();
    expect(membership.joinedAlbumIds()).toEqual(['a']);
    expect(joined).toEqual([{ albumIds: ['a'], reconnect: true }]);
  });

  it('announces a reconnect once every rejoin has settled, and even with no group to join', async () => {
    const { channel, membership, joined } = setUp();
    membership.connected(true);
    expect(joined).toEqual([{ albumIds: [], reconnect: true }]);

    membership.follow(['a', 'b']);
    channel.next().resolve();
    channel.next().resolve();
    await settle();
    membership.lost();
    membership.connected(true);
    channel.next().resolve();
    await settle();
    expect(joined).toHaveLength(2); // b's answer still due
    channel.next().resolve();
    await settle();
    expect(joined.at(-1)).toEqual({ albumIds: ['a', 'b'], reconnect: true });
  });

  it('leaves a group no longer followed whose join was in flight', async () => {
    const { channel, membership } = setUp();
    membership.follow(['a']);
    const join = channel.next();
    membership.follow([]);
    expect(channel.calls).toEqual([]); // one request per album at a time
    join.resolve();
    await settle();
    expect(channel.next()).toMatchObject({ method: 'LeaveAlbumGroup', albumId: 'a' });
    expect(membership.joinedAlbumIds()).toEqual([]);
  });

  it('asks again at once when an album the hub refused is followed anew', async () => {
    const { channel, membership } = setUp();
    membership.follow(['a']);
    channel.next().reject(new Error(REFUSAL));
    await settle();
    membership.follow([]);
    membership.follow(['a']);
    expect(channel.next()).toMatchObject({ method: 'JoinAlbumGroup', albumId: 'a' });
  });

  it('drops pending retries when the connection goes, and everything on clear()', async () => {
    const { channel, clock, membership } = setUp();
    membership.follow(['a']);
    channel.next().reject(new Error('boom'));
    await settle();
    expect(clock.pending).toBe(1);
    membership.lost();
    expect(clock.pending).toBe(0);
    membership.clear();
    membership.connected(false);
    expect(channel.calls).toEqual([]);
  });
});
