import { InjectionToken } from '@angular/core';
import type { openChangeFolderDialog } from './open-change-folder-dialog';

/**
 * Loads the change-folder dialog's chunk (the dialog, the forms, the form fields) on the
 * first click; tests provide one that fails, as a load does offline or after a deploy (the
 * old chunk's file is gone).
 */
export const CHANGE_FOLDER_DIALOG_LOADER = new InjectionToken<
  () => Promise<typeof openChangeFolderDialog>
>('Change-folder dialog loader', {
  providedIn: 'root',
  factory: () => () => import('./open-change-folder-dialog').then((m) => m.openChangeFolderDialog),
});
