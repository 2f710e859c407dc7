import { computed, inject, type Signal } from '@angular/core';
import { Store } from '@ngrx/store';

/** One album's selector, made for the album's id (`data-access/album-selector.ts`). */
export type AlbumSelector<T> = (albumId: string) => (state: object) => T;

/**
 * Reads one album's selectors for the album that a signal names (the page's route input,
 * the one owner of which album it shows): `select(selectAlbum)` follows the input from
 * album to album, so the page never shows another album's data.
 */
export function injectAlbumSelect(albumId: Signal<string>) {
  const store = inject(Store);
  return <T>(selector: AlbumSelector<T>): Signal<T> => {
    const selected = computed(() => store.selectSignal(selector(albumId())));
    return computed(() => selected()());
  };
}
