/**
 * Group fan-out writes one message to hundreds of connections, and a busy hub writes
 * many messages in one turn of the event loop. Each transport queues what it is
 * given during the turn and writes it when the turn ends, as one transport frame
 * (one WebSocket frame, one Server-Sent Event) in one system call, instead of one
 * frame and one call per message: under load the batches grow by themselves; when
 * idle, nothing waits longer than the current turn.
 */
export interface Flushable {
  /** Writes everything queued so far; a no-op when nothing is queued. */
  flush(): void;
}

const pending = new Set<Flushable>();
const afterFlushHooks: (() => void)[] = [];
let flushScheduled = false;

/** Runs `hook` each time the end-of-turn flush has flushed everything (to drop caches). */
export function afterEachFlush(hook: () => void): void {
  afterFlushHooks.push(hook);
}

/** Has `target.flush()` called once the current turn of the event loop ends. */
export function flushAtEndOfTurn(target: Flushable): void {
  if (pending.has(target)) return;
  pending.add(target);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushAll);
  }
}

function flushAll(): void {
  flushScheduled = false;
  const targets = [...pending];
  pending.clear();
  for (const target of targets) target.flush();
  for (const hook of afterFlushHooks) hook();
}

/**
 * The records queued for one connection during a turn: the already-serialized
 * payloads (shared by every member of a group), joined once per connection when
 * the turn ends.
 */
export class RecordBatch<T> {
  #items: T[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get isEmpty(): boolean {
    return this.#items.length === 0;
  }

  add(item: T, size: number): void {
    this.#items.push(item);
    this.#size += size;
  }

  /** Empties the batch and returns what it held, oldest first. */
  take(): T[] {
    const items = this.#items;
    this.#items = [];
    this.#size = 0;
    return items;
  }
}
