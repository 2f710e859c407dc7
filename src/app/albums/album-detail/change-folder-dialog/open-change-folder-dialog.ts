import type { Injector } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import { ChangeFolderDialog, type ChangeFolderData } from './change-folder-dialog';

/**
 * Opens the change-folder dialog; emits the folder's URL once it closes (nothing if it was
 * cancelled). Loaded when asked (AlbumDetail): the dialog, the forms and the form fields
 * are no part of the album page's first screen.
 */
export function openChangeFolderDialog(
  injector: Injector,
  data: ChangeFolderData,
): Observable<string | undefined> {
  return injector
    .get(MatDialog)
    .open<ChangeFolderDialog, ChangeFolderData, string>(ChangeFolderDialog, {
      data,
      width: '520px',
      maxWidth: '95vw',
    })
    .afterClosed();
}
