import type { Signal } from '@angular/core';
import type { Store } from '@ngrx/store';
import { filter, firstValueFrom, map, switchMap, take, tap, type Observable } from 'rxjs';
import type { Page, Photo } from '../../api/models';
import { PhotoViewerActions } from './albums.actions';
import type { PhotoPages } from './photo-sequence';
import {
  heldPage,
  photosFeature,
  readSince,
  type PhotoPage,
  type PhotosState,
} from './photos.feature';

/** A page asked of the grid's store: there, failed, or still coming. */
type Answered =
  | { readonly kind: 'held'; readonly page: Page<Photo> }
  | { readonly kind: 'failed'; readonly error: unknown };
type Outcome = Answered | { readonly kind: 'waiting' };

/** The grid's store stopped holding the tag walked while a page of it was awaited. */
export class TagLeftError extends Error {}

/**
 * One tag's pages read through the grid's store, its one owner: a page held there and
 * read since the last `invalidate()` is used as it is; otherwise it is asked of the
 * grid's loader (`PhotoViewerActions.pageNeeded`), which reads it once however many ask,
 * and awaited in the store, so the viewer and the grid never read a page twice.
 */
export class GridPhotoPages implements PhotoPages {
  /** The grid's change count the pages must have been read since. */
  private since: number;

  constructor(
    private readonly store: Store,
    private readonly state: Signal<PhotosState>,
    /** When a page may be asked (after the album's join, see first-snapshot.ts). */
    private readonly whenToAsk: () => Observable<void>,
    readonly albumId: string,
    readonly tagId: string,
  ) {
    this.since = state().changes;
  }

  invalidate(): void {
    this.since = this.state().changes;
  }

  held(): ReadonlyMap<number, Page<Photo>> {
    const state = this.state();
    const held = new Map<number, Page<Photo>>();
    if (!this.holds(state)) return held;
    for (const [number, page] of Object.entries(state.pages)) {
      if (readSince(page, this.since)) held.set(Number(number), heldPage(state, page));
    }
    return held;
  }

  page(number: number): Promise<Page<Photo>> {
    const since = this.since;
    const now = this.outcome(this.state(), number, since);
    if (now.kind === 'held') return Promise.resolve(now.page);
    /** The page as it was when asked: a failure already there is what the ask reads past. */
    let asked: PhotoPage | undefined;
    return firstValueFrom(
      this.whenToAsk().pipe(
        tap(() => {
          asked = this.state().pages[number];
          // Reduced at once, or, dispatched while NgRx reduces another action (the join's),
          // after it: the store may still show the page as it was asked.
          this.store.dispatch(
            PhotoViewerActions.pageNeeded({
              albumId: this.albumId,
              tagId: this.tagId,
              page: number,
              since,
            }),
          );
        }),
        switchMap(() => this.store.select(photosFeature.selectPhotosState)),
        map((state) => {
          if (!this.holds(state)) throw new TagLeftError(`The grid left tag ${this.tagId}`);
          return this.outcome(state, number, since, asked);
        }),
        filter((outcome): outcome is Answered => outcome.kind !== 'waiting'),
        take(1),
        map((outcome) => {
          if (outcome.kind === 'failed') throw outcome.error;
          return outcome.page;
        }),
      ),
    );
  }

  private holds(state: PhotosState): boolean {
    return state.albumId === this.albumId && state.tagId === this.tagId;
  }

  /** `asked`: the page when it was asked for; its failure is not this ask's answer. */
  private outcome(state: PhotosState, number: number, since: number, asked?: PhotoPage): Outcome {
    if (!this.holds(state)) return { kind: 'waiting' };
    const page = state.pages[number];
    if (!page) return { kind: 'waiting' };
    if (readSince(page, since)) return { kind: 'held', page: heldPage(state, page) };
    if (page.status === 'error' && page !== asked && page.asOf >= since)
      return { kind: 'failed', error: page.error };
    return { kind: 'waiting' };
  }
}
