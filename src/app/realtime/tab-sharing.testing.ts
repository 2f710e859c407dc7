import type { LockManagerLike } from './tab-leadership';
import type { ChannelLike, PageLifecycle, TabSharingPorts } from './tab-sharing-ports';

// Tests only. One browser profile's Web Locks and BroadcastChannels, as awkward as the real
// ones: locks are granted in request order and asynchronously (a task later); a lock is
// released when its callback's promise settles, or when its tab goes; `steal` rejects the
// holder's request with an AbortError; an abort signal withdraws a pending request.
// Messages are structured-cloned and delivered a task later, in the order they were posted
// (as a real BroadcastChannel does for one sender), never to the posting channel, and never
// to or from a tab that is gone or frozen.
// The browser does not order a steal's AbortError against messages the new holder posts
// (they come from different task sources): `stealAbortDelayMs` lets the new leader's
// messages reach the old holder before its AbortError does. Nor does it order a tab's lock
// requests against its messages (separate pipes to the browser process):
// `lockRequestDelayMs` lets a tab's request reach the lock manager after messages the tab
// posted later have been delivered and answered. Nor does it order one receiver's messages
// from two senders (each sender's are in order): `pickSender` chooses, at each delivery,
// whose oldest message a receiver gets next (by default, the oldest of all). And a tab's
// messages can be held in flight (`holdMessagesFrom`) and delivered late
// (`deliverHeld`), after other tabs' later ones: a former leader's, heard after its successor's.

const task = (work: () => void) => setTimeout(work, 0);
const abortError = () => new DOMException('The request was aborted.', 'AbortError');

interface LockRequest {
  readonly tab: FakeTab;
  readonly callback: (lock: { name: string } | null) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  granted: boolean;
}

export class FakeBrowser {
  private readonly held = new Map<string, LockRequest>();
  private readonly queues = new Map<string, LockRequest[]>();
  private readonly channels: { tab: FakeTab; name: string; receive: (data: unknown) => void }[] =
    [];
  /** Every message posted on any channel, in order (tests inspect the wire). */
  readonly posted: unknown[] = [];
  /**
   * Deliveries not yet made, oldest first. Each post queues its own task, but a task
   * delivers the oldest delivery, not its own: Vitest's fake timers run a 0 ms timer set
   * from inside a timer 1 ms later than one set from outside, which would otherwise let a
   * tab's later message overtake its earlier one.
   */
  private readonly inFlight: { readonly sender: FakeTab; readonly to: unknown; deliver(): void }[] =
    [];
  /** Tabs whose messages wait in flight until {@link deliverHeld}. */
  private readonly heldSenders = new Set<string>();

  constructor(
    private readonly options: {
      readonly stealAbortDelayMs?: number;
      /** How long a lock request of this tab for this lock takes to reach the lock manager. */
      readonly lockRequestDelayMs?: (tabId: string, name: string) => number;
      /**
       * Which sender's oldest waiting message `receiver` gets next: an index into `senders`
       * (tab ids, in the order their oldest waiting message was posted), taken modulo.
       */
      readonly pickSender?: (receiver: string, senders: readonly string[]) => number;
    } = {},
  ) {}

  tab(tabId: string): FakeTab {
    return new FakeTab(this, tabId);
  }

  /** Names of the locks held now, with the tab holding each. */
  heldLocks(): Record<string, string> {
    return Object.fromEntries([...this.held].map(([name, request]) => [name, request.tab.tabId]));
  }

