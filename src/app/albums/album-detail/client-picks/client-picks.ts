import { Clipboard } from '@angular/cdk/clipboard';
import { Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { describeApiError } from '../../../api/api-error';
import { formatCount, isSingular } from '../../../i18n/formats';
import { CountPipe } from '../../../i18n/label.pipes';
import type { AlbumState, AlbumTag, Photo } from '../../../api/models';
import {
  fileNameList,
  picksCsv,
  picksCsvFileName,
  type FileNameFormat,
} from '../../data-access/picks-export';
import { TagChangingError, TagPhotos } from '../../data-access/tag-photos';

export type PicksPhase = 'waiting' | 'picking' | 'done';
type Export = FileNameFormat | 'csv';

/**
 * What the client is doing with the Stock photos (waiting, picking, done), as the server
 * counts it, and the picks handed off: the "Picked only" view and the exports, which read
 * every page of the Rate tag (the server's list of picks), never the grid's loaded pages.
 */
@Component({
  selector: 'app-client-picks',
  imports: [MatButtonModule, MatSlideToggleModule, CountPipe],
  templateUrl: './client-picks.html',
  styleUrl: './client-picks.scss',
})
export class ClientPicks {
  private readonly photos = inject(TagPhotos);
  private readonly clipboard = inject(Clipboard);

  readonly albumId = input.required<string>();
  readonly albumName = input.required<string>();
  readonly albumState = input.required<AlbumState>();
  readonly tags = input.required<readonly AlbumTag[]>();
  /** The grid shows the Rate tag: the picks only. */
  readonly pickedOnly = input(false);
  readonly pickedOnlyChange = output<boolean>();

  private readonly stockTag = computed(() => this.tags().find((tag) => tag.type === 'Stock'));
  protected readonly rateTag = computed(() => this.tags().find((tag) => tag.type === 'Rate'));
  protected readonly phase = computed((): PicksPhase => {
    if (this.rateTag()) return 'done';
    return (this.stockTag()?.pickedCount ?? 0) > 0 && this.albumState() === 'Stock'
      ? 'picking'
      : 'waiting';
  });
  /** From Rate on, the Rate tag's count; before, the Stock tag's picks so far (if told). */
  protected readonly pickCount = computed(
    () => this.rateTag()?.photoCount ?? this.stockTag()?.pickedCount ?? 0,
  );
  /** The singular message or the plural one, chosen in code (i18n/formats.ts says why). */
  protected readonly onePick = computed(() => isSingular(this.pickCount()));
  protected readonly busy = signal<Export | null>(null);
  protected readonly message = signal('');

  protected async copy(format: FileNameFormat): Promise<void> {
    const picks = await this.readPicks(format);
    if (!picks) return;
    const text = fileNameList(picks, format);
    const copied = await this.writeClipboard(text);
    const count = formatCount(picks.length);
    const editor = format === 'lightroom' ? 'Lightroom Classic' : 'Capture One';
    this.message.set(
      copied
        ? $localize`Copied ${count}:count: file names for ${editor}:editor:.`
        : $localize`The browser did not allow copying. Use Download list instead.`,
    );
  }

  protected async download(): Promise<void> {
    const picks = await this.readPicks('csv');
    if (!picks) return;
    const typeOf = new Map(this.tags().map((tag) => [tag.id, tag.type as string]));
    // A byte order mark, so spreadsheets read the names as UTF-8 (Vietnamese, …).
    const csv = '\uFEFF' + picksCsv(picks, (tagId) => typeOf.get(tagId) ?? 'Stock');
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = picksCsvFileName(this.albumName());
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const count = formatCount(picks.length);
    this.message.set($localize`Downloaded the list of ${count}:count: picks.`);
  }

  private async readPicks(kind: Export): Promise<readonly Photo[] | null> {
    const rate = this.rateTag();
    if (!rate || this.busy()) return null;
    this.busy.set(kind);
    this.message.set($localize`Reading the client’s picks…`);
    try {
      return await this.photos.all(this.albumId(), rate.id);
    } catch (error) {
      this.message.set(
        error instanceof TagChangingError
          ? $localize`The picks changed while they were read. Try again.`
          : describeApiError(error),
      );
      return null;
    } finally {
      this.busy.set(null);
    }
  }

  private async writeClipboard(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return this.clipboard.copy(text); // older browsers, or no permission for the async API
    }
  }
}
