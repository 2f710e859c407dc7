import type { EnvironmentProviders } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { provideState } from '@ngrx/store';
import { activityFeature } from './activity.feature';
import * as albumsEffects from './albums.effects';
import { albumsFeature } from './albums.feature';
import { photosFeature } from './photos.feature';
import { syncFeature } from './sync.feature';
import { tagsFeature } from './tags.feature';

/**
 * The albums' state and effects, for the lazy route that holds the album pages:
 * `{ path: 'albums', providers: [provideAlbumsState()], children: [...] }`.
 * Register it once, on the parent of the list and detail routes.
 */
export function provideAlbumsState(): EnvironmentProviders[] {
  return [
    provideState(albumsFeature),
    provideState(tagsFeature),
    provideState(photosFeature),
    provideState(syncFeature),
    provideState(activityFeature),
    provideEffects(albumsEffects),
  ];
}
