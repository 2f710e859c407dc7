import { LEADER_LOCK } from './tab-leadership';
import { LEADER_ANSWER_MS, LEADER_CHECK_MS } from './tab-sharing';
import { HUB_CHANNEL } from './tab-sharing-ports';
import { FakeBrowser } from './tab-sharing.testing';
import { Tab, browserTabs, progress, settle } from './tab-sharing.tabs.testing';

/** The lead term: what a former leader says is dropped once a later lead is heard. */
describe('tabs sharing one connection: lead terms', () => {
  const bed = browserTabs();

  /** Opens a tab named `tabId` (tie-breaks between two leads of one term go by tab id). */
  const named = (tabId: string) => {
    const tab = new Tab(bed.browser.tab(tabId));
    bed.tabs.push(tab);
    return tab;
  };

  it("drops a former leader's messages heard after its successor's: no event, state or claim of its is taken", async () => {
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    // From now on a's messages stay in flight: it tells a new tab that it leads, relays an
    // event and a dropped connection, then hangs and its lock is stolen.
    bed.browser.holdMessagesFrom(a!.page.tabId);
    const [, , c] = bed.open(1);
    c!.hub.joinAlbumGroup('album-2');
    c!.hub.start();
    await settle();
    a!.connection!.emit('PhotoSyncProgress', progress('album-2', 10));
    void a!.connection!.dropAndReconnect();
    await settle();
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS);
    await settle();
    const [leader] = bed.leaders().filter((tab) => tab !== a);
    expect(leader).toBeDefined();
    const follower = leader === b ? c! : b!;
    const statesBefore = follower.states.length;

    bed.browser.deliverHeld(a!.page.tabId);
    await settle();
    a!.page.wake();
    await settle();

    expect(bed.leaders()).toEqual([leader]);
    for (const tab of [b!, c!]) {
      expect(tab.progress.map((event) => event.processedCount)).toEqual([]);
      expect(tab.status).toBe('Connected');
      expect(tab.hub.isAlbumJoined('album-2')).toBe(true);
    }
    expect(follower.states.slice(statesBefore).filter((status) => status !== 'Connected')).toEqual(
      [],
    );
    leader!.connection!.emit('PhotoSyncProgress', progress('album-2', 20));
    await settle();
    expect(follower.progress.map((event) => event.processedCount)).toEqual([20]);
  });

  it('a leader that took too low a term (it never heard its predecessor) takes a higher one when a follower says so', async () => {
    // tab-9 leads under term 1; tab-3 follows it. Neither is heard by tab-2, which opens
    // later and, when tab-9 crashes, takes term 1 too: its lead ties tab-9's and loses (the
    // tab id breaks the tie), so tab-3 drops what tab-2 says.
    const a = named('tab-9');
    const c = named('tab-3');
    c.hub.joinAlbumGroup('album-3');
    a.hub.start();
    await settle();
    c.hub.start();
    await settle();
    expect(bed.leaders()).toEqual([a]);
    c.page.freeze(); // out of the lock's line: tab-2 comes first
    await settle();
    bed.browser.holdMessagesFrom('tab-9');
    bed.browser.holdMessagesFrom('tab-3');
    const b = named('tab-2');
    b.hub.start();
    await settle();
    c.page.resume();
    await settle();
    a.page.crash();
    await settle();
    expect(bed.leaders()).toEqual([b]);
    expect(bed.groupCalls(b, 'JoinAlbumGroup')).toEqual([]);

    const roundsBefore = c.joined.length;

    bed.browser.deliverHeld('tab-3');
    await settle();

    expect(bed.leaders()).toEqual([b]);
    expect(bed.groupCalls(b, 'JoinAlbumGroup')).toEqual(['album-3']);
    expect(c.status).toBe('Connected');
    // tab-3 dropped the round tab-2 said under its first term; it hears it again under the next.
    expect(c.joined.slice(roundsBefore).flatMap((round) => round.albumIds)).toEqual(['album-3']);
    b.connection!.emit('PhotoSyncProgress', progress('album-3', 30));
    await settle();
    expect(c.progress.map((event) => event.processedCount)).toEqual([30]);
  });

  it('a leader whose lock was stolen steps down on hearing its successor, before its AbortError comes', async () => {
    bed.browser = new FakeBrowser({ stealAbortDelayMs: 1_000 });
    const [a, b] = bed.open(2);
    b!.hub.joinAlbumGroup('album-2');
    for (const tab of bed.tabs) tab.hub.start();
    await settle();
    a!.page.hung = true;
    await vi.advanceTimersByTimeAsync(LEADER_CHECK_MS + LEADER_ANSWER_MS);
    await settle();
    expect(b!.hub.isLeader()).toBe(true);

    a!.page.wake(); // it hears b's `leader` long before its lock's AbortError
    await settle();

    expect(a!.hub.isLeader()).toBe(false);
    expect(a!.connection!.state).toBe('Disconnected');
    expect(bed.leaders()).toEqual([b]);
    b!.connection!.emit('PhotoSyncProgress', progress('album-2', 40));
    await settle();
    expect(b!.progress.map((event) => event.processedCount)).toEqual([40]);
  });

  it('follows a leader of an app version before lead terms (its messages carry no term: 0), until a tab of this version takes the lead', async () => {
    // A tab open since before the deploy holds the lock and speaks the old protocol.
    const old = bed.browser.tab('old-version');
    let release!: () => void;
    void old.locks.request(LEADER_LOCK, {}, () => new Promise<void>((done) => (release = done)));
    const channel = old.ports().openChannel(HUB_CHANNEL, () => undefined);
    await settle();
    const [b] = bed.open(1);
    b!.hub.joinAlbumGroup('album-2');
    b!.hub.start();
    await settle();

    channel.postMessage({ kind: 'leader', tabId: 'old-version' });
    channel.postMessage({
      kind: 'state',
      tabId: 'old-version',
      state: { status: 'Connected', lastError: null, nextRetryAt: null },
    });
    channel.postMessage({
      kind: 'joined',
      tabId: 'old-version',
      reconnect: false,
      albums: { [b!.page.tabId]: ['album-2'] },
    });
    channel.postMessage({
      kind: 'events',
      tabId: 'old-version',
      events: [{ name: 'PhotoSyncProgress', payload: progress('album-2', 20) }],
    });
    await settle();

    expect(b!.hub.droppedEventCount()).toBe(0);
    expect(b!.status).toBe('Connected');
    expect(b!.hub.isAlbumJoined('album-2')).toBe(true);
    expect(b!.progress.map((event) => event.processedCount)).toEqual([20]);

    // The old tab closes: this version's tab leads under a term above 0, and the old
    // tab's late words are an earlier lead's.
    channel.postMessage({ kind: 'bye', tabId: 'old-version' });
    release();
    await settle();
    expect(b!.hub.isLeader()).toBe(true);
    channel.postMessage({
      kind: 'events',
      tabId: 'old-version',
      events: [{ name: 'PhotoSyncProgress', payload: progress('album-2', 25) }],
    });
    b!.connection!.emit('PhotoSyncProgress', progress('album-2', 30));
    await settle();
    expect(b!.progress.map((event) => event.processedCount)).toEqual([20, 30]);
  });
});
