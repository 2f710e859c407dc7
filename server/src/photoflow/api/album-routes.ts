import type { IncomingMessage } from 'node:http';
import { readBody, readJson, validate } from '../../http/body.ts';
import { badRequest, notFound } from '../../http/problem.ts';
import { sendJson, sendNoContent } from '../../http/respond.ts';
import type { Router } from '../../http/router.ts';
import { transaction } from '../database.ts';
import { albumStates, type AlbumState } from '../model.ts';
import type { SyncOptions } from '../sync-engine.ts';
import {
  pageParams,
  requireAlbum,
  requirePrincipal,
  requireUuid,
  type PhotoFlow,
} from './context.ts';
import { inLanguage } from './reason-language.ts';
import {
  createAlbumBody,
  fireTriggerBody,
  folderSyncBody,
  renameAlbumBody,
  tagUrlBody,
  voteBody,
} from './schemas.ts';

const unreadableFolder = (url: string) =>
  badRequest(`${url} is not a Google Drive folder the backend can read.`);

/** The REST API of CONTRACT §5 (albums, tags, photos, storage). */
export function addAlbumRoutes(router: Router, photoflow: PhotoFlow): void {
  const { albums, workflow, drive } = photoflow;

  /** The dev-tool knobs of a sync, refused when dev tools are off. */
  const syncOptions = (body: { photosPerSecond?: number; failAtPhoto?: number }): SyncOptions => {
    if (
      !photoflow.devTools &&
      (body.photosPerSecond !== undefined || body.failAtPhoto !== undefined)
    ) {
      throw badRequest('photosPerSecond and failAtPhoto are dev tools, off in production.');
    }
    return { photosPerSecond: body.photosPerSecond, failAtPhoto: body.failAtPhoto };
  };

  const principalOf = (req: IncomingMessage) => requirePrincipal(photoflow, req);

  router.get('/api/v1/albums', async (context) => {
    const principal = await principalOf(context.req);
    const { url } = context;
    const state = url.searchParams.get('state') || undefined;
    if (state !== undefined && !(albumStates as readonly string[]).includes(state)) {
      throw badRequest(`state must be one of ${albumStates.join(', ')}.`);
    }
    const search = url.searchParams.get('search') ?? undefined;
    if (search && search.length > 200) throw badRequest('search is at most 200 characters.');
    const page = albums.list(
      principal.organizationId,
      { search, state: state as AlbumState | undefined, ...pageParams(url, 20) },
      photoflow.publicOrigin(),
    );
    sendJson(context.res, 200, page);
  });

  router.post('/api/v1/albums', async (context) => {
    const principal = await principalOf(context.req);
    const body = await readBody(context.req, createAlbumBody);
    const folder = drive.folderAt(body.rawFolderUrl);
    if (!folder) throw unreadableFolder(body.rawFolderUrl);
    const id = transaction(photoflow.db, () =>
      albums.create(principal.organizationId, body.name, folder.id),
    );
    const album = albums.find(principal.organizationId, id);
    if (!album) throw new Error('The new album vanished');
    context.res.setHeader('Location', `/api/v1/albums/${id}`);
    sendJson(context.res, 201, albums.detail(album, photoflow.publicOrigin()));
  });

  router.get('/api/v1/albums/:albumId', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    sendJson(context.res, 200, albums.detail(album, photoflow.publicOrigin()));
  });

  router.put('/api/v1/albums/:albumId', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const body = await readBody(context.req, renameAlbumBody);
    transaction(photoflow.db, () => albums.rename(album.id, body.name));
    const renamed = albums.find(principal.organizationId, album.id) ?? album;
    sendJson(context.res, 200, albums.detail(renamed, photoflow.publicOrigin()));
  });

  router.delete('/api/v1/albums/:albumId', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    workflow.delete(album);
    sendNoContent(context.res);
  });

  router.get('/api/v1/albums/:albumId/transitions', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const transitions = workflow.transitions(album, { kind: 'member', principal });
    sendJson(context.res, 200, inLanguage(transitions, context.req.headers['accept-language']));
  });

  router.put('/api/v1/albums/:albumId/state', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const body = await readBody(context.req, fireTriggerBody);
    const status = workflow.fire(
      album,
      { kind: 'member', principal },
      body.trigger,
      syncOptions(body),
    );
    const after = albums.find(principal.organizationId, album.id) ?? album;
    sendJson(context.res, status, albums.detail(after, photoflow.publicOrigin()));
  });

  const requireTag = (albumId: string, tagId: string | undefined) => {
    const id = requireUuid(tagId, 'tag');
    const tag = albums.tagRow(albumId, id);
    if (!tag) throw notFound('TAG_101A', `Tag ${id} was not found in this album.`);
    return tag;
  };

  router.get('/api/v1/albums/:albumId/tags', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    sendJson(context.res, 200, albums.tags(album.id));
  });

  router.get('/api/v1/albums/:albumId/tags/:tagId', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    sendJson(context.res, 200, albums.toTag(requireTag(album.id, context.params['tagId'])));
  });

  router.put('/api/v1/albums/:albumId/tags/:tagId/url', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const tag = requireTag(album.id, context.params['tagId']);
    const body = await readBody(context.req, tagUrlBody);
    const folder = drive.folderAt(body.url);
    if (!folder) throw unreadableFolder(body.url);
    workflow.link(album, tag, folder.id);
    sendJson(context.res, 200, albums.toTag(requireTag(album.id, tag.id)));
  });

  router.get('/api/v1/albums/:albumId/tags/:tagId/photos', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const tag = requireTag(album.id, context.params['tagId']);
    const { page, pageSize } = pageParams(context.url, 50);
    sendJson(context.res, 200, albums.tagPhotos(tag.id, page, pageSize, photoflow.publicOrigin()));
  });

  // CONTRACT §5 (doc): the photo as a page lists it, with its tag's type.
  router.get('/api/v1/albums/:albumId/photos/:photoId', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const photoId = requireUuid(context.params['photoId'], 'photo');
    const photo = albums.photo(album.id, photoId, photoflow.publicOrigin());
    const tag = photo ? albums.tagRow(album.id, photo.albumTagId) : null;
    if (!photo || !tag) {
      throw notFound('PHOTO_101A', `Photo ${photoId} was not found in this album.`);
    }
    sendJson(context.res, 200, { ...photo, albumTagType: tag.type });
  });

  router.post('/api/v1/albums/:albumId/photos/:photoId/vote', async (context) => {
    const principal = await principalOf(context.req);
    const album = requireAlbum(photoflow, principal, context.params['albumId']);
    const photoId = requireUuid(context.params['photoId'], 'photo');
    if (!albums.photoRow(album.id, photoId)) {
      throw notFound('PHOTO_101A', `Photo ${photoId} was not found in this album.`);
    }
    const body = await readBody(context.req, voteBody);
    transaction(photoflow.db, () => {
      albums.setVoted(photoId, body.voted);
      albums.touch(album.id);
    });
    sendJson(context.res, 200, albums.photo(album.id, photoId, photoflow.publicOrigin()));
  });

  router.post('/api/v1/storage/folders/:folderId/sync', async (context) => {
    const principal = await principalOf(context.req);
    const folderId = requireUuid(context.params['folderId'], 'folder');
    const tag = albums.tagByFolder(folderId);
    const album = tag ? albums.find(principal.organizationId, tag.album_id) : null;
    if (!tag || !album) throw notFound('FOLDER_101A', `Storage folder ${folderId} was not found.`);
    const body = validate(folderSyncBody, (await readJson(context.req)) ?? {});
    workflow.resync(album, tag, syncOptions(body));
    sendJson(context.res, 202, albums.toTag(albums.tagById(tag.id) ?? tag));
  });
}
