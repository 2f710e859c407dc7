import { DOCUMENT, Injectable, inject, signal } from '@angular/core';

/** Whether the photographer can see this tab (the Page Visibility API), as a signal. */
@Injectable({ providedIn: 'root' })
export class TabVisibility {
  private readonly document = inject(DOCUMENT);
  private readonly visibleNow = signal(this.document.visibilityState !== 'hidden');
  readonly visible = this.visibleNow.asReadonly();

  constructor() {
    this.document.addEventListener('visibilitychange', () =>
      this.visibleNow.set(this.document.visibilityState !== 'hidden'),
    );
  }
}
