import { fakeOwnedLinkPorts, type FakeHubConnection } from './fake-hub-connection.testing';
import type { JoinRound } from './hub-link';
import { OwnedHubLink } from './owned-hub-link';
import { TabLink } from './tab-link';
import { FakeBrowser, type FakeTab } from './tab-sharing.testing';

/** The tab link's roles, driven directly: two tabs of one fake browser, no Angular. */
describe('TabLink', () => {
  let browser: FakeBrowser;

  const settle = async () => {
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1);
  };

  function open(tabId: string) {
    const tab: FakeTab = browser.tab(tabId);
    const connections: FakeHubConnection[] = [];
    const owned = new OwnedHubLink(fakeOwnedLinkPorts((made) => connections.push(made)));
    const link = new TabLink(tab.ports(), owned, {
      isSignedIn: () => true,
      sessionEnded: () => false,
      dropped: () => undefined,
    });
    const rounds: JoinRound[] = [];
    link.rounds$.subscribe((round) => rounds.push(round));
    return { tab, link, owned, connections, rounds };
  }

  /** Tab a shows album-1 and leads; tab b shows album-2 and follows. */
  async function twoTabs() {
    const a = open('a');
    const b = open('b');
    expect(a.link.role.kind).toBe('stopped');
    a.link.follow(new Set(['album-1']));
    b.link.follow(new Set(['album-2']));
    a.link.start();
    await settle();
    b.link.start();
    await settle();
    return { a, b };
  }

  beforeEach(() => {
    vi.useFakeTimers();
    browser = new FakeBrowser();
  });
  afterEach(() => vi.useRealTimers());

  it('leads with its owned link, or follows the leader: one connection, each tab told of its own joins', async () => {
    const { a, b } = await twoTabs();
    expect(a.link.role.kind).toBe('leading');
    expect(b.link.role).toEqual({ kind: 'following', heard: 'connected' });
    expect(b.connections).toEqual([]);
    expect(new Set(a.owned.joinedAlbumIds())).toEqual(new Set(['album-1', 'album-2']));
    expect(a.link.joinedAlbumIds()).toEqual(['album-1']);
    expect(b.link.joinedAlbumIds()).toEqual(['album-2']);
    expect(b.rounds).toContainEqual({ kind: 'joined', albumIds: ['album-2'], reconnect: false });
  });

  it('hands the lead over when the leader hibernates, and comes back from the cache as a follower with a reconnect round', async () => {
    const { a, b } = await twoTabs();
    a.tab.fire('pagehide', { persisted: true });
    a.link.hibernate();
    expect(a.link.role.kind).toBe('hibernating');
    expect(a.owned.phase.kind).toBe('stopped');
    await settle();
    expect(b.link.role.kind).toBe('leading');
    expect(b.owned.phase.kind).toBe('live');
    a.link.wake();
    a.tab.fire('pageshow', { persisted: true });
    expect(a.link.role).toEqual({ kind: 'following', heard: 'restored' });
    await settle();
    expect(a.link.role).toEqual({ kind: 'following', heard: 'connected' });
    expect(a.rounds).toContainEqual({ kind: 'joined', albumIds: ['album-1'], reconnect: true });
    expect(a.link.joinedAlbumIds()).toEqual(['album-1']);
  });
});
