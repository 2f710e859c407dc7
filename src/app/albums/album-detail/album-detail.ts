import {
  Component,
  DestroyRef,
  Injector,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Title } from '@angular/platform-browser';
import { RouterLink, RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';
import type { AlbumTag, Transition } from '../../api/models';
import { isStoreKey } from '../../api/store-key';
import { photoCount as countOfPhotos } from '../../i18n/formats';
import { StagePipe, TagTypePipe } from '../../i18n/label.pipes';
import { clientStepSentence, stageLabel, triggerLabel } from '../../i18n/labels';
import { selectRefusedAlbums } from '../../realtime/connection.feature';
import { selectAlbumActivity } from '../data-access/activity.feature';
import { AlbumDetailPageActions } from '../data-access/albums.actions';
import {
  selectAlbum,
  selectAlbumError,
  selectAlbumStatus,
  selectClientTransitions,
  selectNextStepsKnown,
  selectOwnTransitions,
  selectPendingTrigger,
} from '../data-access/albums.feature';
import { selectAlbumPhotoSlots, selectAlbumPhotosLoading } from '../data-access/photos.feature';
import {
  selectAlbumProgress,
  selectAlbumSyncing,
  selectTagProgress,
  type SyncProgressView,
} from '../data-access/sync.feature';
import { albumTabTitle, unseenCount } from '../../notifications/tab-title';
import { TabVisibility } from '../../notifications/tab-visibility';
import { selectAlbumTags, selectSelectedTag } from '../data-access/tags.feature';
import { injectAlbumSelect } from './album-select';
import { ActivityFeed } from './activity-feed/activity-feed';
import { ClientPicks } from './client-picks/client-picks';
import type { ChangeFolderData } from './change-folder-dialog/change-folder-dialog';
import { ChunkOnClick } from '../../chunk-on-click';
import { CHANGE_FOLDER_DIALOG_LOADER } from './change-folder-dialog/change-folder-dialog-loader';
import { injectPhoneWidth } from './phone-layout';
import { injectPageBeneathViewer } from './page-beneath-viewer';
import { injectAfterFirstPaint } from '../../after-paint';
import { PhotoGrid, type PhotoRange } from './photo-grid/photo-grid';
import { ViewerReturn } from './photo-viewer/viewer-return';
import { albumPhotoCount, type TagProgress } from './sync-progress';
import { TagCard } from './tag-card/tag-card';
import { WorkflowStepper } from './workflow-stepper/workflow-stepper';

const tagBars = new WeakMap<SyncProgressView, TagProgress>();

/** A tag's run as its card's bar shows it; null when the tag never synced here. */
function tagBar(view: SyncProgressView): TagProgress | null {
  if (view.status === 'idle') return null;
  let bar = tagBars.get(view);
  if (!bar) {
    bar = {
      processedCount: view.processedCount,
      totalCount: view.totalCount,
      estimatedSecondsRemaining: view.etaSeconds,
      finished: view.status === 'completed',
    };
    tagBars.set(view, bar);
  }
  return bar;
}

export type DetailProblem = 'not-found' | 'forbidden' | 'failed' | null;

/** One album: its workflow, what the photographer can do next, its tags, photos and activity. */
@Component({
  selector: 'app-album-detail',
  providers: [ViewerReturn],
  imports: [
    RouterLink,
    RouterOutlet,
    NgTemplateOutlet,
    MatButtonModule,
    MatProgressBarModule,
    WorkflowStepper,
    TagCard,
    PhotoGrid,
    ActivityFeed,
    ClientPicks,
    StagePipe,
    TagTypePipe,
  ],
  templateUrl: './album-detail.html',
  styleUrl: './album-detail.scss',
})
export class AlbumDetail {
  private readonly store = inject(Store);
  private readonly injector = inject(Injector);
  /** The change-folder dialog's chunk, loaded on the first click (no part of the first screen). */
  protected readonly folderDialog = new ChunkOnClick(
    inject(CHANGE_FOLDER_DIALOG_LOADER),
    'The change-folder dialog',
    'albums',
  );
  private readonly title = inject(Title);

  /** From the route (`withComponentInputBinding()`). */
  readonly albumId = input.required<string>();
  /** An id no album can have (it would break the store's records): not found, never opened. */
  private readonly unusableId = computed(() => !isStoreKey(this.albumId()));
  /** This album's data, whatever other album the store holds. */
  private readonly select = injectAlbumSelect(this.albumId);
  protected readonly album = this.select(selectAlbum);
  protected readonly status = this.select(selectAlbumStatus);
  private readonly error = this.select(selectAlbumError);
  protected readonly ownTransitions = this.select(selectOwnTransitions);
  private readonly clientTransitions = this.select(selectClientTransitions);
  protected readonly pendingTrigger = this.select(selectPendingTrigger);
  protected readonly tags = this.select(selectAlbumTags);
  protected readonly selectedTag = this.select(selectSelectedTag);
  private readonly tagProgress = this.select(selectTagProgress);
  protected readonly activity = this.select(selectAlbumActivity);
  protected readonly photoSlots = this.select(selectAlbumPhotoSlots);
  protected readonly viewerClosedAt = inject(ViewerReturn).closedAt;
  private readonly nextStepsKnown = this.select(selectNextStepsKnown);
  private readonly pageBeneathShown = injectPageBeneathViewer();
  /**
   * The body waits for what can be done next (asked with the album: its answer landing
   * after the album's made the workflow panel grow, moving the panels below it), and for
   * idle time under a deep-linked viewer.
   */
  protected readonly bodyShown = computed(() => this.nextStepsKnown() && this.pageBeneathShown());
  protected readonly photosLoading = this.select(selectAlbumPhotosLoading);
  private readonly refusedAlbums = this.store.selectSignal(selectRefusedAlbums);
  private readonly refusal = computed(() => this.refusedAlbums()[this.albumId()] ?? null);

  /** What REST says, never the hub alone: a refusal does not reveal whether an album exists. */
  protected readonly problem = computed((): DetailProblem => {
    if (this.unusableId()) return 'not-found';
    if (this.status() !== 'error') return null;
    const status = this.error()?.status;
    if (status === 404 || status === 400) return 'not-found';
    if (status === 403) return 'forbidden';
    return 'failed';
  });
  /**
   * The client's picks, as the server counts them: the Rate tag holds the picked photos
   * (CONTRACT §3). Before Rate the server gives no count, so none is shown.
   */
  protected readonly clientPicks = computed(
    () => this.tags().find((tag) => tag.type === 'Rate')?.photoCount ?? null,
  );
  /** On a phone the page scrolls once, the photo grid with it: the grid comes last. */
  private readonly phone = injectPhoneWidth();
  /**
   * At Rate the point of the page is handing the client's picks off: the photos (with the
   * picks' count, Picked only, the copies and the list) come before the photo sets, so they
   * show without scrolling. By the stage alone: choosing another tag's photos never moves
   * the panels under the photographer's pointer. Not on a phone, where the grid comes last
   * (the photo sets below 2,400 photos would be out of reach).
   */
  protected readonly handOffFirst = computed(() => this.album()?.state === 'Rate' && !this.phone());
  /**
   * The photos panel, where it comes last (below the photo sets, or on a phone below the
   * activity), follows the rest of the body in the task after its first paint: the body's
   * first paint (the activity's text is a phone's largest) waits for no grid. Above the
   * photo sets it comes with them, or they would move down when it arrived.
   */
  private readonly photosLastShown = injectAfterFirstPaint(
    computed(() => this.album() !== null && this.bodyShown()),
  );
  protected readonly photosShown = computed(() => this.handOffFirst() || this.photosLastShown());
  /** The album shows, but the hub would not send its events: say it is not live. */
  protected readonly notLive = computed(() => this.refusal() !== null && this.album() !== null);
  protected readonly errorMessage = computed(() => this.error()?.message ?? null);

  /**
   * Each tag's bar, by tag id. Built once per progress batch (not per tag and render), and
   * a tag the batch left alone keeps its object, so its card is not checked again.
   */
  protected readonly progressByTag = computed(() => {
    const bars: Record<string, TagProgress> = {};
    for (const [tagId, view] of Object.entries(this.tagProgress())) {
      const bar = tagBar(view);
      if (bar) bars[tagId] = bar;
    }
    return bars;
  });

  /** The photos shot (the Raw tag's), not the backend's sum of every stage's copies: "2,400 photos". */
  protected readonly photoCount = computed(() => {
    const album = this.album();
    return countOfPhotos(album ? albumPhotoCount(album, this.tags(), this.progressByTag()) : 0);
  });

  /** A sync of the album runs now: the sync feature's word, fed by REST and events alike. */
  protected readonly syncing = this.select(selectAlbumSyncing);
  protected readonly busyReason = computed(() =>
    this.syncing()
      ? $localize`A sync of this album is running; wait for it to finish.`
      : this.pendingTrigger()
        ? $localize`Working on your last request…`
        : null,
  );
  protected readonly waitingSentences = computed(() => [
    ...new Set(this.clientTransitions().map((t) => clientStepSentence(t.trigger))),
  ]);

  constructor() {
    let opened: string | null = null;
    effect(() => {
      const albumId = this.albumId();
      untracked(() => {
        if (opened) this.store.dispatch(AlbumDetailPageActions.closed({ albumId: opened }));
        opened = albumId && isStoreKey(albumId) ? albumId : null;
        if (opened) this.store.dispatch(AlbumDetailPageActions.opened({ albumId: opened }));
      });
    });
    inject(DestroyRef).onDestroy(() => {
      if (opened) this.store.dispatch(AlbumDetailPageActions.closed({ albumId: opened }));
    });
    // The tab's title: the sync's progress, and while hidden, the changes not seen yet.
    const visible = inject(TabVisibility).visible;
    const progress = this.select(selectAlbumProgress);
    const newestSeen = signal<number | null>(null);
    effect(() => {
      if (visible()) newestSeen.set(this.activity()[0]?.id ?? null);
    });
    effect(() => {
      const sync = progress();
      this.title.setTitle(
        albumTabTitle({
          albumName: this.album()?.name ?? null,
          syncFraction: sync?.status === 'syncing' ? sync.fraction : null,
          unseen: visible()
            ? 0
            : unseenCount(
                this.activity().map((entry) => entry.id),
                newestSeen(),
              ),
        }),
      );
    });
  }

  protected labelOf(transition: Transition): string {
    return (
      triggerLabel(transition.trigger) ??
      `${transition.trigger} → ${stageLabel(transition.targetState)}`
    );
  }

  protected fire(transition: Transition): void {
    this.store.dispatch(
      AlbumDetailPageActions.triggerFired({ albumId: this.albumId(), trigger: transition.trigger }),
    );
  }

  protected retryLoad(): void {
    this.store.dispatch(AlbumDetailPageActions.refreshRequested({ albumId: this.albumId() }));
  }

  protected selectTag(tag: AlbumTag): void {
    this.store.dispatch(
      AlbumDetailPageActions.tagSelected({ albumId: this.albumId(), tagId: tag.id }),
    );
  }

  protected resync(tag: AlbumTag): void {
    if (!tag.folderId) return;
    this.store.dispatch(
      AlbumDetailPageActions.tagResyncRequested({
        albumId: this.albumId(),
        tagId: tag.id,
        folderId: tag.folderId,
      }),
    );
  }

  protected async changeFolder(tag: AlbumTag): Promise<void> {
    const openChangeFolderDialog = await this.folderDialog.get();
    if (!openChangeFolderDialog) return;
    const data: ChangeFolderData = { tagType: tag.type, url: tag.link };
    openChangeFolderDialog(this.injector, data).subscribe((url) => {
      if (url)
        this.store.dispatch(
          AlbumDetailPageActions.tagUrlChanged({ albumId: this.albumId(), tagId: tag.id, url }),
        );
    });
  }

  /** "Picked only": the grid shows the Rate tag, the server's list of the picks. */
  protected showPickedOnly(pickedOnly: boolean): void {
    const tag = this.tags().find((t) => t.type === (pickedOnly ? 'Rate' : 'Stock'));
    if (tag) this.selectTag(tag);
  }

  protected photosViewed(range: PhotoRange): void {
    const tag = this.selectedTag();
    if (tag)
      this.store.dispatch(
        AlbumDetailPageActions.photoRangeViewed({
          albumId: this.albumId(),
          tagId: tag.id,
          ...range,
        }),
      );
  }
}
