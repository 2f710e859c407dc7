import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { readBody } from '../../http/body.ts';
import { conflict, notFound, ProblemError } from '../../http/problem.ts';
import { sendJson, sendNoContent } from '../../http/respond.ts';
import type { Router } from '../../http/router.ts';
import { driveFolderUrl } from '../drive.ts';
import { seedArchiveAlbums } from '../seed.ts';
import { requireUuid, type PhotoFlow } from './context.ts';
import type { HubFlood } from '../hub-flood.ts';
import { clientTriggerBody, emitBody, floodBody } from './schemas.ts';

/** Dev tools of CONTRACT §6 (no token; dev mode only). */
export function addDevRoutes(router: Router, photoflow: PhotoFlow, flood: HubFlood): void {
  router.post('/api/dev/reset', ({ res }) => {
    photoflow.reset();
    sendNoContent(res);
  });

  router.post('/api/dev/hub/disconnect-all', async ({ res }) => {
    await viaHub(() => photoflow.hubTools.disconnectAll());
    sendNoContent(res);
  });

  router.post('/api/dev/hub/emit', async ({ req, res }) => {
    const body = await readBody(req, emitBody);
    sendJson(
      res,
      200,
      await viaHub(() => photoflow.hubTools.emit(body.albumId, body.target, body.arguments)),
    );
  });

  router.post('/api/dev/hub/flood', async ({ req, res }) => {
    const body = await readBody(req, floodBody);
    // The direct path is our own hub's group; with HUB_PUBLISH_URL ours serves nobody.
    if (body.path === 'direct' && !photoflow.hubTools.ownHub) {
      throw conflict(
        'NOT_AVAILABLE',
        'The direct flood drives our own hub; HUB_PUBLISH_URL sends events to another hub (use path "published").',
      );
    }
    sendJson(res, 202, flood.start({ ...body, albumId: body.albumId.toLowerCase() }));
  });

  // Benchmark tool: the backend's own share of the most recent flood (figure 9): per tick,
  // the time from its first send until every member's frame of the tick was written.
  router.get('/api/dev/hub/flood/stats', ({ res }) => {
    const stats = flood.lastStats();
    if (!stats) throw notFound('NOT_FOUND', 'No flood has run since the backend started.');
    sendJson(res, 200, stats);
  });

  // Dev tool: how many hub connections are live, and how many members each group has (one
  // browser sharing one connection across its tabs counts once).
  router.get('/api/dev/hub/stats', ({ res }) => {
    if (!photoflow.hubTools.ownHub) {
      throw conflict(
        'NOT_AVAILABLE',
        'The stats describe our own hub; HUB_PUBLISH_URL sends events to another hub.',
      );
    }
    const hub = photoflow.hub();
    const memory = process.memoryUsage();
    sendJson(res, 200, {
      connections: hub.connectionCount(),
      groups: hub.groupSizes(),
      // The backend's whole process, for the benchmark's cost of N tabs (noisy: no GC first).
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    });
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
    sendJson(context.res, status, photoflow.albums.detail(after, photoflow.publicOrigin()));
  });

  // Test and benchmark tool: a studio of real size (issue 21: 600 and 5,000 albums).
  router.post('/api/dev/albums/archive', async ({ req, res }) => {
    const body = await readBody(req, archiveBody);
    const user = photoflow.db
      .prepare('SELECT organization_id FROM users WHERE email = ?')
      .get(body.email.trim()) as { organization_id: string } | undefined;
    if (!user) throw notFound('NOT_FOUND', `No user has the email ${body.email}.`);
    const added = seedArchiveAlbums(
      photoflow.db,
      photoflow.albums,
      user.organization_id,
      body.count,
    );
    sendJson(res, 201, { count: body.count, ...added });
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

const archiveBody = v.object({
  email: v.pipe(v.string('email must be a string'), v.minLength(1), v.maxLength(320)),
  count: v.pipe(
    v.number('count must be a number'),
    v.integer('count must be a whole number'),
    v.minValue(1, 'count is at least 1'),
    v.maxValue(20_000, 'count is at most 20,000'),
  ),
});

const driveFolderBody = v.object({
  name: v.pipe(v.string('name must be a string'), v.minLength(1), v.maxLength(200)),
  photoCount: v.pipe(
    v.number('photoCount must be a number'),
    v.integer(),
    v.minValue(1),
    v.maxValue(100_000),
  ),
});

/** A dev tool on the ASP.NET Core hub that cannot reach it answers 502, saying so. */
async function viaHub<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError(
      502,
      'HUB_UNAVAILABLE',
      `The hub did not take it: ${(error as Error).message}`,
    );
  }
}
