import { Routes } from '@angular/router';
import { authGuard } from './auth/auth.guard';

/** One lazy chunk per screen; the albums' state is registered with the albums routes. */
export const routes: Routes = [
  {
    path: 'login',
    title: $localize`Sign in · PhotoFlow`,
    loadComponent: () => import('./auth/login-page/login-page').then((m) => m.LoginPage),
  },
  {
    path: 'callback',
    title: $localize`Signing in · PhotoFlow`,
    loadComponent: () => import('./auth/callback-page/callback-page').then((m) => m.CallbackPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    children: [
      {
        path: 'albums',
        loadChildren: () => import('./albums/albums.routes').then((m) => m.albumsRoutes),
      },
      { path: '', pathMatch: 'full', redirectTo: 'albums' },
    ],
  },
  { path: '**', redirectTo: 'albums' },
];
