import { Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { driveFolderPattern } from '../../drive-folder';

export interface ChangeFolderData {
  readonly tagType: string;
  readonly url: string | null;
}

/** Asks for the Google Drive folder a tag's photos come from. Closes with the URL. */
@Component({
  selector: 'app-change-folder-dialog',
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.url ? 'Change' : 'Link' }} the {{ data.tagType }} folder</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <p>Paste the link of the Google Drive folder that holds this tag's photos.</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label>Drive folder URL</mat-label>
          <input
            matInput
            formControlName="url"
            type="url"
            autocomplete="off"
            cdkFocusInitial
            placeholder="https://drive.google.com/drive/folders/…"
          />
          @if (url.hasError('required')) {
            <mat-error>Enter the folder's link.</mat-error>
          } @else if (url.hasError('pattern')) {
            <mat-error>This is not a Google Drive folder link.</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit">Save folder</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full {
      width: 100%;
    }
  `,
})
export class ChangeFolderDialog {
  protected readonly data = inject<ChangeFolderData>(MAT_DIALOG_DATA);
  private readonly dialog = inject(MatDialogRef<ChangeFolderDialog, string>);
  protected readonly url = new FormControl(this.data.url ?? '', {
    nonNullable: true,
    validators: [Validators.required, Validators.pattern(driveFolderPattern)],
  });
  protected readonly form = new FormGroup({ url: this.url });

  protected save(): void {
    this.url.markAsTouched();
    if (this.url.valid) this.dialog.close(this.url.value.trim());
  }
}
