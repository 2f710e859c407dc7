/** The dev backend's REST API and dev tools, as the benchmark arranges things with them. */
export interface FloodPlan {
  readonly albumTagIds: readonly string[];
  readonly totalEvents: number;
  readonly durationMs: number;
  /** Date.now() at the flood's start (see server/src/photoflow/hub-flood.ts). */
  readonly startedAt: number;
}

export async function post<T>(
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function get<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

export async function devToken(backendUrl: string, email = 'an@photoflow.test'): Promise<string> {
  const { status, body } = await post<{ accessToken: string }>(`${backendUrl}/api/v1/auth/login`, {
    provider: 'Dev',
    email,
    password: 'photoflow',
  });
  if (status !== 200) throw new Error(`Dev sign-in of ${email}: ${status}`);
  return body.accessToken;
}

export interface AlbumSummary {
  id: string;
  name: string;
  state: string;
  photoCount: number;
}
export interface AlbumDetail extends AlbumSummary {
  tags: { id: string; type: string; status: string; photoCount: number; folderId: string }[];
  sync: unknown;
}

export async function albums(backendUrl: string, token: string): Promise<AlbumSummary[]> {
  return (await get<{ items: AlbumSummary[] }>(`${backendUrl}/api/v1/albums?pageSize=100`, token))
    .items;
}

/** The studio's first album in `state` (the seed has one in each stage). */
export async function albumInState(
  backendUrl: string,
  token: string,
  state: string,
): Promise<AlbumSummary> {
  const found = (await albums(backendUrl, token)).find((item) => item.state === state);
  if (!found) throw new Error(`No seed album in state ${state}`);
  return found;
}

export async function album(backendUrl: string, token: string, id: string): Promise<AlbumDetail> {
  return get<AlbumDetail>(`${backendUrl}/api/v1/albums/${id}`, token);
}

/** PUT /api/v1/albums/{id}/state: fires `trigger` at the given pace; answers the status (202: accepted). */
export async function fire(
  backendUrl: string,
  token: string,
  albumId: string,
  trigger: string,
  photosPerSecond: number,
): Promise<number> {
  const response = await fetch(`${backendUrl}/api/v1/albums/${albumId}/state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ trigger, photosPerSecond }),
  });
  return response.status;
}

/**
 * How a flood travels (server/src/photoflow/hub-flood.ts): `published`, as a sync's events,
 * through the hub's coalescing (what a browser really receives); `direct`, straight to our
 * own hub's group, past it. And what it sends: progress, or an event hubs send as it comes.
 */
export interface FloodWay {
  readonly path: 'direct' | 'published';
  readonly target?: 'PhotoSyncProgress' | 'PhotoSyncCompleted';
}

/** POST /api/dev/hub/flood: events for made-up tags of the album at a set rate. */
export async function flood(
  backendUrl: string,
  albumId: string,
  tags: number,
  eventsPerSecond: number,
  durationMs: number,
  way: FloodWay,
): Promise<FloodPlan> {
  const { status, body } = await post<FloodPlan>(`${backendUrl}/api/dev/hub/flood`, {
    albumId,
    tags,
    eventsPerSecond,
    durationMs,
    ...way,
  });
  if (status !== 202) throw new Error(`POST /api/dev/hub/flood answered ${status}`);
  return body;
}

/** GET /api/dev/hub/flood/stats: per tick of the latest flood, send → every member's frame written. */
export interface FloodStats {
  albumId: string;
  ticks: number;
  events: number;
  complete: boolean;
  fanoutMs: { p50: number; p99: number; max: number };
  recipients: number;
  minRecipients: number;
}

export function floodStats(backendUrl: string): Promise<FloodStats> {
  return get<FloodStats>(`${backendUrl}/api/dev/hub/flood/stats`);
}

/** The last processedCount the flood sends for each of its tags (it goes round-robin). */
export function floodLastCounts(plan: FloodPlan): Record<string, number> {
  const tags = plan.albumTagIds.length;
  return Object.fromEntries(
    plan.albumTagIds.map((id, index) => [
      id,
      Math.floor(plan.totalEvents / tags) + (index < plan.totalEvents % tags ? 1 : 0),
    ]),
  );
}

/** How many connections the server has in an album's group (via the emit dev tool's answer). */
export async function groupSize(backendUrl: string, albumId: string): Promise<number> {
  const { body } = await post<{ recipients: number }>(`${backendUrl}/api/dev/hub/emit`, {
    albumId,
    target: 'BenchGroupProbe',
    arguments: [],
  });
  return body.recipients;
}
