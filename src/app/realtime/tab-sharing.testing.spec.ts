import { FakeBrowser } from './tab-sharing.testing';

// The fake browser must keep the promises of the real one, or the tab-sharing property
// tests the fake: seeds 1263072934 and 1263082673 (FC_TAB_RUNS=2000) failed because a
// follower's `wants` posted from a timer arrived after the one it posted next, from the
// test, at the same fake millisecond (Vitest's fake timers run a 0 ms timer set inside a
// timer 1 ms late). The leader then kept the older, empty set: the shown album unjoined.

describe('FakeBrowser', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("delivers one tab's messages in the order it posted them, posted from a timer or not", async () => {
    const browser = new FakeBrowser();
    const received: unknown[] = [];
    const follower = browser
      .tab('follower')
      .ports()
      .openChannel('hub', () => undefined);
    browser
      .tab('leader')
      .ports()
      .openChannel('hub', (data) => received.push(data));

    setTimeout(() => follower.postMessage({ wants: [] }), 0); // as on hearing who leads
    await vi.advanceTimersByTimeAsync(0);
    follower.postMessage({ wants: ['a'] }); // then a view shows album a
    await vi.advanceTimersByTimeAsync(5);

    expect(received).toEqual([{ wants: [] }, { wants: ['a'] }]);
  });

  // Seeds 1086862367 and 650769153: the steal's AbortError ran in a tab hung before its lock
  // callback ran, so the tab, not yet leader, ignored it and left the line; the callback, run
  // on waking, then made it leader beside the thief. A hung tab runs nothing, and the browser
  // queues the rejection behind the callback (both are tasks of the Web Locks task source).
  it('a hung tab hears that its lock was stolen only when it wakes, after its lock callback', async () => {
    const browser = new FakeBrowser();
    const hung = browser.tab('hung');
    const heard: string[] = [];
    hung.hung = true;
    hung.locks
      .request('lock', {}, () => {
        heard.push('granted');
        return new Promise(() => undefined);
      })
      .catch(() => heard.push('stolen'));
    await vi.advanceTimersByTimeAsync(5);
    void browser.tab('thief').locks.request('lock', { steal: true }, () => undefined);
    await vi.advanceTimersByTimeAsync(5);
    expect(heard).toEqual([]);

    hung.wake();
    await vi.advanceTimersByTimeAsync(5);
    expect(heard).toEqual(['granted', 'stolen']);
  });

  it("holds a tab's messages in flight and delivers them late, in its order, after other tabs' later ones", async () => {
    const browser = new FakeBrowser();
    const received: unknown[] = [];
    const former = browser
      .tab('former')
      .ports()
      .openChannel('hub', () => undefined);
    const successor = browser
      .tab('successor')
      .ports()
      .openChannel('hub', () => undefined);
    browser
      .tab('follower')
      .ports()
      .openChannel('hub', (data) => received.push(data));

    browser.holdMessagesFrom('former');
    former.postMessage('former 1');
    former.postMessage('former 2');
    successor.postMessage('successor');
    await vi.advanceTimersByTimeAsync(5);
    expect(received).toEqual(['successor']);

    browser.deliverHeld('former');
    await vi.advanceTimersByTimeAsync(5);
    expect(received).toEqual(['successor', 'former 1', 'former 2']);
  });

  it('answers a query with the locks held and their holders, once the asking tab runs', async () => {
    const browser = new FakeBrowser();
    const holder = browser.tab('holder');
    const thief = browser.tab('thief');
    void holder.locks
      .request('lead', {}, () => new Promise(() => undefined))
      .catch(() => undefined);
    await vi.advanceTimersByTimeAsync(5);
    void thief.locks.request('lead', { steal: true }, () => new Promise(() => undefined));
    await vi.advanceTimersByTimeAsync(5);
    holder.hung = true;
    const answers: unknown[] = [];
    void holder.locks.query().then((answer) => answers.push(answer));
    await vi.advanceTimersByTimeAsync(5);
    expect(answers).toEqual([]);

    holder.wake();
    await vi.advanceTimersByTimeAsync(5);
    expect(answers).toEqual([{ held: [{ name: 'lead', clientId: 'client-thief' }] }]);
  });
});
