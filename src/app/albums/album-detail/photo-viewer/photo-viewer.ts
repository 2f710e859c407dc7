import {
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
  type Signal,
} from '@angular/core';
import { BreakpointObserver } from '@angular/cdk/layout';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Actions, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import { filter, map, throttleTime } from 'rxjs';
import { toApiError } from '../../../api/api-error';
import type { Photo } from '../../../api/models';
import { AlbumFollowingActions, PhotoViewerActions } from '../../data-access/albums.actions';
import type { PhotoSequence } from '../../data-access/photo-sequence';
import { TagPhotos } from '../../data-access/tag-photos';
import { selectAlbumTags } from '../../data-access/tags.feature';
import { CountPipe, TagTypePipe } from '../../../i18n/label.pipes';
import { afterNextPaint } from '../../../after-paint';

/** Where the viewer is: the tag it walks, the photo shown and its position. */
export interface ViewerPlace {
  readonly tagId: string;
  readonly photoId: string;
  readonly index: number | null;
}

export interface PhotoViewerData {
  readonly albumId: string;
  /** The photo the URL names. */
  readonly photoId: Signal<string>;
  /** The tag to walk (`?tag=`); the photo's own tag when absent. */
  readonly tagId: Signal<string | null>;
  /** Puts another photo in the URL (replacing it: Back leaves the viewer). */
  readonly show: (place: ViewerPlace) => void;
  /** Its first photo has painted, or it has none to show (the page beneath waits for it). */
  readonly settled: () => void;
}

export type ViewerState = 'loading' | 'shown' | 'gone' | 'failed';

/** How the viewer says to walk the tag: by swiping on a touch screen, by keys elsewhere. */
export type WalkHint = 'swipe' | 'keys';

/**
 * The hint under the viewer: only while a photo shows (a missing photo has nothing to walk),
 * in the words of the screen's main pointer: a phone or tablet swipes (and has no Esc key),
 * a mouse or trackpad has the arrow keys and Esc.
 */
export function walkHint(state: ViewerState, coarsePointer: boolean): WalkHint | null {
  if (state !== 'shown') return null;
  return coarsePointer ? 'swipe' : 'keys';
}

/** The screen's main pointer is a finger (a phone, a tablet). */
export const coarsePointer = '(pointer: coarse)';

/** A horizontal move of this many pixels is a swipe. */
const swipeDistance = 40;

/**
 * One photo, large, in a dialog (the whole screen on a phone): its file name, tag and pick;
 * the arrow keys, buttons and swipes walk the tag in order, fetching pages as they go.
 */
@Component({
  selector: 'app-photo-viewer',
  imports: [MatDialogModule, MatButtonModule, MatProgressBarModule, CountPipe, TagTypePipe],
  templateUrl: './photo-viewer.html',
  styleUrl: './photo-viewer.scss',
})
export class PhotoViewer {
  protected readonly data = inject<PhotoViewerData>(MAT_DIALOG_DATA);
  private readonly photos = inject(TagPhotos);
  private readonly store = inject(Store);
  private readonly tags = this.store.selectSignal(selectAlbumTags(this.data.albumId));

