import type { EnvironmentProviders } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { provideState } from '@ngrx/store';
import { activityFeature } from './activity.feature';
import * as albumCommandsEffects from './album-commands.effects';
import * as albumDetailEffects from './album-detail.effects';
import * as albumListEffects from './album-list.effects';
import { albumsFeature } from './albums.feature';
import * as followingEffects from './following.effects';
import * as photosEffects from './photos.effects';
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
    provideEffects(
      followingEffects,
      albumListEffects,
      albumDetailEffects,
      albumCommandsEffects,
      photosEffects,
    ),
  ];
}
