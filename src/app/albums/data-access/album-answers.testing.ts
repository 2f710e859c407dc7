// Tests only: API answers as the reducers receive them.
import type { AlbumTag } from '../../api/models';
import { AlbumsApiActions } from './albums.actions';

/** An album answer carrying these tags: tags come with their album. */
export function tagsLoaded({ albumId, tags }: { albumId: string; tags: readonly AlbumTag[] }) {
  return AlbumsApiActions.albumLoaded({
    replay: [],
    album: {
      id: albumId,
      name: albumId,
      state: 'Raw',
      coverUrl: null,
      photoCount: 0,
      modifiedAt: '2026-11-22T10:00:00.000Z',
      tags,
      sync: null,
    },
  });
}
