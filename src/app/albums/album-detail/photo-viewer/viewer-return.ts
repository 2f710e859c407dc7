import { Injectable, signal } from '@angular/core';
import type { ViewerPlace } from './photo-viewer';

/**
 * Where the viewer was when it closed, for the album page to put the focus back on that
 * photo's tile (scrolling to it first: after walking three pages, the tile the viewer was
 * opened from is not the one to return to); and whether the viewer has had its first look
 * (see {@link viewerSettled}). Provided by the album page.
 */
@Injectable()
export class ViewerReturn {
  private readonly closedAtPlace = signal<ViewerPlace | null>(null);
  readonly closedAt = this.closedAtPlace.asReadonly();
  private readonly settledOnce = signal(false);
  /** The viewer's first photo has painted, or it had none to show, or it closed. Stays true. */
  readonly settled = this.settledOnce.asReadonly();

  viewerSettled(): void {
    this.settledOnce.set(true);
  }

  closed(place: ViewerPlace): void {
    this.closedAtPlace.set({ ...place }); // a new object each time, so the same place twice focuses twice
  }
}
