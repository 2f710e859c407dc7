import type { Injector } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import { CreateAlbumDialog } from './create-album-dialog';

/**
 * Opens the create-album dialog; emits the new album's id once it closes (nothing if it
 * was cancelled). Loaded when asked (AlbumList): the dialog, the forms and the form
 * fields are no part of the list's first screen.
 */
export function openCreateAlbumDialog(injector: Injector): Observable<string | undefined> {
  return injector
    .get(MatDialog)
    .open<CreateAlbumDialog, void, string>(CreateAlbumDialog, {
      autoFocus: 'first-tabbable',
      width: '560px',
      maxWidth: '95vw',
    })
    .afterClosed();
}
