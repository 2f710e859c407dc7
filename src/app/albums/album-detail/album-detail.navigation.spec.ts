import { TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import type { Action } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import type { Album, AlbumTag } from '../../api/models';
import { connectionFeature } from '../../realtime/connection.feature';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { activityFeature } from '../data-access/activity.feature';
import { AlbumDetailPageActions, AlbumsApiActions } from '../data-access/albums.actions';
import { albumsFeature } from '../data-access/albums.feature';
import { PHOTO_PAGE_SIZE, photosFeature } from '../data-access/photos.feature';
import { clearSelectorOverrides } from '../data-access/selectors.testing';
import { syncFeature } from '../data-access/sync.feature';
import { tagsFeature } from '../data-access/tags.feature';
import { AlbumDetail } from './album-detail';
import { afterNextPaint } from '../../after-paint';
import { provideScreenWidth } from './phone-layout.testing';
import { PhotoGrid } from './photo-grid/photo-grid';

// Which album the page shows is its route input's to say, and no one else's: the store
// holds other albums too (one another view shows, one just left), and hears of a move
// only after the input has changed (`Opened`, dispatched from an effect). Here the store
// never hears of it (a MockStore does not reduce), so what shows comes from the input alone.

const at = '2026-12-06T10:00:00Z';
/** After the albums' snapshots (`at`): news to them. */
const later = '2026-12-06T10:05:00Z';
const rawTag = (albumId: string, photoCount: number): AlbumTag => ({
  id: `${albumId}-raw`,
  albumId,
  type: 'Raw',
  status: 'Ready',
  link: null,
  folderId: null,
  photoCount,
});
const albumOf = (id: string, name: string, state: Album['state'], tag: AlbumTag): Album => ({
  id,
  name,
  state,
  coverUrl: null,
  photoCount: tag.photoCount,
  modifiedAt: at,
  tags: [tag],
  sync: null,
});
const wedding = albumOf('wedding', 'The Nguyens’ wedding', 'Raw', rawTag('wedding', 1200));
const portraits = albumOf('portraits', 'Studio portraits', 'Stock', rawTag('portraits', 80));

/** The store after a visit to the portraits (still open elsewhere), then to the wedding. */
function twoAlbumsOpen(): Record<string, unknown> {
  const actions: Action[] = [];
  for (const album of [portraits, wedding]) {
    actions.push(
      AlbumDetailPageActions.opened({ albumId: album.id }),
      AlbumsApiActions.albumLoaded({ album, replay: [] }),
      AlbumsApiActions.transitionsLoaded({ albumId: album.id, transitions: [] }),
    );
  }
  actions.push(
    HubEventActions.AlbumSyncStarted({
      event: { albumId: 'portraits', message: 'Sync started', timestamp: later },
    }),
    HubEventActions.AlbumStateChanged({
      event: {
        albumId: 'wedding',
        oldState: 'Init',
        newState: 'Raw',
        message: '',
        timestamp: later,
      },
    }),
    // The grid holds the wedding's photos.
    AlbumDetailPageActions.photoRangeViewed({
      albumId: 'wedding',
      tagId: 'wedding-raw',
      first: 0,
      last: 10,
    }),
    AlbumsApiActions.photosPageLoaded({
      albumId: 'wedding',
      tagId: 'wedding-raw',
      page: 1,
      pageSize: PHOTO_PAGE_SIZE,
      asOf: 0,
      photos: {
        items: [
          {
            id: 'photo-1',
            albumTagId: 'wedding-raw',
            fileName: 'IMG_0001.jpg',
            thumbnailUrl: '/thumbs/1.jpg',
            sortOrder: 1,
            voted: false,
            createdAt: at,
          },
        ],
        totalCount: 1,
      },
    }),
  );
  const state: Record<string, unknown> = {};
  for (const feature of [
    albumsFeature,
    tagsFeature,
    photosFeature,
    syncFeature,
    activityFeature,
    connectionFeature,
  ]) {
    const reducer = feature.reducer as (state: unknown, action: Action) => unknown;
    state[feature.name] = actions.reduce(reducer, reducer(undefined, { type: '@@init' }));
  }
  return state;
}

describe('AlbumDetail, moving from one album to another', () => {
  // Other specs pin selectors' results (MockStore): these must compute from the state.
  beforeEach(() => clearSelectorOverrides());
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('shows the album its route names, and nothing of another album the store holds', async () => {
    TestBed.configureTestingModule({
      imports: [AlbumDetail],
      providers: [
        provideRouter([]),
        provideScreenWidth(false),
        provideMockStore({ initialState: twoAlbumsOpen() }),
      ],
    });
    const fixture = TestBed.createComponent(AlbumDetail);
    const element = fixture.nativeElement as HTMLElement;
    const shown = () => ({
      name: element.querySelector('h1')?.textContent,
      stage: element.querySelector('[data-testid="album-stage"]')?.textContent?.trim(),
      photoCount: element.querySelector('[data-testid="album-photo-count"]')?.textContent,
      syncing: element.textContent?.includes('A sync of this album is running') ?? false,
      activity: ['Album moved to Raw', 'Photo sync started'].filter((line) =>
        element.querySelector('app-activity-feed')?.textContent?.includes(line),
      ),
      gridPhotos: (
        fixture.debugElement.query(By.directive(PhotoGrid))?.componentInstance as
          PhotoGrid | undefined
      )
        ?.slots()
        .map((photo) => photo?.id),
    });

    // The route moves from the wedding to the portraits: each page shows its own album only.
    const pages = [
      {
        albumId: 'wedding',
        name: 'The Nguyens’ wedding',
        stage: 'Stage: Raw',
        photoCount: '1,200 photos',
        syncing: false,
        activity: ['Album moved to Raw'],
        gridPhotos: ['photo-1'],
      },
      {
        albumId: 'portraits',
        name: 'Studio portraits',
        stage: 'Stage: Stock',
        photoCount: '80 photos',
        syncing: true,
        activity: ['Photo sync started'],
        gridPhotos: [],
      },
    ];
    for (const { albumId, ...expected } of pages) {
      fixture.componentRef.setInput('albumId', albumId);
      await fixture.whenStable();
      // The photos panel follows the body's first paint (after-paint.ts).
      await new Promise<void>((done) => afterNextPaint(done));
      await fixture.whenStable();
      expect(shown(), albumId).toEqual(expected);
    }
  });
});
