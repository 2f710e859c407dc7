import { expect } from '@playwright/test';

/** The dev backend's REST API, as the tests use it to arrange and to check the truth. */
export interface AlbumSummary {
  id: string;
  name: string;
  state: string;
  photoCount: number;
  syncing: boolean;
}
export interface AlbumTag {
  id: string;
  albumId: string;
  type: string;
  status: string;
  link: string | null;
  folderId: string;
  photoCount: number;
}
export interface Album {
  id: string;
  name: string;
  state: string;
  photoCount: number;
  tags: AlbumTag[];
  sync: { albumTagId: string; processedCount: number; totalCount: number } | null;
}
export interface Photo {
  id: string;
  albumTagId: string;
  fileName: string;
  sortOrder: number;
  voted: boolean;
}

export interface DriveFolder {
  id: string;
  name: string;
  url: string;
  photoCount: number;
}

export class Api {
  private constructor(
    readonly backendUrl: string,
    private token: string,
  ) {}

  static async signIn(backendUrl: string, email: string, password = 'photoflow'): Promise<Api> {
    const response = await fetch(`${backendUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'Dev', email, password }),
    });
    expect(response.status, `dev sign-in of ${email}`).toBe(200);
    const body = (await response.json()) as { accessToken: string };
    return new Api(backendUrl, body.accessToken);
  }

  static async reset(backendUrl: string): Promise<void> {
    const response = await fetch(`${backendUrl}/api/dev/reset`, { method: 'POST' });
    expect(response.ok, 'POST /api/dev/reset').toBe(true);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.backendUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async albums(): Promise<AlbumSummary[]> {
    const { body } = await this.request<{ items: AlbumSummary[] }>(
      'GET',
      '/api/v1/albums?pageSize=100',
    );
    return body.items;
  }

  async albumInState(state: string): Promise<AlbumSummary> {
    const album = (await this.albums()).find((item) => item.state === state);
    if (!album) throw new Error(`No seed album in state ${state}`);
    return album;
  }

  async album(id: string): Promise<Album> {
    const { status, body } = await this.request<Album>('GET', `/api/v1/albums/${id}`);
    expect(status).toBe(200);
    return body;
  }

  async photos(albumId: string, tagId: string): Promise<Photo[]> {
    const { body } = await this.request<{ items: Photo[] }>(
      'GET',
      `/api/v1/albums/${albumId}/tags/${tagId}/photos?page=1&pageSize=500`,
    );
    return body.items;
  }

  async fire(
    albumId: string,
    trigger: string,
    extra: Record<string, unknown> = {},
  ): Promise<number> {
    const { status } = await this.request('PUT', `/api/v1/albums/${albumId}/state`, {
      trigger,
      ...extra,
    });
    return status;
  }

  async createAlbum(name: string, rawFolderUrl: string): Promise<Album> {
    const { status, body } = await this.request<Album>('POST', '/api/v1/albums', {
      name,
      rawFolderUrl,
    });
    expect(status, 'create album').toBe(201);
    return body;
  }

  async driveFolders(): Promise<DriveFolder[]> {
    const response = await fetch(`${this.backendUrl}/api/dev/drive/folders`);
    expect(response.ok, 'GET /api/dev/drive/folders').toBe(true);
    return (await response.json()) as DriveFolder[];
  }

  async waitForState(albumId: string, state: string, timeoutMs = 60_000): Promise<Album> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const album = await this.album(albumId);
      if (album.state === state && !album.sync) return album;
      if (Date.now() > deadline)
        throw new Error(`Album ${albumId} is ${album.state}, not ${state}`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

export async function devPost(backendUrl: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${backendUrl}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
