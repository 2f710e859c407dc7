/** Wiring: the database, the PhotoFlow domain, its REST API and its hub, on one HTTP server. */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultSignInLimits, type BackendConfig } from './config.ts';
import { applyCors } from './http/cors.ts';
import { OriginPolicy } from './http/origins.ts';
import { sendJson } from './http/respond.ts';
import { logRequest } from './http/request-log.ts';
import { Router } from './http/router.ts';
import { AlbumWorkflow } from './photoflow/album-workflow.ts';
import { AlbumStore } from './photoflow/albums.ts';
import { addAlbumRoutes } from './photoflow/api/album-routes.ts';
import { addAuthRoutes } from './photoflow/api/auth-routes.ts';
import type { HubTools, PhotoFlow } from './photoflow/api/context.ts';
import { addDevRoutes } from './photoflow/api/dev-routes.ts';
import { addThumbnailRoutes } from './photoflow/api/thumbnail-routes.ts';
import { AuthService } from './photoflow/auth.ts';
import { openDatabase, readSetting } from './photoflow/database.ts';
import { SimulatedDrive } from './photoflow/drive.ts';
import { AlbumEvents } from './photoflow/events.ts';
import { HubFlood } from './photoflow/hub-flood.ts';
import { HubPublisher } from './photoflow/hub-publisher.ts';
import { ProgressCoalescer } from './photoflow/progress-coalescer.ts';
import { albumGroup, createNotificationHub } from './photoflow/notification-hub.ts';
import { seedDatabase } from './photoflow/seed.ts';
import { SignInLimiter } from './photoflow/sign-in-limiter.ts';
import { SyncEngine } from './photoflow/sync-engine.ts';
import { createHubEndpoint, type HubEndpoint } from './signalr/index.ts';

export const hubPath = '/hubs/notification';

export interface Backend {
  readonly server: Server;
  /** `http://host:port` the backend listens on. */
  readonly url: string;
  /** Album events as the hub sends them (tests may listen). */
  readonly events: AlbumEvents;
  readonly hub: HubEndpoint;
  /** Syncs that the previous stop interrupted, marked failed at this start. */
  readonly interruptedSyncs: number;
  /** Where hub events go: our own hub, or the ASP.NET Core hub's origin (HUB_PUBLISH_URL). */
  readonly hubEventsTo: 'own hub' | string;
  close(): Promise<void>;
}

export async function createServer(config: BackendConfig): Promise<Backend> {
  const db = openDatabase(config.dataDir);
  const albums = new AlbumStore(db);
  const drive = new SimulatedDrive(db);
  const events = new AlbumEvents();
  const auth = new AuthService(
    db,
    config.accessTokenTtlSeconds,
    config.jwt,
    config.refreshReuseGraceSeconds,
  );
  const syncs = new SyncEngine(db, albums, events, config.syncPhotosPerSecond);
  const workflow = new AlbumWorkflow(db, albums, drive, syncs, events);

  if (!readSetting(db, 'seeded_at')) seedDatabase(db, albums, drive);
  const interruptedSyncs = syncs.failInterrupted();

  const hub: HubEndpoint = createHubEndpoint(
    createNotificationHub(auth, albums, (): HubEndpoint => hub),
    // Stateful reconnect offered, with the replay buffer of PhotoFlow's ASP.NET Core hub
    // (aspnetcore-hub/DeliveryOptions.cs, README "Delivery").
    {
      allowStatefulReconnects: true,
      statefulReconnectBufferSize: 256 * 1024,
      ...(config.hubClockSkewSeconds === undefined
        ? {}
        : { clockSkewMs: config.hubClockSkewSeconds * 1000 }),
      ...config.hub,
      path: hubPath,
    },
  );
  // With HUB_PUBLISH_URL every event goes to the ASP.NET Core hub (which coalesces progress
  // itself) and ours serves nobody; our own hub's sends coalesce progress as that hub does.
  const publisher = config.hubPublish ? new HubPublisher(config.hubPublish) : null;
  const coalescer = new ProgressCoalescer((event) =>
    hub.sendToGroup(albumGroup(event.payload.albumId), event.target, [event.payload]),
  );
  const unsubscribe = events.subscribe((_albumId, event) =>
    publisher ? publisher.publish(event) : coalescer.send(event),
  );
  const hubTools: HubTools = publisher
    ? {
        ownHub: false,
        disconnectAll: () => publisher.disconnectAll(),
        emit: (albumId, target, args) => publisher.emit(albumId, target, args),
      }
    : {
        ownHub: true,
        disconnectAll: async () => hub.disconnectAll(),
        emit: async (albumId, target, args) => {
          const group = albumGroup(albumId);
          coalescer.then(albumId, () => hub.sendToGroup(group, target, args));
          return { group, recipients: hub.groupSize(group) };
        },
      };
  const flood = new HubFlood(
    () => hub,
    (event) => events.publish(event),
  );
  const devMode = config.mode === 'dev';
  const signInLimiter = new SignInLimiter(config.signInLimits ?? defaultSignInLimits);
  // Known once listening (PORT=0 picks the port).
  let ownOrigin = '';
  const publicOrigin = (): string => config.publicOrigin ?? ownOrigin;
  const origins = new OriginPolicy(config.allowedOrigins, publicOrigin);

  const photoflow: PhotoFlow = {
    db,
    auth,
    albums,
    drive,
    syncs,
    workflow,
    events,
    devTools: devMode,
    signInLimiter,
    oauthRedirectUris: config.oauthRedirectUris ?? null,
    publicOrigin,
    hub: () => hub,
    hubTools,
    reset: () => {
      syncs.stopAll();
      flood.stopAll();
      seedDatabase(db, albums, drive);
      signInLimiter.clear();
    },
  };

  const router = new Router();
  router.get('/health', ({ res }) => sendJson(res, 200, { status: 'ok' }));
  addAuthRoutes(router, photoflow);
  addAlbumRoutes(router, photoflow);
  addThumbnailRoutes(router, photoflow);
  if (devMode) addDevRoutes(router, photoflow, flood);

  const server = createHttpServer((req, res) => {
    if (config.log) logRequest(req, res, config.log);
    if (origins.refuseRequest(req, res)) return;
    if (!publisher && hub.handleRequest(req, res)) return;
    if (applyCors(req, res, origins)) return;
    void router.handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (origins.refuseUpgrade(req, socket)) return;
    if (publisher || !hub.handleUpgrade(req, socket, head)) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ownOrigin = `http://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    server,
    url: ownOrigin,
    events,
    hub,
    interruptedSyncs,
    hubEventsTo: config.hubPublish?.urls.join(', ') ?? 'own hub',
    close() {
      closing ??= (async () => {
        // Running syncs keep their database rows: the next start marks them failed.
        syncs.stopAll();
        flood.stopAll();
        unsubscribe();
        coalescer.flushAll();
        await publisher?.close();
        hub.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        db.close();
      })();
      return closing;
    },
  };
}
