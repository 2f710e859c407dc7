import { Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { AlbumSummary } from '../../../api/models';

/** One album in the list: cover, name, stage, photo count, and its sync while it runs. */
@Component({
  selector: 'app-album-card',
  imports: [RouterLink, MatProgressBarModule],
  templateUrl: './album-card.html',
  styleUrl: './album-card.scss',
})
export class AlbumCard {
  readonly album = input.required<AlbumSummary>();
  /** 0–100 while the album syncs and its progress is known; null otherwise. */
  readonly progress = input<number | null>(null);

  protected readonly photoCount = computed(() => {
    const count = this.album().photoCount;
    return `${count.toLocaleString('en-US')} ${count === 1 ? 'photo' : 'photos'}`;
  });
}
