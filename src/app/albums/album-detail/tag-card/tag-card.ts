import { Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AlbumTag } from '../../../api/models';
import { photoCount as countOfPhotos } from '../../../i18n/formats';
import { TagStatusPipe, TagTypePipe } from '../../../i18n/label.pipes';
import { tagLabel } from '../../../i18n/labels';
import {
  describeProgress,
  progressPercent,
  shownPhotoCount,
  type TagProgress,
} from '../sync-progress';
import { tagOffer } from './tag-offer';

/** One tag of the album: type, status, Drive folder, its sync's progress and actions. */
@Component({
  selector: 'app-tag-card',
  imports: [MatButtonModule, MatProgressBarModule, TagTypePipe, TagStatusPipe],
  templateUrl: './tag-card.html',
  styleUrl: './tag-card.scss',
  host: {
    role: 'listitem',
    '[attr.aria-label]': 'label()',
    '[class.failed]': "tag().status === 'Failed'",
    '[class.selected]': 'selected()',
  },
})
export class TagCard {
  readonly tag = input.required<AlbumTag>();
  /** The running sync of this tag, when there is one. */
  readonly progress = input<TagProgress | null>(null);
  /** Why the tag cannot be re-synced or relinked now (another sync of the album runs), or null. */
  readonly busyReason = input<string | null>(null);
  readonly selected = input(false);

  readonly changeFolder = output<AlbumTag>();
  readonly resync = output<AlbumTag>();
  readonly showPhotos = output<AlbumTag>();

  protected readonly offer = computed(() => tagOffer(this.tag()));
  protected readonly label = computed(() => $localize`${tagLabel(this.tag().type)}:type: tag`);
  protected readonly progressLabel = computed(
    () => $localize`${tagLabel(this.tag().type)}:type: tag sync progress`,
  );

  /**
   * Whether the card shows a bar. A failed tag shows why instead: the bar of its last run
   * would read as a sync stuck mid-way.
   */
  protected readonly syncing = computed(
    () =>
      this.tag().status !== 'Failed' &&
      (this.tag().status === 'Syncing' || this.progress() !== null),
  );
  protected readonly percent = computed(() => {
    const progress = this.progress();
    if (progress) return progressPercent(progress);
    return this.tag().status === 'Ready' ? 100 : 0;
  });
  protected readonly progressText = computed(() => {
    const progress = this.progress();
    return progress ? describeProgress(progress) : $localize`Starting…`;
  });
  protected readonly photoCount = computed(() =>
    countOfPhotos(shownPhotoCount(this.tag(), this.progress())),
  );
  protected readonly folderName = computed(() => {
    const link = this.tag().link;
    if (!link) return null;
    const id = link.split('/').filter(Boolean).pop() ?? link;
    const shortId = id.length > 14 ? id.slice(0, 12) + '…' : id;
    return $localize`Drive folder ${shortId}:folderId:`;
  });
}
