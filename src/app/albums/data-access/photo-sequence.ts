import type { Page, Photo } from '../../api/models';

/** Fetches page `page` (from 1) of one tag's photos. */
export type PhotoPageFetcher = (page: number, pageSize: number) => Promise<Page<Photo>>;

/** What orders a tag's photos: the backend lists them by sort order, then id. */
type PhotoKey = Pick<Photo, 'id' | 'sortOrder'>;

function compare(a: PhotoKey, b: PhotoKey): number {
  if (a.sortOrder !== b.sortOrder) return a.sortOrder - b.sortOrder;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One tag's photos in order, as the viewer walks them: pages fetched when first needed
 * and kept, so a 10,000-photo tag costs a page per hundred photos walked. A photo opened
 * from a link (its position unknown) is found by a binary search over pages, a handful
 * of requests, since the backend gives no position.
 */
export class PhotoSequence {
  private readonly pages = new Map<number, Promise<Page<Photo>>>();
  private knownTotal: number | null = null;

  constructor(
    private readonly fetchPage: PhotoPageFetcher,
    readonly pageSize = 100,
  ) {}

  /** The tag's photo count, as the last page fetched said; null before any. */
  get totalCount(): number | null {
    return this.knownTotal;
  }

  /** Forget every page (the tag re-synced): the next read asks the backend again. */
  invalidate(): void {
    this.pages.clear();
  }

  /** The photo at `index` (0-based), or null past the end. */
  async at(index: number): Promise<Photo | null> {
    if (index < 0) return null;
    const page = await this.page(Math.floor(index / this.pageSize) + 1);
    return page.items[index % this.pageSize] ?? null;
  }

  /** The position of `photo` in the tag, or null when the tag does not list it. */
  async indexOf(photo: PhotoKey): Promise<number | null> {
    for (const [number, pending] of this.pages) {
      const found = (await pending).items.findIndex((item) => item.id === photo.id);
      if (found >= 0) return (number - 1) * this.pageSize + found;
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

  private page(number: number): Promise<Page<Photo>> {
    let pending = this.pages.get(number);
    if (!pending) {
      pending = this.fetchPage(number, this.pageSize).then(
        (page) => {
          this.knownTotal = page.totalCount;
          return page;
        },
        (error: unknown) => {
          this.pages.delete(number); // a failed page is asked again next time
          throw error;
        },
      );
      this.pages.set(number, pending);
    }
    return pending;
  }
}
