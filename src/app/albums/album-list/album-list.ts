import { Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { ALBUM_STATES, type AlbumQuery, type AlbumState } from '../../api/models';
import { AlbumListPageActions } from '../data-access/albums.actions';
import {
  selectAlbumListError,
  selectAlbumListStatus,
  selectAlbumTotalCount,
} from '../data-access/albums.feature';
import { selectListedAlbums } from '../data-access/listed-albums';
import { selectAlbumProgressById } from '../data-access/sync.feature';
import { AlbumCard } from './album-card/album-card';
import { CreateAlbumDialog } from './create-album-dialog/create-album-dialog';
import { CountPipe, StagePipe } from '../../i18n/label.pipes';

const searchDelayMs = 300;

/** Every album of the studio: search, filter by stage, create. */
@Component({
  selector: 'app-album-list',
  imports: [
    AlbumCard,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    StagePipe,
    CountPipe,
  ],
  templateUrl: './album-list.html',
  styleUrl: './album-list.scss',
})
export class AlbumList {
  private readonly store = inject(Store);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  protected readonly states = ALBUM_STATES;
  protected readonly albums = this.store.selectSignal(selectListedAlbums);
  protected readonly status = this.store.selectSignal(selectAlbumListStatus);
  protected readonly error = this.store.selectSignal(selectAlbumListError);
  protected readonly totalCount = this.store.selectSignal(selectAlbumTotalCount);
  private readonly progressById = this.store.selectSignal(selectAlbumProgressById);

  protected readonly search = signal('');
  protected readonly stage = signal<AlbumState | null>(null);
  protected readonly filtered = computed(() => !!this.search().trim() || this.stage() !== null);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.store.dispatch(AlbumListPageActions.opened({ query: this.query() }));
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.searchTimer);
      // Leaves the hub groups the list joined for its albums.
      this.store.dispatch(AlbumListPageActions.closed());
    });
  }

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

  protected createAlbum(): void {
    this.dialog
      .open<CreateAlbumDialog, void, string>(CreateAlbumDialog, {
        autoFocus: 'first-tabbable',
        width: '560px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .subscribe((albumId) => {
        if (albumId) void this.router.navigate(['/albums', albumId]);
      });
  }

  private queryChanged(): void {
    clearTimeout(this.searchTimer);
    this.store.dispatch(AlbumListPageActions.queryChanged({ query: this.query() }));
  }

  private query(): AlbumQuery {
    return {
      search: this.search().trim() || undefined,
      state: this.stage(),
      page: 1,
      pageSize: 100,
    };
  }
}