  /** @internal */
  request(
    tab: FakeTab,
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: { name: string } | null) => unknown,
  ): Promise<unknown> {
    const delayMs = this.options.lockRequestDelayMs?.(tab.tabId, name) ?? 0;
    if (delayMs === 0) return this.enqueue(tab, name, options, callback);
    return new Promise((resolve) => setTimeout(resolve, delayMs)).then(() =>
      this.enqueue(tab, name, options, callback),
    );
  }

  private enqueue(
    tab: FakeTab,
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: { name: string } | null) => unknown,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (tab.gone) return; // a closed tab's requests never settle
      if (options.signal?.aborted) return reject(abortError());
      const request: LockRequest = { tab, callback, resolve, reject, granted: false };
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      if (options.steal) {
        const holder = this.held.get(name);
        this.held.delete(name);
        // The old holder hears of it when it runs again (a hung tab runs nothing).
        if (holder)
          setTimeout(
            () => holder.tab.deliver(() => holder.reject(abortError())),
            this.options.stealAbortDelayMs ?? 0,
          );
        queue.unshift(request);
      } else if (options.ifAvailable && (this.held.has(name) || queue.length > 0)) {
        task(() => Promise.resolve(callback(null)).then(resolve, reject));
        return;
      } else {
        queue.push(request);
      }
      options.signal?.addEventListener('abort', () => {
        if (request.granted) return;
        const index = queue.indexOf(request);
        if (index >= 0) queue.splice(index, 1);
        reject(abortError());
      });
      this.grant(name);
    });
  }

  /** @internal What the lock manager holds now (each tab its own client), answered as a lock is: a task later. */
  query(tab: FakeTab): Promise<{ held: { name: string; clientId: string }[] }> {
    return new Promise((resolve) =>
      task(() =>
        tab.deliver(() =>
          resolve({
            held: [...this.held].map(([name, request]) => ({
              name,
              clientId: `client-${request.tab.tabId}`,
            })),
          }),
        ),
      ),
    );
  }

  /** @internal */
  openChannel(tab: FakeTab, name: string, receive: (data: unknown) => void): ChannelLike {
    const entry = { tab, name, receive };
    this.channels.push(entry);
    let open = true;
    return {
      postMessage: (message) => {
        if (!open || tab.gone || tab.frozen) return;
        const copy = structuredClone(message);
        this.posted.push(copy);
        for (const other of this.channels) {
          if (other === entry || other.name !== name) continue;
          this.inFlight.push({
            sender: tab,
            to: other,
            deliver: () => {
              if (this.channels.includes(other) && !other.tab.gone)
                other.tab.deliver(() => other.receive(structuredClone(copy)));
            },
          });
          task(() => this.deliverNext(other, other.tab));
        }
      },
      close: () => {
        open = false;
        const index = this.channels.indexOf(entry);
        if (index >= 0) this.channels.splice(index, 1);
      },
    };
  }

  /** From now on, what `tabId` posts stays in flight (each sender's order kept) until {@link deliverHeld}. */
  holdMessagesFrom(tabId: string): void {
    this.heldSenders.add(tabId);
  }

  /** What `tabId` posted while held is delivered now, a task per message, in its order. */
  deliverHeld(tabId: string): void {
    this.heldSenders.delete(tabId);
    for (const delivery of this.inFlight.filter((each) => each.sender.tabId === tabId)) {
      const to = delivery.to as { tab: FakeTab };
      task(() => this.deliverNext(delivery.to, to.tab));
    }
  }

  /** One waiting message for `to` (its tab: `receiver`): the oldest, or of the sender `pickSender` names. */
  private deliverNext(to: unknown, receiver: FakeTab): void {
    const pick = this.options.pickSender;
    const free = (delivery: (typeof this.inFlight)[number]) =>
      !this.heldSenders.has(delivery.sender.tabId);
    if (!pick) {
      const index = this.inFlight.findIndex(free);
      if (index >= 0) this.inFlight.splice(index, 1)[0]!.deliver();
      return;
    }
    const waiting = this.inFlight.filter((delivery) => delivery.to === to && free(delivery));
    const senders = [...new Set(waiting.map((delivery) => delivery.sender))];
    if (senders.length === 0) return;
    const sender =
      senders[
        pick(
          receiver.tabId,
          senders.map((each) => each.tabId),
        ) % senders.length
      ];
    const next = waiting.find((delivery) => delivery.sender === sender)!;
    this.inFlight.splice(this.inFlight.indexOf(next), 1);
    next.deliver();
  }

  /** @internal The tab closed or crashed: its locks go, its requests and channels with it. */
  release(tab: FakeTab): void {
    for (const [name, request] of [...this.held]) {
      if (request.tab === tab) {
        this.held.delete(name);
        this.grant(name);
      }
    }
    for (const [name, queue] of this.queues) {
      this.queues.set(
        name,
        queue.filter((request) => request.tab !== tab),
      );
    }
    for (let i = this.channels.length - 1; i >= 0; i--)
      if (this.channels[i]!.tab === tab) this.channels.splice(i, 1);
  }

  private grant(name: string): void {
    task(() => {
      if (this.held.has(name)) return;
      const queue = this.queues.get(name) ?? [];
      const next = queue.shift();
      if (!next) return;
      next.granted = true;
      this.held.set(name, next);
      next.tab.deliver(() => {
        Promise.resolve()
          .then(() => next.callback({ name }))
          .then(next.resolve, next.reject)
          .finally(() => {
            if (this.held.get(name) === next) {
              this.held.delete(name);
              this.grant(name);
            }
          });
      });
    });
  }
}

/** One tab of the fake browser: its ports, and what can happen to it. */
export class FakeTab implements PageLifecycle {
  gone = false;
  frozen = false;
  visible = true;
  /** A hung tab runs nothing (not even message handlers) and fires no `freeze`. */
  hung = false;
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly browser: FakeBrowser,
    readonly tabId: string,
  ) {}

  readonly locks: LockManagerLike = {
    request: <T>(
      name: string,
      options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
      callback: (lock: { name: string } | null) => Promise<T> | T,
    ) => this.browser.request(this, name, options, callback) as Promise<T>,
    query: () => this.browser.query(this),
  };

  ports(): TabSharingPorts {
    return {
      tabId: this.tabId,
      locks: this.locks,
      openChannel: (name, receive) => this.browser.openChannel(this, name, receive),
      page: this,
    };
  }

  addEventListener(type: string, listener: (event: Event) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  isVisible(): boolean {
    return this.visible;
  }

  /** Closed or crashed with no goodbye: the browser frees its locks. */
  crash(): void {
    this.gone = true;
    this.browser.release(this);
  }

  /** The page lifecycle's freeze (Chrome fires `freeze`, then runs nothing until `resume`). */
  freeze(): void {
    this.fire('freeze');
    this.frozen = true;
  }

  resume(): void {
    this.frozen = false;
    this.fire('resume');
    for (const work of this.waiting.splice(0)) work();
  }

  /** A hung tab's long task ends: what the browser queued for it runs, in order. */
  wake(): void {
    this.hung = false;
    if (!this.frozen) for (const work of this.waiting.splice(0)) work();
  }

  fire(type: string, init: Record<string, unknown> = {}): void {
    const event = Object.assign(new Event(type), init);
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** @internal Work the browser gives this tab: held while frozen or hung. */
  deliver(work: () => void): void {
    if (this.gone) return;
    if (this.frozen || this.hung) this.waiting.push(work);
    else work();
  }
}
