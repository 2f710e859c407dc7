import { defaultMemoize } from '@ngrx/store';

/**
 * A selector factory by album id. Which album a page shows is its route's input, the one
 * owner of that fact: the store holds every open album's data by id, and a page asks for
 * its own. Memoized on the last id, so a page asking again for its album gets the same
 * selector, and with it that selector's memo.
 */
export function perAlbumId<S>(make: (albumId: string) => S): (albumId: string) => S {
  return defaultMemoize(make).memoized as (albumId: string) => S;
}

/** An album's entry in a record by album id, or null (an id like `constructor` has none). */
export function entryOf<T>(record: Readonly<Record<string, T>>, albumId: string): T | null {
  return Object.hasOwn(record, albumId) ? (record[albumId] ?? null) : null;
}
