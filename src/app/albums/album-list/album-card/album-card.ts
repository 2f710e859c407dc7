import { Component, computed, inject, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AlbumSummary } from '../../../api/models';
import { photoCount } from '../../../i18n/formats';
import { StagePipe } from '../../../i18n/label.pipes';
import { PlainLinks } from '../../plain-link';

/** One album in the list: cover, name, stage, photo count, and its sync while it runs. */
@Component({
  selector: 'app-album-card',
  imports: [MatProgressBarModule, StagePipe],
  templateUrl: './album-card.html',
  styleUrl: './album-card.scss',
})
export class AlbumCard {
  readonly album = input.required<AlbumSummary>();
  /** 0–100 while the album syncs and its progress is known; null otherwise. */
  readonly progress = input<number | null>(null);
  /** On the first screen: its cover is fetched at once, with high priority (the list's LCP). */
  readonly firstScreen = input(false);

  private readonly links = inject(PlainLinks);

  // A plain link rather than RouterLink (plain-link.ts): a page of cards landing in view
  // makes 48 of them at once. The album's path needs none of RouterLink's work.
  private readonly url = computed(() => `/albums/${encodeURIComponent(this.album().id)}`);
  protected readonly href = computed(() => this.links.href(this.url()));

  /** In the app, as RouterLink does; a modified or middle click is the browser's (a new tab). */
  protected open(event: MouseEvent): boolean {
    return this.links.follow(event, this.url());
  }

  protected readonly syncLabel = computed(() => {
    const name = this.album().name;
    return $localize`Sync of ${name}:album:`;
  });
  protected readonly photoCount = computed(() => {
    return photoCount(this.album().photoCount);
  });
}
