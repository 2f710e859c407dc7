// Tests only. MockStore's `overrideSelector` pins a memoized selector's result for the
// whole test run unless the spec calls `resetSelectors()`; clear those pins before
// testing the real selectors.
import * as activity from './activity.feature';
import * as albums from './albums.feature';
import * as photos from './photos.feature';
import * as sync from './sync.feature';
import * as tags from './tags.feature';
import * as connection from '../../realtime/connection.feature';

export function clearSelectorOverrides(): void {
  for (const module of [activity, albums, photos, sync, tags, connection]) {
    for (const value of Object.values(module)) {
      if (typeof value === 'function' && 'clearResult' in value)
        (value as { clearResult(): void }).clearResult();
    }
    for (const feature of Object.values(module)) {
      if (feature && typeof feature === 'object' && 'reducer' in feature) {
        for (const selector of Object.values(feature)) {
          if (typeof selector === 'function' && 'clearResult' in selector) {
            (selector as { clearResult(): void }).clearResult();
          }
        }
      }
    }
  }
}
