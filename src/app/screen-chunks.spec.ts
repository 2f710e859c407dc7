import type { Route } from '@angular/router';
import { routes } from './app.routes';
import { chunksForPath, screenChunks } from './screen-chunks';

const id = '03d2a57f-5863-47aa-afc5-52007b3befe6';

describe('chunksForPath', () => {
  it('names the chunks the router loads for each screen, signed in', () => {
    expect(chunksForPath('login', true)).toEqual(['login']);
    expect(chunksForPath('callback', true)).toEqual(['callback']);
    for (const list of ['', 'albums', 'albums/', 'nowhere', 'albums/a/b']) {
      expect(chunksForPath(list, true)).toEqual(['shell', 'albumsRoutes', 'albumList']);
    }
    expect(chunksForPath(`albums/${id}`, true)).toEqual(['shell', 'albumsRoutes', 'albumDetail']);
    expect(chunksForPath(`albums/${id}/photos/p1`, true)).toEqual([
      'shell',
      'albumsRoutes',
      'albumDetail',
      'photoViewer',
    ]);
  });

  it('sends a signed-out guarded path to the sign-in chunk, as the guard does', () => {
    expect(chunksForPath('albums', false)).toEqual(['login']);
    expect(chunksForPath(`albums/${id}/photos/p1`, false)).toEqual(['login']);
    expect(chunksForPath('callback', false)).toEqual(['callback']);
  });
});

describe('screenChunks', () => {
  it('is what the routes load: every lazy route uses one of its loaders', async () => {
    const loaders = new Set<unknown>(Object.values(screenChunks));
    const lazy: unknown[] = [];
    const walk = async (config: readonly Route[]) => {
      for (const route of config) {
        if (route.loadComponent) lazy.push(route.loadComponent);
        if (route.loadChildren) {
          lazy.push(route.loadChildren);
          await walk(await (route.loadChildren as () => Promise<Route[]>)());
        }
        if (route.children) await walk(route.children);
      }
    };
    await walk(routes);
    expect(lazy.length).toBe(Object.keys(screenChunks).length);
    expect(lazy.every((loader) => loaders.has(loader))).toBe(true);
  });
});
