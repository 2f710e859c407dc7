import type { AlbumSummary } from '../../api/models';

/** Albums per list request: divisible by 1 to 4 and 6 columns, so pages end on a row. */
export const LIST_PAGE_SIZE = 48;
/** Pages are fetched this many positions before the viewport reaches them. */
export const LIST_PREFETCH = LIST_PAGE_SIZE / 2;

/** How long a list left for an album keeps following its cards: a trip there and back. */
export const LIST_LINGER_MS = 15_000;

/** The positions (0-based, inclusive) of the cards in or near the viewport. */
export interface ListRange {
  readonly first: number;
  readonly last: number;
}

/** Before the list has said what it shows: a screen of cards at the top. */
export const LIST_FIRST_SCREEN: ListRange = { first: 0, last: LIST_PAGE_SIZE / 2 - 1 };

/** One page of the list, as the server answered it. */
export interface ListPage {
  /** The albums at positions `(page - 1) * LIST_PAGE_SIZE` onwards, in the server's order. */
  readonly ids: readonly string[];
  /** The list's length when the server answered this page. */
  readonly totalCount: number;
  /** The server's `modifiedAt` of its first and last album: the list is newest first. */
  readonly newest: string | null;
  readonly oldest: string | null;
  /** Its request's place in the order snapshots were issued (snapshot-replay.ts). */
  readonly issued: number;
}

export type ListPages = Readonly<Record<number, ListPage>>;

export const pageOf = (position: number): number => Math.floor(position / LIST_PAGE_SIZE) + 1;

export function toListPage(items: readonly AlbumSummary[], totalCount: number, issued: number) {
  return {
    ids: items.map((album) => album.id),
    totalCount,
    newest: items[0]?.modifiedAt ?? null,
    oldest: items.at(-1)?.modifiedAt ?? null,
    issued,
  } satisfies ListPage;
}

/**
 * The pages the list needs: those of the cards near the viewport and the next ones the
 * viewport is about to reach; at least the first, which says how many albums there are.
 * `totalCount` is null while no page has answered.
 */
export function wantedPages(range: ListRange, totalCount: number | null): number[] {
  const lastPage = totalCount === null ? Infinity : Math.max(1, pageOf(totalCount - 1));
  const from = Math.min(lastPage, pageOf(Math.max(0, range.first - LIST_PREFETCH)));
  const to = Math.min(lastPage, pageOf(Math.max(range.first, range.last) + LIST_PREFETCH));
  const pages: number[] = [];
  for (let page = Math.max(1, from); page <= to; page++) pages.push(page);
  return pages;
}

/**
 * Whether two pages can be shown side by side: answers from one moment of the list. Two
 * moments differ, for a list ordered by `modifiedAt` (newest first), in its length, or in
 * an album that moved up, which then shows twice or breaks the order between neighbours.
 * Only server times are compared, with server times.
 */
export function samePageMoment(a: number, pageA: ListPage, b: number, pageB: ListPage): boolean {
  if (pageA.totalCount !== pageB.totalCount) return false;
  const idsA = new Set(pageA.ids);
  if (pageB.ids.some((id) => idsA.has(id))) return false;
  const [before, after] = a < b ? [pageA, pageB] : [pageB, pageA];
  if (Math.abs(a - b) === 1 && before.oldest !== null && after.newest !== null) {
    return Date.parse(before.oldest) >= Date.parse(after.newest);
  }
  return true;
}

/**
 * Pages after an answer for `page`: an answer older than one already shown for it, or
 * than a page it cannot stand beside, is dropped; otherwise it is shown and the older
 * pages it cannot stand beside are dropped (refetched if still wanted). So the list
 * never shows a stale card next to a fresh page. Null: the answer is not shown.
 */
export function withPage(pages: ListPages, page: number, answer: ListPage): ListPages | null {
  const current = pages[page];
  if (current && current.issued > answer.issued) return null;
  const next: Record<number, ListPage> = {};
  for (const [key, other] of Object.entries(pages)) {
    const number = Number(key);
    if (number === page) continue;
    if (samePageMoment(number, other, page, answer)) next[number] = other;
    else if (other.issued > answer.issued) return null;
  }
  next[page] = answer;
  return next;
}

/**
 * Pages kept on either side of the wanted ones once loaded: a short way back shows its cards
 * at once. Farther pages are dropped as new ones land, so the store holds a few hundred
 * albums however far the list was scrolled, and a page's answer costs the same at the
 * 5,000th album as at the first.
 */
export const LIST_KEPT_PAGES = 3;

/** The pages a list keeps: the wanted ones and LIST_KEPT_PAGES more on either side. */
export function keptPages(range: ListRange, totalCount: number): number[] {
  const wanted = wantedPages(range, totalCount);
  const lastPage = Math.max(1, pageOf(totalCount - 1));
  const from = Math.max(1, (wanted[0] ?? 1) - LIST_KEPT_PAGES);
  const to = Math.min(lastPage, (wanted.at(-1) ?? 1) + LIST_KEPT_PAGES);
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Only the given pages. */
export function keepPages(pages: ListPages, keep: readonly number[]): ListPages {
  const next: Record<number, ListPage> = {};
  for (const page of keep) if (pages[page]) next[page] = pages[page];
  return next;
}

/** One slot per position of the list: its album id, or null while its page is not loaded. */
export function listSlots(pages: ListPages, totalCount: number): (string | null)[] {
  const slots: (string | null)[] = new Array(totalCount).fill(null);
  for (const [key, page] of Object.entries(pages)) {
    const start = (Number(key) - 1) * LIST_PAGE_SIZE;
    page.ids.forEach((id, index) => {
      if (start + index < totalCount) slots[start + index] = id;
    });
  }
  return slots;
}

/** The ids of the loaded albums at positions `range.first`…`range.last`. */
export function idsInRange(
  pages: Readonly<Record<number, Pick<ListPage, 'ids'>>>,
  range: ListRange,
): string[] {
  const ids: string[] = [];
  for (let page = pageOf(range.first); page <= pageOf(range.last); page++) {
    const loaded = pages[page];
    if (!loaded) continue;
    const start = (page - 1) * LIST_PAGE_SIZE;
    loaded.ids.forEach((id, index) => {
      if (start + index >= range.first && start + index <= range.last) ids.push(id);
    });
  }
  return ids;
}