  protected readonly state = signal<ViewerState>('loading');
  protected readonly photo = signal<Photo | null>(null);
  protected readonly index = signal<number | null>(null);
  protected readonly total = signal<number | null>(null);
  /** Whether the photo's place in the tag is still being read (it shows before that). */
  protected readonly place = signal<'reading' | 'read'>('reading');
  protected readonly failure = signal<string | null>(null);
  private readonly walkedTagId = signal<string | null>(null);
  private readonly photoTagType = signal<string | null>(null);
  protected readonly tagType = computed(
    () =>
      this.tags().find((tag) => tag.id === this.walkedTagId())?.type ?? this.photoTagType() ?? '',
  );
  private readonly touch = toSignal(
    inject(BreakpointObserver)
      .observe(coarsePointer)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly walkHint = computed(() => walkHint(this.state(), this.touch()));
  protected readonly hasPrevious = computed(() => (this.index() ?? 0) > 0);
  protected readonly hasNext = computed(() => {
    const index = this.index();
    const total = this.total();
    return index !== null && total !== null && index + 1 < total;
  });

  private readonly sequences = new Map<string, PhotoSequence>();
  /** Each load's number: an answer for a photo no longer asked for is dropped. */
  private ticket = 0;
  private swipeStart: { x: number; y: number } | null = null;

  constructor() {
    effect(() => {
      const photoId = this.data.photoId();
      const tagId = this.data.tagId();
      untracked(() => {
        if (this.photo()?.id !== photoId || (tagId && tagId !== this.walkedTagId())) {
          void this.open(photoId, tagId);
        }
      });
    });
    // The dialog's container holds the focus: its keys, not this element's, walk the tag.
    inject(MatDialogRef)
      .keydownEvents()
      .pipe(
        filter((event) => event.key === 'ArrowLeft' || event.key === 'ArrowRight'),
        takeUntilDestroyed(),
      )
      .subscribe((event) => void this.move(event.key === 'ArrowLeft' ? -1 : 1, event));
    // A re-sync may remove the photo shown, or move the others: read them again.
    inject(Actions)
      .pipe(
        ofType(AlbumFollowingActions.photosStale),
        filter(({ albumId }) => albumId === this.data.albumId),
        throttleTime(1000, undefined, { leading: true, trailing: true }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() => {
        for (const sequence of this.sequences.values()) sequence.invalidate();
        const shown = this.photo();
        if (shown && this.state() === 'shown') void this.open(shown.id, this.walkedTagId(), true);
      });
  }

  protected async move(delta: 1 | -1, event?: Event): Promise<void> {
    event?.preventDefault();
    const index = this.index();
    const tagId = this.walkedTagId();
    if (index === null || tagId === null || this.state() !== 'shown') return;
    const ticket = ++this.ticket;
    const sequence = this.sequenceOf(tagId);
    try {
      const next = await sequence.at(index + delta);
      if (ticket !== this.ticket || !next) return;
      this.photo.set(next);
      this.index.set(index + delta);
      this.total.set(sequence.totalCount);
      this.data.show({ tagId, photoId: next.id, index: index + delta });
      // Ten photos before a page ends, the next one is asked for, so walking does not wait.
      void sequence.at(index + delta * 11).catch(() => undefined);
    } catch (error) {
      if (ticket === this.ticket) this.fail(error);
    }
  }

  protected swipeStarted(event: PointerEvent): void {
    this.swipeStart = { x: event.clientX, y: event.clientY };
  }

  protected swipeEnded(event: PointerEvent): void {
    const start = this.swipeStart;
    this.swipeStart = null;
    if (!start) return;
    const dx = event.clientX - start.x;
    if (Math.abs(dx) >= swipeDistance && Math.abs(dx) > Math.abs(event.clientY - start.y)) {
      void this.move(dx < 0 ? 1 : -1);
    }
  }

  protected retry(): void {
    void this.open(this.data.photoId(), this.data.tagId());
  }

  private async open(photoId: string, tagId: string | null, quietly = false): Promise<void> {
    const ticket = ++this.ticket;
    if (!quietly) this.state.set('loading');
    try {
      const detail = await this.photos.photo(this.data.albumId, photoId);
      if (ticket !== this.ticket) return;
      const walked = tagId ?? detail.albumTagId;
      // The photo shows as soon as it is known; its place in the tag (a page or more of
      // the tag to read) follows, and with it the position and the walk.
      if (!quietly) {
        this.index.set(null);
        this.place.set('reading');
      }
      this.walkedTagId.set(walked);
      // The grid beneath shows the tag walked (it closes onto it), and holds its pages.
      this.store.dispatch(
        PhotoViewerActions.tagWalked({ albumId: this.data.albumId, tagId: walked }),
      );
      this.photoTagType.set(detail.albumTagType);
      this.photo.set(detail);
      this.state.set('shown');
      const sequence = this.sequenceOf(walked);
      const index = await sequence.indexOf(detail);
      if (ticket !== this.ticket) return;
      this.index.set(index);
      this.total.set(sequence.totalCount);
      this.place.set('read');
      this.data.show({ tagId: walked, photoId: detail.id, index });
    } catch (error) {
      if (ticket === this.ticket) this.fail(error);
    }
  }

  /** The photo's image has loaded (or failed to): once it has painted, the viewer has settled. */
  protected photoLoaded(): void {
    afterNextPaint(() => this.data.settled());
  }

  private fail(error: unknown): void {
    this.data.settled();
    const apiError = toApiError(error);
    if (apiError.status === 404 || apiError.status === 400) {
      this.state.set('gone');
      return;
    }
    this.failure.set(apiError.message);
    this.state.set('failed');
  }

  private sequenceOf(tagId: string): PhotoSequence {
    let sequence = this.sequences.get(tagId);
    if (!sequence) {
      sequence = this.photos.sequence(this.data.albumId, tagId);
      this.sequences.set(tagId, sequence);
    }
    return sequence;
  }
}
