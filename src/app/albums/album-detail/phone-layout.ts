import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/**
 * A phone's width (Material's handset breakpoint; the viewer's full-screen rule in
 * `styles.scss` and the album page's styles use the same): there the album page scrolls
 * once, the photo grid with it, so the grid comes last.
 */
export const phoneWidth = '(max-width: 599.98px)';

/** Whether the screen is a phone's width now, following it (call in an injection context). */
export function injectPhoneWidth(): Signal<boolean> {
  const breakpoints = inject(BreakpointObserver);
  return toSignal(breakpoints.observe(phoneWidth).pipe(map((state) => state.matches)), {
    initialValue: breakpoints.isMatched(phoneWidth),
  });
}
