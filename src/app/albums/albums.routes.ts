import { Routes } from '@angular/router';
import { provideEffects } from '@ngrx/effects';
import * as albumToastEffects from './album-toasts.effects';
import { provideAlbumsState } from './data-access/provide-albums-state';

/** The albums screens, each its own chunk, sharing the albums' state. */
export const albumsRoutes: Routes = [
  {
    path: '',
    providers: [provideAlbumsState(), provideEffects(albumToastEffects)],
    children: [
      {
        path: '',
        title: $localize`Albums · PhotoFlow`,
        loadComponent: () => import('./album-list/album-list').then((m) => m.AlbumList),
      },
      {
        path: ':albumId',
        loadComponent: () => import('./album-detail/album-detail').then((m) => m.AlbumDetail),
        children: [
          {
            // The viewer, over the album page (a link or a reload opens the photo).
            path: 'photos/:photoId',
            loadComponent: () =>
              import('./album-detail/photo-viewer/photo-viewer-route').then(
                (m) => m.PhotoViewerRoute,
              ),
          },
        ],
      },
    ],
  },
];
