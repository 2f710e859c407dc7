import { Observable, switchMap } from 'rxjs';

/** The longest the browser may put off an idle-time start (ms), and the longest it waits to paint. */
export const IDLE_TIMEOUT_MS = 2000;

/**
 * Emits once, then completes, when the browser is next idle after the page's first
 * contentful paint (the browser may be idle before it, waiting for the first screen's
 * chunk). For work the first screen does not need.
 */
export function whenIdle(view: Window | undefined = globalThis.window): Observable<void> {
  return whenPainted(view).pipe(switchMap(() => idleCallback(view)));
}

/**
 * Emits once the page has painted content (at once if it already has), or after
 * {@link IDLE_TIMEOUT_MS} at most: a tab opened in the background does not paint. At once
 * where the browser does not report paints.
 */
export function whenPainted(view: Window | undefined = globalThis.window): Observable<void> {
  return new Observable<void>((subscriber) => {
    const done = () => {
      subscriber.next();
      subscriber.complete();
    };
    const Observer = (view as (Window & typeof globalThis) | undefined)?.PerformanceObserver;
    if (!Observer?.supportedEntryTypes?.includes('paint')) {
      done();
      return;
    }
    const observer = new Observer((entries) => {
      if (entries.getEntriesByName('first-contentful-paint').length > 0) done();
    });
    observer.observe({ type: 'paint', buffered: true });
    const timeout = setTimeout(done, IDLE_TIMEOUT_MS);
    return () => {
      observer.disconnect();
      clearTimeout(timeout);
    };
  });
}

/**
 * Emits once, then completes, when the browser is next idle (at most
 * {@link IDLE_TIMEOUT_MS} from now); a timeout where `requestIdleCallback` is missing
 * (Safari).
 */
function idleCallback(view: Window | undefined): Observable<void> {
  return new Observable<void>((subscriber) => {
    const done = () => {
      subscriber.next();
      subscriber.complete();
    };
    if (view?.requestIdleCallback) {
      const handle = view.requestIdleCallback(done, { timeout: IDLE_TIMEOUT_MS });
      return () => view.cancelIdleCallback(handle);
    }
    const handle = setTimeout(done, IDLE_TIMEOUT_MS / 4);
    return () => clearTimeout(handle);
  });
}
