import { InjectionToken, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { filter, switchMap, take, type Observable } from 'rxjs';
import { whenIdle } from '../../notifications/when-idle';
import { ViewerReturn } from './photo-viewer/viewer-return';

/** When the browser is next idle after the first paint (a token so that tests say when). */
export const IDLE_TIME = new InjectionToken<() => Observable<void>>('IDLE_TIME', {
  providedIn: 'root',
  factory: () => whenIdle,
});

/**
 * Whether the album page shows its body (workflow, tags, photos, activity). At once, but
 * for a page that opens under its viewer (a deep link, a reload): there the viewer is the
 * first screen, and the page beneath it waits until the viewer's photo has painted (or it
 * had none to show, or closed: {@link ViewerReturn.settled}), then for idle time, so that
 * its render is neither part of the viewer's first long task (issue 22's Total Blocking
 * Time) nor before the photo's paint (its LCP). It is there long before the viewer closes
 * onto it. For the album page's own component (its route), which provides ViewerReturn.
 */
export function injectPageBeneathViewer(): Signal<boolean> {
  const openedUnderViewer = inject(ActivatedRoute).snapshot.firstChild !== null;
  const shown = signal(!openedUnderViewer);
  if (openedUnderViewer) {
    const idleTime = inject(IDLE_TIME);
    toObservable(inject(ViewerReturn).settled)
      .pipe(
        filter(Boolean),
        take(1),
        switchMap(() => idleTime()),
        takeUntilDestroyed(),
      )
      .subscribe(() => shown.set(true));
  }
  return shown.asReadonly();
}
