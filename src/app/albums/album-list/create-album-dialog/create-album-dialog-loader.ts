import { InjectionToken } from '@angular/core';
import type { openCreateAlbumDialog } from './open-create-album-dialog';

/**
 * Loads the create-album dialog's chunk (the dialog, the forms, the form fields) on the first
 * click; tests provide one that fails, as a load does offline or after a deploy (the old
 * chunk's file is gone).
 */
export const CREATE_ALBUM_DIALOG_LOADER = new InjectionToken<
  () => Promise<typeof openCreateAlbumDialog>
>('Create-album dialog loader', {
  providedIn: 'root',
  factory: () => () => import('./open-create-album-dialog').then((m) => m.openCreateAlbumDialog),
});
