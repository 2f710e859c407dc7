import { Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Actions, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import { filter } from 'rxjs';
import { AlbumListPageActions, AlbumsApiActions } from '../../data-access/albums.actions';
import { selectAlbumCreateError, selectAlbumCreateStatus } from '../../data-access/albums.feature';
import { driveFolderPattern } from '../../drive-folder';

/** Creates an album: its name and the Drive folder of its Raw photos. Closes with the new album's id. */
@Component({
  selector: 'app-create-album-dialog',
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
  ],
  templateUrl: './create-album-dialog.html',
  styles: `
    .full {
      width: 100%;
    }
    .error {
      color: var(--mat-sys-error);
      margin: 0 0 8px;
    }
    form {
      display: block;
    }
    mat-dialog-content {
      max-width: 520px;
    }
  `,
})
export class CreateAlbumDialog {
  private readonly store = inject(Store);
  private readonly dialog = inject(MatDialogRef<CreateAlbumDialog, string>);

  protected readonly status = this.store.selectSignal(selectAlbumCreateStatus);
  protected readonly error = this.store.selectSignal(selectAlbumCreateError);
  /** Only this dialog's own submission closes it or shows its error. */
  protected readonly submitted = signal(false);
  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
    rawFolderUrl: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(driveFolderPattern)],
    }),
  });

  constructor() {
    inject(Actions)
      .pipe(
        ofType(AlbumsApiActions.albumCreated),
        filter(() => this.submitted()),
        takeUntilDestroyed(),
      )
      .subscribe(({ album }) => this.dialog.close(album.id));
  }

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.status() === 'loading') return;
    const { name, rawFolderUrl } = this.form.getRawValue();
    this.submitted.set(true);
    this.store.dispatch(
      AlbumListPageActions.createAlbumSubmitted({
        album: { name: name.trim(), rawFolderUrl: rawFolderUrl.trim() },
      }),
    );
  }
}
