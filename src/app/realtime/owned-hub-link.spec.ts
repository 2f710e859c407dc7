import { FakeHubConnection, fakeOwnedLinkPorts } from './fake-hub-connection.testing';
import type { JoinRound } from './hub-link';
import type { LinkPhase } from './link-phase';
import { OwnedHubLink } from './owned-hub-link';

/** The owned link's state machine, driven directly (no Angular, no tabs). */
describe('OwnedHubLink', () => {
  let fake: FakeHubConnection;
  let link: OwnedHubLink;
  let phases: LinkPhase['kind'][];
  let rounds: JoinRound[];

  const settle = async () => {
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
  };
  /** Records the phase each time the link's state changes (every transition shows there). */
  const phase = () => link.phase.kind;

  beforeEach(() => {
    vi.useFakeTimers();
    link = new OwnedHubLink(fakeOwnedLinkPorts((made) => (fake = made)));
    phases = [];
    rounds = [];
    link.state$.subscribe(() => phases.push(phase()));
    link.rounds$.subscribe((round) => rounds.push(round));
  });

  afterEach(() => vi.useRealTimers());

  it('goes stopped → connecting → live, and joins the followed albums with a first round', async () => {
    expect(phase()).toBe('stopped');
    link.follow(new Set(['album-1']));
    link.start();
    expect(phase()).toBe('connecting');
    await settle();
    expect(phase()).toBe('live');
    expect(phases).toEqual(['stopped', 'connecting', 'live']);
    expect(rounds).toEqual([{ kind: 'joined', albumIds: ['album-1'], reconnect: false }]);
  });

  it('waits with a retry time after the library gives up, counting attempts, then is live again with a reconnect round', async () => {
    link.follow(new Set(['album-1']));
    link.start();
    await settle();
    fake.startFailures.push(new Error('503'), new Error('503'));
    fake.close();
    const first = link.phase;
    expect(first.kind).toBe('waiting');
    expect(first.kind === 'waiting' && first.recovery.attempt).toBe(0);
    expect(link.state.nextRetryAt).toBe(first.kind === 'waiting' ? first.retryAt : -1);
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(phases).toContain('connecting');
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(phase()).toBe('live');
    expect(rounds.at(-1)).toEqual({ kind: 'joined', albumIds: ['album-1'], reconnect: true });
  });

  it('is reconnecting while the library retries, and a nudge restarts at once', async () => {
    link.start();
    await settle();
    fake.drop();
    expect(phase()).toBe('reconnecting');
    expect(link.state.status).toBe('Reconnecting');
    link.nudge(); // stops the library's reconnect; once closed, a fresh start
    expect(phase()).toBe('connecting');
    await settle();
    expect(phase()).toBe('live');
    expect(fake.starts).toBe(2);
  });

  it('restarts when started again while a stop is under way, with no "Offline" in between', async () => {
    link.start();
    await settle();
    void link.stop();
    expect(phase()).toBe('stopped');
    link.start();
    expect(phase()).toBe('restarting');
    expect(link.state.status).toBe('Connecting');
    await settle();
    expect(phase()).toBe('live');
  });

  it('hibernates for the back/forward cache and wakes with a reconnect round', async () => {
    link.follow(new Set(['album-1']));
    link.start();
    await settle();
    link.hibernate();
    expect(phase()).toBe('hibernating');
    expect(link.state.status).toBe('Reconnecting');
    await settle();
    expect(fake.state).toBe('Disconnected');
    link.start(); // the session starting again does not connect a hidden page
    expect(phase()).toBe('hibernating');
    link.wake();
    await settle();
    expect(phase()).toBe('live');
    expect(rounds.at(-1)).toEqual({ kind: 'joined', albumIds: ['album-1'], reconnect: true });
  });

  it('delivers no event once stopped, and a resign forgets the followed albums', async () => {
    const events: string[] = [];
    link.events$.subscribe((event) => events.push(event.name));
    link.follow(new Set(['album-1']));
    link.start();
    await settle();
    const event = { albumId: 'album-1', message: 'x', timestamp: '2026-11-22T10:00:00.000Z' };
    fake.emit('AlbumSyncStarted', event);
    link.resign();
    fake.emit('AlbumSyncStarted', event);
    expect(events).toEqual(['AlbumSyncStarted']);
    expect(link.state.status).toBe('Reconnecting');
    await settle();
    link.start(true);
    await settle();
    expect(link.joinedAlbumIds()).toEqual([]);
    expect(rounds.at(-1)).toEqual({ kind: 'joined', albumIds: [], reconnect: true });
  });
});
