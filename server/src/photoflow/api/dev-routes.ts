import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { readBody } from '../../http/body.ts';
import { notFound } from '../../http/problem.ts';
import { sendJson, sendNoContent } from '../../http/respond.ts';
import type { Router } from '../../http/router.ts';
import { driveFolderUrl } from '../drive.ts';
import { albumGroup } from '../notification-hub.ts';
import { baseUrlOf, requireUuid, type PhotoFlow } from './context.ts';
import type { HubFlood } from '../hub-flood.ts';
import { clientTriggerBody, emitBody, floodBody } from './schemas.ts';

/** Dev tools of CONTRACT §6 (no token; off with NODE_ENV=production). */
export function addDevRoutes(router: Router, photoflow: PhotoFlow, flood: HubFlood): void {
  router.post('/api/dev/reset', ({ res }) => {
    photoflow.reset();
    sendNoContent(res);
  });

  router.post('/api/dev/hub/disconnect-all', ({ res }) => {
    photoflow.hub().disconnectAll();
    sendNoContent(res);
  });

  router.post('/api/dev/hub/emit', async ({ req, res }) => {
    const body = await readBody(req, emitBody);
    const group = albumGroup(body.albumId);
    photoflow.hub().sendToGroup(group, body.target, body.arguments);
    sendJson(res, 200, { group, recipients: photoflow.hub().groupSize(group) });
  });

  router.post('/api/dev/hub/flood', async ({ req, res }) => {
    const body = await readBody(req, floodBody);
    sendJson(
      res,
      202,
      flood.start(body.albumId.toLowerCase(), body.tags, body.eventsPerSecond, body.durationMs),
    );
  });

  // Benchmark tool: the backend's own share of the most recent flood (figure 9): per tick,
  // the time from its first send until every member's frame of the tick was written.
  router.get('/api/dev/hub/flood/stats', ({ res }) => {
    const stats = flood.lastStats();
    if (!stats) throw notFound('NOT_FOUND', 'No flood has run since the backend started.');
    sendJson(res, 200, stats);
  });

  router.post('/api/dev/albums/:albumId/client', async (context) => {
    const albumId = requireUuid(context.params['albumId'], 'album');
    const album = photoflow.albums.findAny(albumId);
    if (!album) throw notFound('ALBUM_101A', `Album ${albumId} was not found.`);
    const body = await readBody(context.req, clientTriggerBody);
    const status = photoflow.workflow.fire(album, { kind: 'client' }, body.trigger, {
      votes: body.votes?.map((id) => id.toLowerCase()),
    });
    const after = photoflow.albums.findAny(album.id) ?? album;
    sendJson(context.res, status, photoflow.albums.detail(after, baseUrlOf(context)));
  });

  // Benchmark tool: a Drive folder of any size (figure 7 scrolls a 10,000-photo tag).
  router.post('/api/dev/drive/folders', async ({ req, res }) => {
    const body = await readBody(req, driveFolderBody);
    const folder = {
      id: `bench${randomBytes(16).toString('hex')}`,
      name: body.name,
      filePrefix: 'BENCH',
      fileCount: body.photoCount,
      hue: 200,
    };
    photoflow.drive.addFolder(folder);
    sendJson(res, 201, {
      id: folder.id,
      name: folder.name,
      url: driveFolderUrl(folder.id),
      photoCount: folder.fileCount,
    });
  });

  router.get('/api/dev/drive/folders', ({ res }) => {
    sendJson(
      res,
      200,
      photoflow.drive.folders().map((folder) => ({
        id: folder.id,
        name: folder.name,
        url: driveFolderUrl(folder.id),
        photoCount: folder.fileCount,
      })),
    );
  });
}

const driveFolderBody = v.object({
  name: v.pipe(v.string('name must be a string'), v.minLength(1), v.maxLength(200)),
  photoCount: v.pipe(
    v.number('photoCount must be a number'),
    v.integer(),
    v.minValue(1),
    v.maxValue(100_000),
  ),
});
