import { expect } from '@playwright/test';
import { type Album, type Api, devPost } from './api';

/** A studio's real amounts: a 2,400-shot wedding at Rate, its Stock processed, the client's picks made. */
export interface Wedding {
  readonly album: Album;
  readonly shots: number;
  readonly picks: number;
}

/**
 * Takes the seed's wedding (Lan & Minh, its Raw folder 2,400 photos, in `Init`) through the
 * workflow as a studio's day would: `SyncRawTag`, `SyncStockTag`, then the client picks every
 * 19th photo and fires `Rate` (dev tool). Syncs run fast; the album ends at Rate.
 */
export async function weddingAtRate(api: Api): Promise<Wedding> {
  const init = await api.albumInState('Init');
  const fast = { photosPerSecond: 20_000 };
  expect(await api.fire(init.id, 'SyncRawTag', fast)).toBe(202);
  const raw = await api.waitForState(init.id, 'Raw');
  const shots = raw.tags.find((tag) => tag.type === 'Raw')!.photoCount;
  expect(await api.fire(init.id, 'SyncStockTag', fast)).toBe(202);
  const stocked = await api.waitForState(init.id, 'Stock');
  const stock = stocked.tags.find((tag) => tag.type === 'Stock')!;
  const votes: string[] = [];
  for (let page = 1; page <= Math.ceil(shots / 500); page++) {
    const { body } = await api.request<{ items: { id: string }[] }>(
      'GET',
      `/api/v1/albums/${init.id}/tags/${stock.id}/photos?page=${page}&pageSize=500`,
    );
    const first = (page - 1) * 500;
    votes.push(
      ...body.items.filter((_, index) => (first + index) % 19 === 0).map((photo) => photo.id),
    );
  }
  const rated = await devPost(api.backendUrl, `/api/dev/albums/${init.id}/client`, {
    trigger: 'Rate',
    votes,
  });
  expect(rated.ok, 'the client rates').toBe(true);
  const album = await api.waitForState(init.id, 'Rate');
  return { album, shots, picks: votes.length };
}
