import type { Page, Photo } from '../../api/models';

/** One tag's pages, as the walk reads them (`TagPhotos.sequence`: the grid's store). */
export interface PhotoPages {
  /** Page `page` (from 1), read since the last `invalidate()`: held, or asked and awaited. */
  page(page: number): Promise<Page<Photo>>;
  /** The pages held now that were read since the last `invalidate()`, by number. */
  held(): ReadonlyMap<number, Page<Photo>>;
  /** The tag changed: a page read before now is read again when next needed. */
  invalidate(): void;
}

/** What orders a tag's photos: the backend lists them by sort order, then id. */
type PhotoKey = Pick<Photo, 'id' | 'sortOrder'>;

function compare(a: PhotoKey, b: PhotoKey): number {
  if (a.sortOrder !== b.sortOrder) return a.sortOrder - b.sortOrder;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One tag's photos in order, as the viewer walks them: pages read when first needed and
 * kept by their owner, so a 10,000-photo tag costs a page per hundred photos walked. A
 * photo opened from a link (its position unknown) is found by a binary search over pages,
 * a handful of requests, since the backend gives no position.
 */
export class PhotoSequence {
  private knownTotal: number | null = null;

  constructor(
    private readonly pages: PhotoPages,
    readonly pageSize = 100,
  ) {}

  /** The tag's photo count, as the last page fetched said; null before any. */
  get totalCount(): number | null {
    return this.knownTotal;
  }

  /** Every page read so far may be out of date (the tag re-synced): read them again. */
  invalidate(): void {
    this.pages.invalidate();
  }

  /** The photo at `index` (0-based), or null past the end. */
  async at(index: number): Promise<Photo | null> {
    if (index < 0) return null;
    const page = await this.page(Math.floor(index / this.pageSize) + 1);
    return page.items[index % this.pageSize] ?? null;
  }

  /** The position of `photo` in the tag, or null when the tag does not list it. */
  async indexOf(photo: PhotoKey): Promise<number | null> {
    for (const [number, held] of this.pages.held()) {
      const found = held.items.findIndex((item) => item.id === photo.id);
      if (found >= 0) {
        this.knownTotal = held.totalCount;
        return (number - 1) * this.pageSize + found;
      }
    }
    const first = await this.page(1);
    // Page 1 is held now: a photo within its range is placed without another request (a
    // link to one of a tag's first photos was four requests in a row, one after the other).
    let low = 1;
    let high = Math.max(1, Math.ceil(first.totalCount / this.pageSize));
    while (low <= high) {
      const middle = low === 1 ? 1 : Math.floor((low + high) / 2);
      const { items } = await this.page(middle);
      if (items.length === 0) {
        high = middle - 1;
        continue;
      }
      if (compare(photo, items[0]) < 0) high = middle - 1;
      else if (compare(photo, items[items.length - 1]) > 0) low = middle + 1;
      else {
        const found = items.findIndex((item) => item.id === photo.id);
        return found >= 0 ? (middle - 1) * this.pageSize + found : null;
      }
    }
    return null;
  }

  private async page(number: number): Promise<Page<Photo>> {
    const page = await this.pages.page(number);
    this.knownTotal = page.totalCount;
    return page;
  }
}
