import { InjectionToken, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import type { Observable } from 'rxjs';
import { whenIdle } from '../../notifications/when-idle';

/** When the browser is next idle after the first paint (a token so that tests say when). */
export const IDLE_TIME = new InjectionToken<() => Observable<void>>('IDLE_TIME', {
  providedIn: 'root',
  factory: () => whenIdle,
});

/**
 * Whether the album page shows its body (workflow, tags, photos, activity). At once, but
 * for a page that opens under its viewer (a deep link, a reload): there the viewer is the
 * first screen, and the page beneath it waits for idle time, so that its render is not
 * part of the viewer's first long task (issue 22's Total Blocking Time). It is there long
 * before the viewer closes onto it. For the album page's own component (its route).
 */
export function injectPageBeneathViewer(): Signal<boolean> {
  const openedUnderViewer = inject(ActivatedRoute).snapshot.firstChild !== null;
  const shown = signal(!openedUnderViewer);
  if (openedUnderViewer) {
    inject(IDLE_TIME)()
      .pipe(takeUntilDestroyed())
      .subscribe(() => shown.set(true));
  }
  return shown.asReadonly();
}
