import { Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { AlbumSummary } from '../../../api/models';
import { photoCount } from '../../../i18n/formats';
import { StagePipe } from '../../../i18n/label.pipes';

/** One album in the list: cover, name, stage, photo count, and its sync while it runs. */
@Component({
  selector: 'app-album-card',
  imports: [RouterLink, MatProgressBarModule, StagePipe],
  templateUrl: './album-card.html',
  styleUrl: './album-card.scss',
})
export class AlbumCard {
  readonly album = input.required<AlbumSummary>();
  /** 0–100 while the album syncs and its progress is known; null otherwise. */
  readonly progress = input<number | null>(null);
  /** On the first screen: its cover is fetched at once, with high priority (the list's LCP). */
  readonly firstScreen = input(false);

  protected readonly syncLabel = computed(() => {
    const name = this.album().name;
    return $localize`Sync of ${name}:album:`;
  });
  protected readonly photoCount = computed(() => {
    return photoCount(this.album().photoCount);
  });
}
