import { TestBed } from '@angular/core/testing';
import { Actions, ofType } from '@ngrx/effects';
import { map, take } from 'rxjs';
import { NotificationHubActions } from '../../realtime/notification-hub.actions';
import { GridPhotoPages } from './grid-photo-pages';
import { GridPhotos, settle, tagPhoto } from './grid-photos.testing';
import { photosFeature } from './photos.feature';

describe('GridPhotoPages (the viewer’s pages, read through the grid’s store)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('reads a failed page again when the join it waited for answers inside another action', async () => {
    const grid = new GridPhotos(Array.from({ length: 150 }, (_, i) => tagPhoto(i)));
    grid.hold = true;
    grid.view(0, 30);
    grid.reads[0].answer(true); // page 1 failed: the backend was away
    await settle();

    // The walk waits for the album's join, which NgRx reports in an action: an ask made
    // there is queued behind it, so the store still shows the failure it asks past.
    const joined$ = TestBed.inject(Actions).pipe(
      ofType(NotificationHubActions.albumGroupsJoined),
      take(1),
      map((): void => undefined),
    );
    const state = grid.store.selectSignal(photosFeature.selectPhotosState);
    const pages = new GridPhotoPages(grid.store, state, () => joined$, 'a', 't');
    let outcome = 'waiting';
    pages.page(1).then(
      (page) => (outcome = `${page.items.length} photos`),
      () => (outcome = 'failed'),
    );
    grid.store.dispatch(
      NotificationHubActions.albumGroupsJoined({ albumIds: ['a'], reconnect: true }),
    );
    await settle();

    expect(outcome).toBe('waiting');
    expect(grid.asked()).toEqual([1, 1]);
    grid.reads[1].answer();
    await settle();
    expect(outcome).toBe('100 photos');
  });
});
