import { Injectable, InjectionToken, Injector, inject } from '@angular/core';
import type { MatSnackBar } from '@angular/material/snack-bar';
import { formatCount, plural } from '../i18n/formats';

/** "Last news (and 3 more updates)". */
function moreUpdates(last: string, more: number): string {
  const count = formatCount(more);
  return plural(more, {
    one: () => $localize`${last}:last: (and ${count}:count: more update)`,
    other: () => $localize`${last}:last: (and ${count}:count: more updates)`,
  });
}

export type ToastKind = 'info' | 'error';

/** Messages arriving this close together become one toast. */
export const TOAST_BURST_MS = 300;
/** At least this long between two toasts, so a busy album never storms. */
export const TOAST_MIN_INTERVAL_MS = 1500;
export const TOAST_DURATION_MS = 5000;

/** Loads the snack bar's chunk; tests provide a failing one. */
export const SNACK_BAR_LOADER = new InjectionToken<() => Promise<typeof MatSnackBar>>(
  'Snack bar loader',
  {
    providedIn: 'root',
    factory: () => () => import('@angular/material/snack-bar').then((m) => m.MatSnackBar),
  },
);

/**
 * The one way the app shows toasts (MatSnackBar, announced politely). Bursts are
 * coalesced: repeats are dropped and several messages become one summary toast.
 * The snack bar (and the overlay machinery under it) loads with the first toast,
 * keeping it out of the initial bundle.
 */
@Injectable({ providedIn: 'root' })
export class ToastService {
  private readonly injector = inject(Injector);
  private readonly loadSnackBarClass = inject(SNACK_BAR_LOADER);
  private snackBar: Promise<MatSnackBar> | null = null;
  private pending: { message: string; kind: ToastKind }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastShownAt = Number.NEGATIVE_INFINITY;

  show(message: string, kind: ToastKind = 'info'): void {
    if (this.pending.some((toast) => toast.message === message)) return;
    this.pending.push({ message, kind });
    if (this.timer !== null) return;
    const wait = Math.max(TOAST_BURST_MS, this.lastShownAt + TOAST_MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  error(message: string): void {
    this.show(message, 'error');
  }

  private flush(): void {
    this.timer = null;
    const toasts = this.pending;
    this.pending = [];
    if (toasts.length === 0) return;
    const hasError = toasts.some((toast) => toast.kind === 'error');
    const text =
      toasts.length <= 2
        ? toasts.map((toast) => toast.message).join(' · ')
        : moreUpdates(toasts.at(-1)!.message, toasts.length - 1);
    this.lastShownAt = Date.now();
    this.loadSnackBar().then(
      (snackBar) =>
        snackBar.open(text, hasError ? $localize`Dismiss` : undefined, {
          duration: hasError ? TOAST_DURATION_MS * 2 : TOAST_DURATION_MS,
          politeness: 'polite',
          panelClass: hasError ? 'toast-error' : 'toast-info',
        }),
      // Offline while the chunk loads: this toast is lost (it was news, not state), the page
      // still shows the truth, and the next toast loads the chunk again.
      () => console.warn(`[toast] Could not show "${text}": the snack bar did not load.`),
    );
  }

  private loadSnackBar(): Promise<MatSnackBar> {
    this.snackBar ??= this.loadSnackBarClass().then(
      (snackBarClass) => this.injector.get(snackBarClass),
      (error: unknown) => {
        this.snackBar = null; // offline while loading: try again with the next toast
        throw error;
      },
    );
    return this.snackBar;
  }
}
