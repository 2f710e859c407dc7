/**
 * Group fan-out writes one message to hundreds of sockets, and a busy hub writes
 * many messages in one turn of the event loop. Corking a socket until the turn ends
 * sends everything written to it meanwhile in one system call, instead of one per
 * message: under load the batches grow by themselves; when idle, nothing waits
 * longer than the current turn.
 */
interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new Set<Corkable>();
let flushScheduled = false;

export function corkUntilEndOfTurn(stream: Corkable): void {
  if (corked.has(stream)) return;
  stream.cork();
  corked.add(stream);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(uncorkAll);
  }
}

function uncorkAll(): void {
  flushScheduled = false;
  const streams = [...corked];
  corked.clear();
  for (const stream of streams) stream.uncork();
}
