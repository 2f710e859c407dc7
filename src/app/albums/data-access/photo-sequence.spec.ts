import type { Page, Photo } from '../../api/models';
import { PhotoSequence } from './photo-sequence';

/** A tag as the backend lists it: by sort order, then id; sort orders may have gaps (Rate). */
function fakeTag(count: number, step = 1) {
  const photos: Photo[] = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    albumTagId: 'tag',
    fileName: `IMG_${i}.jpg`,
    thumbnailUrl: `https://example.test/${i}`,
    sortOrder: 1 + i * step,
    voted: false,
    createdAt: '2026-12-02T00:00:00.000Z',
  }));
  const asked: number[] = [];
  const fetchPage = (page: number, pageSize: number): Promise<Page<Photo>> => {
    asked.push(page);
    const start = (page - 1) * pageSize;
    return Promise.resolve({ items: photos.slice(start, start + pageSize), totalCount: count });
  };
  return { photos, asked, fetchPage };
}

describe('PhotoSequence (the viewer walking a tag)', () => {
  it('finds a photo of a 10,000-photo tag by binary search, in a handful of pages', async () => {
    const tag = fakeTag(10_000, 6);
    const sequence = new PhotoSequence(tag.fetchPage, 100);
    for (const index of [0, 99, 100, 4_321, 9_999]) {
      const fresh = new PhotoSequence(tag.fetchPage, 100);
      tag.asked.length = 0;
      expect(await fresh.indexOf(tag.photos[index])).toBe(index);
      expect(tag.asked.length).toBeLessThanOrEqual(8); // page 1, then log2(100) halvings
    }
    expect(
      await sequence.indexOf({ id: 'ffffffff-0000-4000-8000-000000000000', sortOrder: 7 }),
    ).toBe(null);
  });

  it('places a photo of the first page with that page alone (a link to one of the first photos)', async () => {
    const tag = fakeTag(2_400);
    for (const index of [0, 37, 99]) {
      tag.asked.length = 0;
      const fresh = new PhotoSequence(tag.fetchPage, 100);
      expect(await fresh.indexOf(tag.photos[index])).toBe(index);
      expect(tag.asked).toEqual([1]);
    }
    tag.asked.length = 0;
    const fresh = new PhotoSequence(tag.fetchPage, 100);
    expect(await fresh.indexOf(tag.photos[100])).toBe(100);
    expect(tag.asked[0]).toBe(1);
    expect(new Set(tag.asked).size).toBe(tag.asked.length); // no page asked twice
  });

  it('walks across pages, fetching each once, and ends at both ends', async () => {
    const tag = fakeTag(250);
    const sequence = new PhotoSequence(tag.fetchPage, 100);
    expect((await sequence.at(99))?.fileName).toBe('IMG_99.jpg');
    expect((await sequence.at(100))?.fileName).toBe('IMG_100.jpg');
    expect((await sequence.at(101))?.fileName).toBe('IMG_101.jpg');
    expect((await sequence.at(249))?.fileName).toBe('IMG_249.jpg');
    expect(await sequence.at(250)).toBe(null);
    expect(await sequence.at(-1)).toBe(null);
    expect(tag.asked).toEqual([1, 2, 3]);
    expect(sequence.totalCount).toBe(250);
  });

  it('uses the pages it already holds to place a photo', async () => {
    const tag = fakeTag(250);
    const sequence = new PhotoSequence(tag.fetchPage, 100);
    await sequence.at(150);
    tag.asked.length = 0;
    expect(await sequence.indexOf(tag.photos[180])).toBe(180);
    expect(tag.asked).toEqual([]);
  });

  it('asks a failed page again, and every page again once invalidated', async () => {
    const tag = fakeTag(150);
    let fail = true;
    const sequence = new PhotoSequence((page, size) => {
      if (fail) {
        fail = false;
        return Promise.reject(new Error('offline'));
      }
      return tag.fetchPage(page, size);
    }, 100);
    await expect(sequence.at(0)).rejects.toThrow('offline');
    expect((await sequence.at(0))?.fileName).toBe('IMG_0.jpg');
    sequence.invalidate();
    tag.asked.length = 0;
    await sequence.at(0);
    expect(tag.asked).toEqual([1]);
  });
});
