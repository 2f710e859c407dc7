import { Routes } from '@angular/router';
import { authGuard } from './auth/auth.guard';
import { screenChunks } from './screen-chunks';

/**
 * One lazy chunk per screen (named in screen-chunks.ts); the albums' state is registered
 * with the albums routes.
 */
export const routes: Routes = [
  {
    path: 'login',
    title: $localize`Sign in · PhotoFlow`,
    loadComponent: screenChunks.login,
  },
  {
    path: 'callback',
    title: $localize`Signing in · PhotoFlow`,
    loadComponent: screenChunks.callback,
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: screenChunks.shell,
    children: [
      {
        path: 'albums',
        loadChildren: screenChunks.albumsRoutes,
      },
      { path: '', pathMatch: 'full', redirectTo: 'albums' },
    ],
  },
  { path: '**', redirectTo: 'albums' },
];
