import { ScrollingModule, type CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { SlicePipe } from '@angular/common';
import {
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterEveryRender,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { NavigationStart, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { filter } from 'rxjs';
import type { AlbumQuery, AlbumState } from '../../api/models';
import { AlbumListPageActions } from '../data-access/albums.actions';
import {
  selectAlbumListError,
  selectAlbumListStatus,
  selectAlbumListViewed,
  selectAlbumTotalCount,
} from '../data-access/albums.feature';
import { selectListedAlbumSlots } from '../data-access/listed-albums';
import { selectAlbumProgressById } from '../data-access/sync.feature';
import { AlbumCard } from './album-card/album-card';
import { AlbumFilters } from './album-filters/album-filters';
import { albumCount } from '../../i18n/formats';
import { CardRows } from './card-rows';
import { ListPlace, listQuery, readListPlace, writeListPlace } from './list-place';
import { injectHostWidth } from '../host-width';
import { ChunkOnClick } from '../../chunk-on-click';
import { injectAfterFirstPaint } from '../../after-paint';
import { HubStart } from '../../realtime/hub-start';
import { CREATE_ALBUM_DIALOG_LOADER } from './create-album-dialog/create-album-dialog-loader';

const searchDelayMs = 300;
/** Card grid: 240 px columns at least, 16 px apart; one column on a phone. */
const cardMinWidth = 240;
const gap = 16;
const phoneWidth = 520;
const rangeReportMs = 150;
/** Row heights (card and gap below it), as album-list.scss and album-card.scss lay them out. */
const rowHeight = { wide: 280, phone: 116 } as const;

/** How much of the window's top the sticky top bar (the page's banner) covers. */
const coveredTop = (): number =>
  Math.max(0, document.querySelector('[role="banner"]')?.getBoundingClientRect().bottom ?? 0);

/** Every album of the studio: search, filter by stage, create. */
@Component({
  selector: 'app-album-list',
  imports: [
    AlbumCard,
    ScrollingModule,
    SlicePipe,
    MatButtonModule,
    AlbumFilters,
    MatProgressBarModule,
  ],
  templateUrl: './album-list.html',
  styleUrl: './album-list.scss',
})
export class AlbumList {
  private readonly store = inject(Store);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  /** The create-album dialog's chunk, loaded on the first click. */
  protected readonly createDialog = new ChunkOnClick(
    inject(CREATE_ALBUM_DIALOG_LOADER),
    'The create-album dialog',
    'albums',
  );

  protected readonly slots = this.store.selectSignal(selectListedAlbumSlots);
  /** Covers on a first screen (a row at desktop width): fetched at once, not lazily. */
  protected readonly firstScreenCovers = 4;
  protected readonly status = this.store.selectSignal(selectAlbumListStatus);
  protected readonly error = this.store.selectSignal(selectAlbumListError);
  private readonly totalCount = this.store.selectSignal(selectAlbumTotalCount);
  protected readonly countLabel = computed(() => albumCount(this.totalCount()));
  private readonly viewed = this.store.selectSignal(selectAlbumListViewed);
  private readonly progressById = this.store.selectSignal(selectAlbumProgressById);

  private readonly place: ListPlace = readListPlace();
  protected readonly search = signal(this.place.search);
  protected readonly stage = signal<AlbumState | null>(this.place.stage);
  protected readonly filtered = computed(() => !!this.search().trim() || this.stage() !== null);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  // The grid, virtual-scrolled by rows in the window's scroll: a few rows of cards in the
  // DOM whatever the studio's size.
  private readonly viewport = viewChild<CdkVirtualScrollViewport>('viewport');
  /** Null until the browser has laid the list out: the grid waits for it (host-width.ts). */
  private readonly width = injectHostWidth();
  protected readonly measured = computed(() => this.width() !== null);
  // Read again with each width report (the list's width follows the window's): from the
  // width itself, not from `measured`, which stays true across reports.
  private readonly phone = computed(() => this.width() !== null && window.innerWidth <= phoneWidth);
  protected readonly rowHeight = computed(() => (this.phone() ? rowHeight.phone : rowHeight.wide));
  protected readonly columns = computed(() =>
    this.phone() ? 1 : Math.max(1, Math.floor(((this.width() ?? 0) + gap) / (cardMinWidth + gap))),
  );
  /** The position of each row's first card. */
  // The count alone, so that a page arriving does not hand the virtual scroll new rows.
  private readonly count = computed(() => this.slots().length);
  protected readonly rowStarts = computed(() => {
    const columns = this.columns();
    return Array.from({ length: Math.ceil(this.count() / columns) }, (_, row) => row * columns);
  });
  protected readonly trackRow = (_: number, start: number) => start;
  /** The rendered rows whose cards are made: a few more each frame (card-rows.ts). */
  protected readonly cardRows = new CardRows(() => {
    const viewport = this.viewport();
    if (!viewport) return null;
    return {
      rendered: viewport.getRenderedRange(),
      columns: this.columns(),
      slots: this.slots(),
      focus: this.viewed()?.first ?? null,
    };
  });
  /** Until the list has scrolled back to its place, it does not say what it shows. */
  private restored = false;
  private restoring = false;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.releaseTheHubOnceShown(destroyRef);
    afterEveryRender(() => this.cardRows.update());
    destroyRef.onDestroy(() => this.cardRows.stop());
    this.store.dispatch(
      AlbumListPageActions.opened({
        query: this.query(),
        start: this.place.first ?? undefined,
      }),
    );
    afterNextRender(() => {
      // A fling passes hundreds of rows: the list says where it is at most every
      // `rangeReportMs` (and where it stopped), not at every row it passes.
      let pending: ReturnType<typeof setTimeout> | undefined;
      const scrolled = () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          this.reportRange();
        }, rangeReportMs);
      };
      destroyRef.onDestroy(() => clearTimeout(pending));
      window.addEventListener('scroll', scrolled, { passive: true });
      destroyRef.onDestroy(() => window.removeEventListener('scroll', scrolled));
      // A card tapped within a report's wait after a scroll: the place is said as the
      // navigation starts, while the grid is still laid out, or the way back returns to
      // where the list was a scroll before.
      const leaving = this.router.events
        .pipe(filter((event) => event instanceof NavigationStart))
        .subscribe(() => {
          if (pending === undefined) return;
          clearTimeout(pending);
          pending = undefined;
          this.reportRange();
        });
      destroyRef.onDestroy(() => leaving.unsubscribe());
    });
    // Back to the place it had (a return from an album, or a reload) once its rows exist.
    effect(() => {
      const count = this.count();
      const viewport = this.viewport();
      const known = count > 0 || this.status() === 'loaded' || this.status() === 'error';
      if (this.restoring || !viewport || !this.width() || !known) return;
      this.restoring = true;
      const first = this.place.first ?? this.viewed()?.first ?? 0;
      untracked(() => this.scrollBackTo(viewport, Math.min(first, count - 1)));
    });
    // A new width or count (not a page landing: its cards take the places it had): say again
    // what is on screen.
    effect(() => {
      if (this.columns() > 0 && this.count() >= 0) untracked(() => this.reportRange());
    });
    destroyRef.onDestroy(() => {
      clearTimeout(this.searchTimer);
      // The list's albums stay followed a moment (a trip to an album and back), then not.
      this.store.dispatch(AlbumListPageActions.closed());
    });
  }

  /**
   * On a page opened here, the session's hub waits for this first screen
   * (realtime/hub-start.ts): its first answer painted and the covers fetched first
   * (`fetchpriority="high"`) in; or for the list to go away.
   */
  private releaseTheHubOnceShown(destroyRef: DestroyRef): void {
    const hubStart = inject(HubStart);
    const host: HTMLElement = inject(ElementRef).nativeElement;
    const answered = injectAfterFirstPaint(
      computed(() => this.status() === 'loaded' || this.status() === 'error'),
    );
    effect(() => {
      if (!answered()) return;
      const covers = host.querySelectorAll<HTMLImageElement>('img[fetchpriority="high"]');
      untracked(() => hubStart.releaseAfter([...covers]));
    });
    destroyRef.onDestroy(() => hubStart.release());
  }

  /**
   * Scrolls the window so that the row of `position` is at the top, under the top bar, once
   * the grid is tall enough to get there (its height comes a frame after its rows).
   */
  private scrollBackTo(viewport: CdkVirtualScrollViewport, position: number, frames = 0): void {
    const offset = Math.floor(position / this.columns()) * this.rowHeight() - coveredTop();
    if (position > 0) {
      viewport.checkViewportSize();
      viewport.scrollToOffset(offset);
    }
    const top = viewport.elementRef.nativeElement.getBoundingClientRect().top;
    if (position > 0 && Math.abs(top + offset) > 2 && frames < 30) {
      requestAnimationFrame(() => this.scrollBackTo(viewport, position, frames + 1));
      return;
    }
    this.restored = true;
    this.reportRange();
  }

  /**
   * The cards in the viewport, with a row before and after: those the list follows. The
   * viewport's top is measured against the window, whose scroll the grid shares.
   */
  protected reportRange(): void {
    const viewport = this.viewport();
    if (!this.restored || !viewport) return;
    const top = viewport.elementRef.nativeElement.getBoundingClientRect().top;
    const height = this.rowHeight();
    const columns = this.columns();
    const firstRow = Math.max(0, Math.floor(-top / height) - 1);
    const lastRow = Math.max(firstRow, Math.ceil((window.innerHeight - top) / height));
    const count = this.slots().length;
    const first = Math.min(firstRow * columns, Math.max(0, count - 1));
    const last = Math.max(first, Math.min((lastRow + 1) * columns - 1, count - 1));
    const viewed = this.viewed();
    if (viewed?.first !== first || viewed.last !== last) {
      this.store.dispatch(AlbumListPageActions.rangeViewed({ first, last }));
    }
    const topRow = Math.max(0, Math.floor((coveredTop() - top) / height));
    if (this.placeWritten !== topRow * columns) {
      this.placeWritten = topRow * columns;
      writeListPlace({ search: this.search(), stage: this.stage(), first: this.placeWritten });
    }
  }
  private placeWritten: number | null = null;

  protected progressOf(albumId: string): number | null {
    const progress = this.progressById()[albumId];
    return progress && progress.status === 'syncing' && progress.totalCount > 0
      ? Math.round(progress.fraction * 100)
      : null;
  }

  protected searchFor(text: string): void {
    this.search.set(text);
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.queryChanged(), searchDelayMs);
  }

  protected filterByStage(stage: AlbumState | null): void {
    this.stage.set(stage);
    this.queryChanged();
  }

  protected clearFilters(): void {
    this.search.set('');
    this.stage.set(null);
    this.queryChanged();
  }

  protected retry(): void {
    this.store.dispatch(AlbumListPageActions.refreshRequested());
  }

  protected async createAlbum(): Promise<void> {
    const openCreateAlbumDialog = await this.createDialog.get();
    if (!openCreateAlbumDialog) return;
    openCreateAlbumDialog(this.injector).subscribe((albumId) => {
      if (albumId) void this.router.navigate(['/albums', albumId]);
    });
  }

  private queryChanged(): void {
    clearTimeout(this.searchTimer);
    this.store.dispatch(AlbumListPageActions.queryChanged({ query: this.query() }));
    // A new search starts at the top.
    writeListPlace({ search: this.search(), stage: this.stage(), first: 0 });
    if (this.viewport()) (document.scrollingElement ?? document.documentElement).scrollTop = 0;
  }

  private query(): AlbumQuery {
    return listQuery(this.search(), this.stage());
  }
}
