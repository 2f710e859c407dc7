import { HubEventActions } from '../realtime/notification-hub.actions';
import { BrowserNotifier, PRESENCE_TTL_MS } from './browser-notifier';
import { FakeBus, flush } from './browser-notifier.testing';
import { albumNewsOf, type AlbumNewsItem } from './notification-rules';

/** Tabs on one channel, with the browser's election as the hub's lock runs it: the oldest live tab. */
function browser() {
  const bus = new FakeBus();
  let now = 0;
  const shown: { tab: string; item: AlbumNewsItem }[] = [];
  const live: BrowserNotifier[] = [];
  const tab = (tabId: string) => {
    const notifier = new BrowserNotifier({
      tabId,
      openChannel: () => bus.open(),
      now: () => now,
      notify: (item) => shown.push({ tab: tabId, item }),
    });
    notifier.start();
    live.push(notifier);
    live[0]!.elect(true);
    return notifier;
  };
  const close = (notifier: BrowserNotifier) => {
    notifier.elect(false);
    notifier.stop();
    live.splice(live.indexOf(notifier), 1);
    live[0]?.elect(true);
  };
  return { tab, close, shown, bus, advance: (ms: number) => (now += ms) };
}

const rated = (albumId: string, timestamp = '2026-12-02T04:00:00.000Z') =>
  albumNewsOf(
    HubEventActions.AlbumStateChanged({
      event: { albumId, oldState: 'Stock', newState: 'Rate', message: '', timestamp },
    }),
  )!;

describe('BrowserNotifier: one notification per event per browser', () => {
  it('tells news once, from the one notifier tab, however many tabs received it', async () => {
    const { tab, shown } = browser();
    const tabs = [tab('a'), tab('b'), tab('c')];
    await flush();
    expect(tabs.map((t) => t.isNotifier)).toEqual([true, false, false]);
    tabs[0].report({ albumId: 'x', visible: false });
    tabs[1].report({ albumId: null, visible: false });
    tabs[2].report({ albumId: 'x', visible: false });
    await flush();
    for (const t of tabs) t.offer(rated('x')); // every tab following x heard it
    await flush();
    expect(shown.map((s) => s.tab)).toEqual(['a']);
  });

  it('stays quiet while a seen tab shows the album, and tells when the only one is hidden', async () => {
    const { tab, shown } = browser();
    const [a, b] = [tab('a'), tab('b')];
    a.report({ albumId: null, visible: true }); // the album list, in front
    b.report({ albumId: 'x', visible: true });
    await flush();
    b.offer(rated('x', 't1'));
    await flush();
    expect(shown).toEqual([]);
    b.report({ albumId: 'x', visible: false }); // the photographer switched to Lightroom
    await flush();
    b.offer(rated('x', 't2'));
    await flush();
    expect(shown.map((s) => s.item.key)).toEqual([rated('x', 't2').key]);
  });

  it('tells when no tab shows the album at all', async () => {
    const { tab, shown } = browser();
    const a = tab('a');
    a.report({ albumId: 'y', visible: true });
    a.offer(rated('x'));
    await flush();
    expect(shown.length).toBe(1);
  });

  it('forgets a tab not heard from; the next tab elected asks where everyone is', async () => {
    const { tab, close, shown, advance } = browser();
    const [a, b] = [tab('a'), tab('b')];
    b.report({ albumId: 'x', visible: true });
    await flush();
    a.offer(rated('x', 't1'));
    await flush();
    expect(shown).toEqual([]);
    advance(PRESENCE_TTL_MS + 1); // b froze without a word
    a.offer(rated('x', 't2'));
    await flush();
    expect(shown.map((s) => s.tab)).toEqual(['a']);

    const c = tab('c');
    c.report({ albumId: 'x', visible: true });
    close(a);
    await flush();
    expect(b.isNotifier).toBe(true);
    await flush();
    // The new notifier asked where everyone is: c shows x, so nothing is told.
    b.offer(rated('x', 't3'));
    await flush();
    expect(shown.length).toBe(1);
  });

  it('drops a message from another tab that does not fit (another version, or a broken one)', async () => {
    const { tab, shown, bus } = browser();
    const a = tab('a');
    await flush();
    const stranger = bus.open();
    stranger.postMessage({ type: 'news', item: { albumId: 'x', key: 42 } });
    await flush();
    expect(shown).toEqual([]);
    expect(a.isNotifier).toBe(true);
  });
});
