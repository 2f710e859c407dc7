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
});
