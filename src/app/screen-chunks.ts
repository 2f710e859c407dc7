import type { Routes } from '@angular/router';
import { decodeUser, readSession } from './auth/stored-session';
import { preloadRealtime } from './realtime/realtime-chunks';

/**
 * Each screen's lazy chunk, loaded by its route (app.routes.ts, albums.routes.ts) and
 * started early by {@link preloadScreen}: the one place that names them.
 */
export const screenChunks = {
  login: () => import('./auth/login-page/login-page').then((m) => m.LoginPage),
  callback: () => import('./auth/callback-page/callback-page').then((m) => m.CallbackPage),
  shell: () => import('./shell/shell').then((m) => m.Shell),
  albumsRoutes: (): Promise<Routes> => import('./albums/albums.routes').then((m) => m.albumsRoutes),
  albumList: () => import('./albums/album-list/album-list').then((m) => m.AlbumList),
  albumDetail: () => import('./albums/album-detail/album-detail').then((m) => m.AlbumDetail),
  photoViewer: () =>
    import('./albums/album-detail/photo-viewer/photo-viewer-route').then((m) => m.PhotoViewerRoute),
} as const;

export type ScreenChunk = keyof typeof screenChunks;

/**
 * The chunks the router will load for `path` (relative to the base href, no query), as
 * app.routes.ts and albums.routes.ts match it. The router loads them level after level
 * (the albums routes, then the shell and the screen, then what each imports): on a
 * phone each level is a round trip before the screen's first API call.
 */
export function chunksForPath(path: string, signedIn: boolean): readonly ScreenChunk[] {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'login') return ['login'];
  if (segments[0] === 'callback') return ['callback'];
  // Every other path is guarded: signed out, the guard sends it to sign in.
  if (!signedIn) return ['login'];
  const signedInFrame: ScreenChunk[] = ['shell', 'albumsRoutes'];
  // '' and any unknown path end on the list (the redirects of app.routes.ts).
  if (segments[0] !== 'albums' || segments.length === 1) return [...signedInFrame, 'albumList'];
  if (segments.length === 2) return [...signedInFrame, 'albumDetail'];
  if (segments.length === 4 && segments[2] === 'photos') {
    return [...signedInFrame, 'albumDetail', 'photoViewer'];
  }
  return [...signedInFrame, 'albumList'];
}

/**
 * Starts every chunk of the screen the page opens on at once, while the app boots; the
 * router's own `import()` of each then finds it loading or loaded (one module map). A
 * failed load is the router's to report, when it asks for the chunk itself. A signed-in
 * screen (the shell's) also starts the realtime layer's chunks, which the session's start
 * asks for next: the hub's negotiation then waits for the app's start, not for them.
 * Not on the album list, whose hub starts after its first screen (`screenHoldsTheHub`).
 */
export function preloadScreen(document: Document): void {
  const chunks = openingChunks(document);
  for (const chunk of chunks) {
    screenChunks[chunk]().catch(() => undefined);
  }
  if (chunks.includes('shell') && !screenHoldsTheHub(chunks)) preloadRealtime();
}

/** The chunks of the screen the page was loaded at (its address, the stored session). */
export function openingChunks(document: Document): readonly ScreenChunk[] {
  const path = new URL(document.location.href).pathname;
  const base = new URL(document.baseURI).pathname;
  const inApp = path.startsWith(base) ? path.slice(base.length) : path;
  const signedIn = decodeUser(readSession()?.accessToken) !== null;
  return chunksForPath(inApp, signedIn);
}

/**
 * Whether a page opening on these chunks starts its hub only once its first screen is in
 * (the album list: realtime/hub-start.ts); its realtime chunks are not preloaded then.
 */
export function screenHoldsTheHub(chunks: readonly ScreenChunk[]): boolean {
  return chunks.includes('albumList');
}
