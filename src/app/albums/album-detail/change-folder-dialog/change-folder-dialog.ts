import { Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TagTypePipe } from '../../../i18n/label.pipes';
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
    TagTypePipe,
  ],
  template: `
    <h2 mat-dialog-title>
      @if (data.url) {
        <ng-container i18n>Change the {{ data.tagType | tagType }} folder</ng-container>
      } @else {
        <ng-container i18n>Link the {{ data.tagType | tagType }} folder</ng-container>
      }
    </h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <p i18n>Paste the link of the Google Drive folder that holds this tag's photos.</p>
        <mat-form-field appearance="outline" class="full">
          <mat-label i18n>Drive folder URL</mat-label>
          <input
            matInput
            formControlName="url"
            type="url"
            autocomplete="off"
            cdkFocusInitial
            placeholder="https://drive.google.com/drive/folders/…"
            i18n-placeholder="@@driveFolderPlaceholder"
          />
          @if (url.hasError('required')) {
            <mat-error i18n>Enter the folder's link.</mat-error>
          } @else if (url.hasError('pattern')) {
            <mat-error i18n>This is not a Google Drive folder link.</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n>Cancel</button>
        <button mat-flat-button type="submit" i18n>Save folder</button>
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
