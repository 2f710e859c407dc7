import { LEADER_LOCK, TabLeadership, tabLockName, type LockManagerLike } from './tab-leadership';
import { FakeBrowser } from './tab-sharing.testing';

describe('TabLeadership.holdsLead: whether this tab holds the leader lock, as the lock manager says', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const answer = async (leadership: TabLeadership) => {
    const holds = leadership.holdsLead();
    await vi.advanceTimersByTimeAsync(5);
    return holds;
  };

  it('says yes while it holds the lock, no once another tab stole it (before its AbortError arrives)', async () => {
    const browser = new FakeBrowser({ stealAbortDelayMs: 1_000 });
    const leadership = new TabLeadership(browser.tab('a').locks, 'a');
    leadership.holdTabLock(() => undefined);
    leadership.stand(
      () => undefined,
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(leadership.isLeader()).toBe(true);
    expect(await answer(leadership)).toBe(true);

    void browser
      .tab('b')
      .locks.request(LEADER_LOCK, { steal: true }, () => new Promise(() => undefined));
    await vi.advanceTimersByTimeAsync(5);

    expect(leadership.isLeader()).toBe(true); // the AbortError is on its way
    expect(await answer(leadership)).toBe(false);
  });

  it('cannot tell while its own lock is not granted, nor when the lock manager fails', async () => {
    // Its own lock's request reaches the lock manager late (the browser orders nothing).
    const browser = new FakeBrowser({
      lockRequestDelayMs: (tabId, name) => (name === tabLockName(tabId) ? 100 : 0),
    });
    const waiting = new TabLeadership(browser.tab('a').locks, 'a');
    waiting.holdTabLock(() => undefined);
    expect(await answer(waiting)).toBeNull();

    const failing: LockManagerLike = {
      request: () => new Promise(() => undefined),
      query: () => Promise.reject(new DOMException('The operation is insecure.', 'SecurityError')),
    };
    expect(await answer(new TabLeadership(failing, 'c'))).toBeNull();
  });
});
