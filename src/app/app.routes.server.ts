import { RenderMode, type ServerRoute } from '@angular/ssr';

/**
 * What the build renders ahead (`outputMode: 'static'`, no server at run time): the
 * sign-in page, the same for everyone, is prerendered and hydrated; every other screen
 * depends on who is signed in and is rendered in the browser, over the app shell
 * (app.config.server.ts) that index.html carries.
 */
export const serverRoutes: ServerRoute[] = [
  { path: 'login', renderMode: RenderMode.Prerender },
  { path: '**', renderMode: RenderMode.Client },
];
