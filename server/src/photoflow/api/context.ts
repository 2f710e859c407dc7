import type { IncomingMessage } from 'node:http';
import type { DatabaseSync } from 'node:sqlite';
import type { HubEndpoint } from '../../signalr/hub.ts';
import { notFound, badRequest, unauthorized } from '../../http/problem.ts';
import type { AlbumWorkflow } from '../album-workflow.ts';
import type { AlbumRow, AlbumStore } from '../albums.ts';
import type { AuthService } from '../auth.ts';
import type { SimulatedDrive } from '../drive.ts';
import type { AlbumEvents } from '../events.ts';
import { isUuid } from '../ids.ts';
import type { Principal } from '../model.ts';
import type { SignInLimiter } from '../sign-in-limiter.ts';
import type { SyncEngine } from '../sync-engine.ts';

/** Everything the PhotoFlow routes use. */
export interface PhotoFlow {
  readonly db: DatabaseSync;
  readonly auth: AuthService;
  readonly albums: AlbumStore;
  readonly drive: SimulatedDrive;
  readonly syncs: SyncEngine;
  readonly workflow: AlbumWorkflow;
  readonly events: AlbumEvents;
  /** Dev mode: dev tools, the `Dev` provider and the emulated Google sign-in. */
  readonly devTools: boolean;
  readonly signInLimiter: SignInLimiter;
  /** redirect_uris the emulated Google accepts; null: `/callback` on loopback origins. */
  readonly oauthRedirectUris: readonly string[] | null;
  /** The origin of absolute URLs we answer (thumbnails): configured, never the Host header. */
  readonly publicOrigin: () => string;
  /** The hub endpoint (dev tools drive it). */
  readonly hub: () => HubEndpoint;
  /** Dev tools on whichever hub the events go to (ours, or the ASP.NET Core hub). */
  readonly hubTools: HubTools;
  /** Restores the seed (dev reset). */
  readonly reset: () => void;
}

export interface HubTools {
  /** False while events go to another hub (ours then serves no client). */
  readonly ownHub: boolean;
  disconnectAll(): Promise<void>;
  emit(
    albumId: string,
    target: string,
    args: readonly unknown[],
  ): Promise<{ group: string; recipients: number }>;
}

/** The caller of an API request, from `Authorization: Bearer`; 401 otherwise. */
export async function requirePrincipal(
  photoflow: PhotoFlow,
  req: IncomingMessage,
): Promise<Principal> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const principal = await photoflow.auth.verifyAccessToken(match?.[1]);
  if (!principal) throw unauthorized();
  return principal;
}

export function requireUuid(value: string | undefined, what: string): string {
  if (!isUuid(value)) throw badRequest(`The ${what} id is not a valid UUID.`);
  return value.toLowerCase();
}

/** The caller's organization's album; another organization's answers 404 like an unknown one. */
export function requireAlbum(
  photoflow: PhotoFlow,
  principal: Principal,
  albumId: string | undefined,
): AlbumRow {
  const id = requireUuid(albumId, 'album');
  const album = photoflow.albums.find(principal.organizationId, id);
  if (!album) throw notFound('ALBUM_101A', `Album ${id} was not found.`);
  return album;
}

export function pageParams(url: URL, defaultSize: number): { page: number; pageSize: number } {
  const read = (name: string, fallback: number, max: number): number => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a whole number.`);
    const value = Number(raw);
    if (value < 1 || value > max) throw badRequest(`${name} must be from 1 to ${max}.`);
    return value;
  };
  return { page: read('page', 1, 1_000_000), pageSize: read('pageSize', defaultSize, 500) };
}
