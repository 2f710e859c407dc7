import { TestBed } from '@angular/core/testing';
import { GridPhotos, tagPhoto } from './grid-photos.testing';
import type { PhotoSequence } from './photo-sequence';
import { TagPhotos } from './tag-photos';

/** A tag of `count` photos, sort orders `step` apart (the Rate tag's have gaps). */
function fakeTag(count: number, step = 1) {
  const photos = Array.from({ length: count }, (_, i) => ({
    ...tagPhoto(i),
    sortOrder: 1 + i * step,
  }));
  const grid = new GridPhotos(photos);
  const sequence = (): PhotoSequence => TestBed.inject(TagPhotos).sequence('a', 't');
  return { grid, photos, sequence };
}

describe('PhotoSequence (the viewer walking a tag, through the grid’s store)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('finds a photo of a 10,000-photo tag by binary search, in a handful of pages', async () => {
    for (const index of [0, 99, 100, 4_321, 9_999]) {
      TestBed.resetTestingModule();
      const tag = fakeTag(10_000, 6);
      expect(await tag.sequence().indexOf(tag.photos[index])).toBe(index);
      expect(tag.grid.reads.length).toBeLessThanOrEqual(8); // page 1, then log2(100) halvings
    }
    TestBed.resetTestingModule();
    const tag = fakeTag(10_000, 6);
    expect(
      await tag.sequence().indexOf({ id: 'ffffffff-0000-4000-8000-000000000000', sortOrder: 7 }),
    ).toBe(null);
  });

  it('places a photo of the first page with that page alone (a link to one of the first photos)', async () => {
    for (const index of [0, 37, 99]) {
      TestBed.resetTestingModule();
      const tag = fakeTag(2_400);
      expect(await tag.sequence().indexOf(tag.photos[index])).toBe(index);
      expect(tag.grid.asked()).toEqual([1]);
    }
    TestBed.resetTestingModule();
    const tag = fakeTag(2_400);
    expect(await tag.sequence().indexOf(tag.photos[100])).toBe(100);
    expect(tag.grid.asked()[0]).toBe(1);
    expect(new Set(tag.grid.asked()).size).toBe(tag.grid.reads.length); // no page asked twice
  });

  it('walks across pages, fetching each once, and ends at both ends', async () => {
    const tag = fakeTag(250);
    const sequence = tag.sequence();
    expect((await sequence.at(99))?.fileName).toBe('IMG_99.jpg');
    expect((await sequence.at(100))?.fileName).toBe('IMG_100.jpg');
    expect((await sequence.at(101))?.fileName).toBe('IMG_101.jpg');
    expect((await sequence.at(249))?.fileName).toBe('IMG_249.jpg');
    expect(await sequence.at(250)).toBe(null);
    expect(await sequence.at(-1)).toBe(null);
    expect(tag.grid.asked()).toEqual([1, 2, 3]);
    expect(sequence.totalCount).toBe(250);
  });

  it('places a photo with the pages the grid holds, and asks none the grid is reading', async () => {
    const tag = fakeTag(250);
    tag.grid.view(100, 199);
    expect(await tag.sequence().indexOf(tag.photos[180])).toBe(180);
    expect(tag.grid.asked()).toEqual([2]);

    // A deep link: the viewer reads page 1 while the grid beneath asks for it too.
    TestBed.resetTestingModule();
    const link = fakeTag(250);
    link.grid.hold = true;
    const placed = link.sequence().indexOf(link.photos[42]);
    link.grid.view(0, 30);
    expect(link.grid.asked()).toEqual([1]);
    link.grid.reads[0].answer();
    expect(await placed).toBe(42);
    link.grid.view(0, 99);
    expect(link.grid.asked()).toEqual([1]);
  });

  it('asks a failed page again, and a page again once the tag changed and it is invalidated', async () => {
    const tag = fakeTag(250);
    tag.grid.hold = true;
    const sequence = tag.sequence();
    const first = sequence.at(150);
    tag.grid.reads[0].answer(true);
    await expect(first).rejects.toMatchObject({ status: 503 });
    const again = sequence.at(150);
    tag.grid.reads[1].answer();
    expect((await again)?.fileName).toBe('IMG_150.jpg');
    expect(tag.grid.asked()).toEqual([2, 2]);

    // The tag loses its first photo: the grid refreshes what it shows (page 1), and the
    // walk keeps what it read until it is told (the viewer's throttled invalidation).
    tag.grid.hold = false;
    tag.grid.change(tag.photos.slice(1));
    expect(tag.grid.asked()).toEqual([2, 2, 1]);
    expect((await sequence.at(150))?.fileName).toBe('IMG_150.jpg');
    expect((await sequence.at(0))?.fileName).toBe('IMG_1.jpg'); // the grid's fresh page
    sequence.invalidate();
    expect((await sequence.at(150))?.fileName).toBe('IMG_151.jpg');
    expect((await sequence.at(0))?.fileName).toBe('IMG_1.jpg');
    expect(tag.grid.asked()).toEqual([2, 2, 1, 2]);
  });
});
