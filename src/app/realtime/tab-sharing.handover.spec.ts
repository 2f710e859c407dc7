import { SESSION_STORAGE_KEY } from '../auth/auth.service';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS } from './tab-sharing';
import { FakeBrowser } from './tab-sharing.testing';
import { browserTabs, progress, settle } from './tab-sharing.tabs.testing';

/** The lead passing from tab to tab: closed, cached, frozen, hung or signed out. */
describe('one hub connection shared by the tabs of a browser', () => {
  const bed = browserTabs();

  it('hands over when the leader vanishes mid-join: the next tab connects, joins the union, and every tab re-fetches', async () => {
    const [a, b, c] = bed.open(3);
    a!.hub.joinAlbumGroup('album-1');
    b!.hub.joinAlbumGroup('album-2');
    c!.hub.joinAlbumGroup('album-3');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    b!.hub.joinAlbumGroup('album-4');
    a!.connection!.answer = () => new Promise(() => undefined); // the join's answer never comes
    await settle();
    expect(bed.groupCalls(a!, 'JoinAlbumGroup')).toContain('album-4');

    a!.page.crash();
    await settle();

    expect(bed.leaders()).toEqual([b]);
    expect(b!.connections).toHaveLength(1);
    expect(bed.groupCalls(b!, 'JoinAlbumGroup').sort()).toEqual(['album-2', 'album-3', 'album-4']);
    // Announced as a reconnect in every tab: each re-fetches what it shows.
    expect(b!.reconnects.length).toBeGreaterThan(0);
    expect(c!.reconnects.length).toBeGreaterThan(0);
    expect(b!.joined.flatMap((round) => round.albumIds)).toEqual(
      expect.arrayContaining(['album-2', 'album-4']),
    );
    expect(c!.joined.flatMap((round) => round.albumIds)).toContain('album-3');
    expect(b!.status).toBe('Connected');
    expect(c!.status).toBe('Connected');
    b!.connection!.emit('PhotoSyncProgress', progress('album-3', 10));
    await settle();
    expect(c!.progress.map((event) => event.processedCount)).toEqual([10]);
  });

  it('a leader closed by the user says goodbye: followers show "Reconnecting" until the next one is connected', async () => {
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.close();
    await settle();
    expect(b!.states).toContain('Reconnecting');
    expect(b!.hub.isLeader()).toBe(true);
    expect(b!.status).toBe('Connected');
    expect(b!.reconnects).toEqual([['album-2']]);
  });

  it('a leader back from the back/forward cache takes its goodbye back: followers follow it again', async () => {
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.page.fire('pagehide', { persisted: true });
    a!.page.hung = true; // in the cache, it runs nothing (this browser fires no freeze)
    await settle();
    expect(b!.status).toBe('Reconnecting');
    expect(b!.hub.isAlbumJoined('album-2')).toBe(false);
    const joinedBefore = b!.joined.length;
    a!.page.wake();
    a!.page.fire('pageshow', { persisted: true });
    await settle();
    expect(b!.status).toBe('Connected');
    // The goodbye made b forget its joins; the same leader, which kept b's wants, names
    // them again (no new join is made: the group never left), so b's views re-read.
    expect(b!.hub.isAlbumJoined('album-2')).toBe(true);
    expect(b!.joined.slice(joinedBefore)).toEqual([{ albumIds: ['album-2'], reconnect: false }]);
    expect(bed.groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-2']);
    a!.connection!.emit('PhotoSyncProgress', progress('album-2', 40));
    await settle();
    expect(b!.progress.map((event) => event.processedCount)).toEqual([40]);
    expect(bed.leaders()).toEqual([a]);
  });

  it('sign-out in a follower stops the shared connection, and no tab connects again', async () => {
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    const connection = a!.connection!;

    localStorage.removeItem(SESSION_STORAGE_KEY);
    b!.signedIn.set(false);
    void b!.hub.stop(); // the follower's session effects; the leader has not heard yet
    await settle();
    expect(connection.state).toBe('Disconnected');
    expect(a!.status).toBe('Disconnected');

    a!.signedIn.set(false);
    void a!.hub.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.starts).toBe(1);
    expect(b!.connections).toHaveLength(0);
  });

  it('a leader that is frozen hands the connection on, and follows when it resumes', async () => {
    const [a, b] = bed.open(2);
    a!.hub.joinAlbumGroup('album-1');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.page.freeze();
    await settle();
    expect(a!.connection!.state).toBe('Disconnected');
    expect(bed.leaders()).toEqual([b]);
    expect(b!.connection!.state).toBe('Connected');
    // A frozen tab shows nothing new: its albums wait until it resumes.
    expect(bed.groupCalls(b!, 'JoinAlbumGroup')).toEqual([]);

    a!.page.resume();
    await settle();
    expect(bed.leaders()).toEqual([b]);
    expect(bed.groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-1']);
    expect(a!.status).toBe('Connected');
    expect(a!.joined.at(-1)).toEqual({ albumIds: ['album-1'], reconnect: false });
    b!.connection!.emit('PhotoSyncProgress', progress('album-1', 30));
    await settle();
    expect(a!.progress.map((event) => event.processedCount)).toEqual([30]);
  });

  it('a visible follower takes the lead from a leader that stopped answering (hung, no freeze event)', async () => {
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS + 100);
    await settle();
    expect(b!.hub.isLeader()).toBe(true);
    expect(b!.connection!.state).toBe('Connected');
    expect(bed.groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-2']);
    // A hung tab runs nothing: it hears of the steal when its long task ends, and steps down.
    a!.page.wake();
    await settle();
    expect(a!.hub.isLeader()).toBe(false);
    expect(a!.connection!.state).not.toBe('Connected');
    expect(bed.leaders()).toEqual([b]);
  });

  it("a leader whose lock is stolen, hearing the new leader before its lock's AbortError, tells it what it shows", async () => {
    bed.browser = new FakeBrowser({ stealAbortDelayMs: 100 });
    const [a, b] = bed.open(2);
    a!.hub.joinAlbumGroup('album-1');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    expect(bed.groupCalls(a!, 'JoinAlbumGroup')).toEqual(['album-1']);
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS + 10);
    expect(b!.hub.isLeader()).toBe(true);
    // The long task ends: the new leader's `leader` message runs before the AbortError.
    a!.page.wake();
    await settle();
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(bed.leaders()).toEqual([b]);
    expect(bed.groupCalls(b!, 'JoinAlbumGroup')).toEqual(['album-1']);
    b!.connection!.emit('PhotoSyncProgress', progress('album-1', 30));
    await settle();
    expect(a!.progress.map((event) => event.processedCount)).toContain(30);
  });

  it('a throttled but live leader answers in time: no takeover', async () => {
    const [a, b] = bed.open(2);
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.page.visible = false;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS * 5);
    await settle();
    expect(bed.leaders()).toEqual([a]);
    expect(b!.connections).toHaveLength(0);
  });
});
