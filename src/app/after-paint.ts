import { Injector, afterNextRender, effect, inject, signal, type Signal } from '@angular/core';

/**
 * Runs `callback` in a task after the browser's next paint: an animation frame comes just
 * before a paint, and a timeout set in it runs after that paint. A timeout alone where the
 * browser has no animation frames (a test's DOM).
 */
export function afterNextPaint(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') {
    requestAnimationFrame(() => setTimeout(callback));
  } else {
    setTimeout(callback);
  }
}

/**
 * True from the task after the first paint that showed `ready` true: what comes last on a
 * screen (below everything else, so that nothing moves when it arrives) follows the rest,
 * which paints in a task of its own (issue 22: the largest paint waits for no part below
 * it, and one long render task becomes two). Stays true. Call in an injection context.
 */
export function injectAfterFirstPaint(ready: Signal<boolean>): Signal<boolean> {
  const injector = inject(Injector);
  const painted = signal(false);
  let waiting = false;
  effect(() => {
    if (!ready() || waiting || painted()) return;
    waiting = true;
    afterNextRender(() => afterNextPaint(() => painted.set(true)), { injector });
  });
  return painted.asReadonly();
}
