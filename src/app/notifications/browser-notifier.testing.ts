import type { ChannelLike } from './browser-notifier';

// Tests only: the browser's BroadcastChannel, as the notifier sees it.

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

export const flush = () => new Promise((done) => setTimeout(done, 0));
