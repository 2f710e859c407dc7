import { ScrollingModule, type CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { NgTemplateOutlet } from '@angular/common';
import {
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  output,
  untracked,
  viewChild,
} from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { photoCount, pickedByClientCount } from '../../../i18n/formats';
import { TagTypePipe } from '../../../i18n/label.pipes';
import { tagLabel } from '../../../i18n/labels';
import type { Photo } from '../../../api/models';
import { injectPhoneWidth } from '../phone-layout';
import type { ViewerPlace } from '../photo-viewer/photo-viewer';
import { PlainLinks } from '../../plain-link';
import { injectHostWidth } from '../../host-width';

/** One place of a row: its photo (null while its page loads) and the photo's viewer URL. */
type Tile =
  | { readonly index: number; readonly photo: Photo; readonly url: string }
  | { readonly index: number; readonly photo: null; readonly url: null };

const tileMinWidth = 112;
const gap = 8;
/** One row of tiles: a 120 px photo, its 24 px file name and an 8 px gap. */
export const photoRowHeight = 152;

export interface PhotoRange {
  /** 0-based positions, inclusive. */
  readonly first: number;
  readonly last: number;
}

/**
 * The photos of one tag, virtual-scrolled by rows so a 10,000-photo tag keeps a few
 * hundred DOM nodes. Says which positions are on screen; the store fetches them.
 */
@Component({
  selector: 'app-photo-grid',
  imports: [ScrollingModule, NgTemplateOutlet, TagTypePipe],
  templateUrl: './photo-grid.html',
  styleUrl: './photo-grid.scss',
})
export class PhotoGrid {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  /** The album's `photos/` path, as RouterLink would make it relative to this route. */
  private readonly photosPath = this.router.serializeUrl(
    this.router.createUrlTree(['photos'], { relativeTo: this.route }),
  );
  protected readonly links = inject(PlainLinks);
  /** Tiles on a first screen (two rows at desktop width): fetched at once, not lazily. */
  protected readonly firstScreenTiles = 8;

  /** One slot per position of the tag: the photo, or null while its page loads. */
  readonly slots = input.required<readonly (Photo | null)[]>();
  /** The tag shown; a new tag starts the grid over. */
  readonly tagId = input.required<string>();
  /** The tag's type, for names ("Raw photos"). */
  readonly tagType = input.required<string>();
  readonly loading = input(false);
  /** How many photos the client picked, as the server counts them (never the loaded pages). */
  readonly pickedCount = input<number | null>(null);
  /** The photo whose tile takes the focus (the viewer closed on it): scrolled to, then focused. */
  readonly focusPlace = input<ViewerPlace | null>(null);
  readonly rangeViewed = output<PhotoRange>();
  protected readonly listLabel = computed(() => {
    const type = tagLabel(this.tagType());
    return $localize`${type}:type: photos`;
  });

  protected readonly rowHeight = photoRowHeight;
  private readonly viewport = viewChild<CdkVirtualScrollViewport>('viewport');
  /** On a phone the grid scrolls with the page, not in a box inside the scrolling page. */
  protected readonly phone = injectPhoneWidth();
  /** Null until the browser has laid the grid out (host-width.ts): no rows until then. */
  private readonly width = injectHostWidth();
  protected readonly columns = computed(() =>
    Math.max(2, Math.floor(((this.width() ?? 0) + gap) / (tileMinWidth + gap))),
  );
  protected readonly gridColumns = computed(() => `repeat(${this.columns()}, minmax(0, 1fr))`);
  private readonly slotCount = computed(() => this.slots().length);
  protected readonly countLabel = computed(() => photoCount(this.slotCount()));
  protected readonly pickedLabel = computed(() => {
    const picked = this.pickedCount();
    return picked ? pickedByClientCount(picked) : null;
  });
  protected readonly rows = computed(() => {
    if (this.width() === null) return [];
    const rows = Math.ceil(this.slots().length / this.columns());
    return Array.from({ length: rows }, (_, index) => index);
  });

  protected readonly trackRow = (_: number, row: number) => row;
  private lastRange: PhotoRange | null = null;

  constructor() {
    effect(() => {
      this.tagId();
      untracked(() => {
        this.lastRange = null;
        // Back to the first photos, if the photographer had scrolled past them: in the page's
        // scroll, to the grid's top clear of the sticky top bar (its scroll margin).
        const viewport = this.viewport();
        if (viewport && viewport.measureScrollOffset('top') > 0) {
          if (this.phone()) this.host.nativeElement.scrollIntoView({ block: 'start' });
          else viewport.scrollToOffset(0);
        }
        this.reportRange();
      });
    });
    effect(() => {
      const place = this.focusPlace();
      if (place) untracked(() => this.focusTile(place));
    });
    // New slots (the tag grew while syncing) or a new width (the first one included): say
    // what is on screen again.
    effect(() => {
      if (this.slotCount() >= 0 && this.columns() > 0) untracked(() => this.reportRange());
    });
  }

  private focusLoop = 0;

  /**
   * Scrolls to the photo's row once the grid has that many photos, then focuses its tile
   * when its page has loaded and its row is rendered: both come later, so it looks each
   * frame, for up to about ten seconds.
   */
  private focusTile(place: ViewerPlace): void {
    const loop = ++this.focusLoop;
    let scrolled = false;
    let frames = 0;
    const step = () => {
      if (loop !== this.focusLoop || frames++ > 600) return;
      const tile = this.host.nativeElement.querySelector<HTMLElement>(
        `[data-photo-id="${CSS.escape(place.photoId)}"]`,
      );
      if (tile) {
        tile.focus();
        return;
      }
      const viewport = this.viewport();
      if (!scrolled && viewport && place.index !== null && this.slots().length > place.index) {
        this.scrollToRow(Math.floor(place.index / this.columns()));
        scrolled = true;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  /**
   * Puts a row in the middle of what shows. In the page's scroll (a phone) offsets count from
   * the document's top, where the grid starts below the panels (the CDK's `scrollToIndex`
   * leaves that out).
   */
  private scrollToRow(row: number): void {
    const viewport = this.viewport();
    if (!viewport) return;
    const start = this.phone() ? viewport.measureViewportOffset('top') : 0;
    const centred =
      row * photoRowHeight - Math.max(0, (viewport.getViewportSize() - photoRowHeight) / 2);
    viewport.scrollToOffset(start + Math.max(0, centred));
  }

  protected tilesOf(row: number): Tile[] {
    const columns = this.columns();
    const slots = this.slots();
    const tiles: Tile[] = [];
    for (let index = row * columns; index < Math.min(slots.length, (row + 1) * columns); index++) {
      const photo = slots[index];
      tiles.push(
        photo ? { index, photo, url: this.viewerUrl(photo.id) } : { index, photo: null, url: null },
      );
    }
    return tiles;
  }

  /** The photo in the viewer, walking this tag: a plain link's URL (see plain-link.ts). */
  private viewerUrl(photoId: string): string {
    const tag = encodeURIComponent(this.tagId());
    return `${this.photosPath}/${encodeURIComponent(photoId)}?tag=${tag}`;
  }

  protected reportRange(): void {
    const columns = this.columns();
    const range = this.viewport()?.getRenderedRange() ?? { start: 0, end: 6 };
    const end = Math.max(range.end, range.start + 6);
    const next = { first: range.start * columns, last: end * columns - 1 };
    if (this.lastRange?.first === next.first && this.lastRange.last === next.last) return;
    this.lastRange = next;
    this.rangeViewed.emit(next);
  }
}
