import { Observable } from 'rxjs';

/** The longest the browser may put off an idle-time start (ms). */
export const IDLE_TIMEOUT_MS = 2000;

/**
 * Emits once, then completes, when the browser is next idle (at most
 * {@link IDLE_TIMEOUT_MS} from now); a timeout where `requestIdleCallback` is missing
 * (Safari). For work the first screen does not need.
 */
export function whenIdle(view: Window | undefined = globalThis.window): Observable<void> {
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
