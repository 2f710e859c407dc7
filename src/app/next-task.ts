/** The part of the Prioritized Task Scheduling API used here (Chromium 129+, Firefox 142+). */
interface TaskScheduler {
  yield(): Promise<void>;
}

/**
 * Resolves in a new task: what follows runs after the browser has had its turn (input,
 * a paint), so that one long task becomes two. `scheduler.yield()` where the browser has
 * it (the continuation goes before other queued tasks), else a zero-delay timeout.
 */
export function nextTask(
  scope: { scheduler?: TaskScheduler; setTimeout(callback: () => void): unknown } = globalThis,
): Promise<void> {
  if (typeof scope.scheduler?.yield === 'function') return scope.scheduler.yield();
  return new Promise((resolve) => scope.setTimeout(resolve));
}
