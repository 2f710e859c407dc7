import { Routes } from '@angular/router';
import { provideEffects } from '@ngrx/effects';
import * as albumToastEffects from './album-toasts.effects';
import { provideAlbumsState } from './data-access/provide-albums-state';
import { screenChunks } from '../screen-chunks';

/** The albums screens, each its own chunk, sharing the albums' state. */
export const albumsRoutes: Routes = [
  {
    path: '',
    providers: [provideAlbumsState(), provideEffects(albumToastEffects)],
    children: [
      {
        path: '',
        title: $localize`Albums · PhotoFlow`,
        loadComponent: screenChunks.albumList,
      },
      {
        path: ':albumId',
        loadComponent: screenChunks.albumDetail,
        children: [
          {
            // The viewer, over the album page (a link or a reload opens the photo).
            path: 'photos/:photoId',
            loadComponent: screenChunks.photoViewer,
          },
        ],
      },
    ],
  },
];
