import type { ChannelLike, LocksLike } from './browser-notifier';

// Tests only: the browser's BroadcastChannel and Web Locks, as the notifier sees them.

/** BroadcastChannel as browsers have it: asynchronous, never back to the sender, dead once closed. */
export class FakeBus {
  private readonly members = new Set<ChannelLike>();
  open(): ChannelLike {
    let open = true;
    const channel: ChannelLike = {
      onmessage: null,
      postMessage: (data) => {
        if (!open) throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
        const copy = structuredClone(data);
        for (const other of this.members) {
          if (other !== channel) queueMicrotask(() => other.onmessage?.({ data: copy }));
        }
      },
      close: () => {
        open = false;
        this.members.delete(channel);
      },
    };
    this.members.add(channel);
    return channel;
  }
}

/** One exclusive lock, granted in request order, as Web Locks do. */
export class FakeLocks implements LocksLike {
  private held = false;
  private readonly queue: (() => void)[] = [];
  request(_name: string, callback: () => Promise<void>): Promise<void> {
    return new Promise((done) => {
      const run = () => {
        this.held = true;
        void callback().then(() => {
          this.held = false;
          done();
          this.queue.shift()?.();
        });
      };
      if (this.held) this.queue.push(run);
      else run();
    });
  }
}

export const flush = () => new Promise((done) => setTimeout(done, 0));
