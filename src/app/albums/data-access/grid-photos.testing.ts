import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Actions, provideEffects } from '@ngrx/effects';
import { Store, provideState, provideStore } from '@ngrx/store';
import { Observable, VirtualTimeScheduler, of, throwError } from 'rxjs';
import type { Page, Photo } from '../../api/models';
import { PhotoflowApi } from '../../api/photoflow-api';
import { AlbumDetailPageActions, AlbumFollowingActions } from './albums.actions';
import { FirstSnapshots } from './first-snapshot';
import { loadPhotos } from './photos.effects';
import { photosFeature } from './photos.feature';
import { tagsFeature } from './tags.feature';

/** A tag's photo as the backend lists it: by sort order, then id (ids in that order here). */
export function tagPhoto(i: number, tagId = 't'): Photo {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    albumTagId: tagId,
    fileName: `IMG_${i}.jpg`,
    thumbnailUrl: `https://example.test/${i}`,
    sortOrder: 1 + i,
    voted: false,
    createdAt: '2026-12-02T00:00:00.000Z',
  };
}

/** One read of a page sent to the fake backend: what the tag held when it started. */
export interface PageRead {
  readonly page: number;
  readonly pageSize: number;
  /** The tag's version when the read started (each change is a version). */
  readonly version: number;
  /** Answers with the tag as it was when the read started, or fails (a 503). */
  answer(fail?: boolean): void;
  answered: boolean;
}

/**
 * The grid's store and its loader (the real reducer and effect, the throttle on a virtual
 * clock) over a fake backend holding one tag that changes by versions; reads answer at
 * once unless `hold` is set, then when the test says.
 */
export class GridPhotos {
  readonly store: Store;
  readonly scheduler = new VirtualTimeScheduler();
  readonly reads: PageRead[] = [];
  /** The tag's photos at each version; the last is now. */
  readonly versions: (readonly Photo[])[];
  hold = false;

  constructor(
    photos: readonly Photo[],
    readonly albumId = 'a',
    readonly tagId = 't',
    extraProviders: unknown[] = [],
  ) {
    this.versions = [photos];
    const api: Partial<PhotoflowApi> = {
      getPhotos: (_albumId, _tagId, page, pageSize) =>
        new Observable<Page<Photo>>((subscriber) => {
          const version = this.versions.length - 1;
          const items = this.versions[version];
          const read: PageRead = {
            page,
            pageSize,
            version,
            answered: false,
            answer: (fail = false) => {
              if (read.answered) return;
              read.answered = true;
              if (fail) {
                subscriber.error(new HttpErrorResponse({ status: 503, statusText: 'Unavailable' }));
                return;
              }
              const start = (page - 1) * pageSize;
              subscriber.next({
                items: items.slice(start, start + pageSize),
                totalCount: items.length,
              });
              subscriber.complete();
            },
          };
          this.reads.push(read);
          if (!this.hold) read.answer();
        }),
      // One photo, as the tag holds it now (the viewer's first read); 404 once it is gone.
      getPhoto: (_albumId, photoId) => {
        const photo = this.photos.find((p) => p.id === photoId);
        return photo
          ? of({ ...photo, albumTagType: 'Raw' as const })
          : throwError(() => new HttpErrorResponse({ status: 404, statusText: 'Not Found' }));
      },
    };
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideState(photosFeature),
        provideState(tagsFeature),
        provideEffects(),
        { provide: PhotoflowApi, useValue: api },
        // The album's group is joined: pages may be asked at once.
        { provide: FirstSnapshots, useValue: { whenToAsk: () => of(undefined) } },
        ...(extraProviders as never[]),
      ],
    });
    this.store = TestBed.inject(Store);
    loadPhotos(TestBed.inject(Actions), this.store, api as PhotoflowApi, this.scheduler).subscribe(
      (action) => this.store.dispatch(action),
    );
  }

  /** The tag now. */
  get photos(): readonly Photo[] {
    return this.versions[this.versions.length - 1];
  }

  /** The tag changes on the server, and the hub says so (the table's `photosStale`). */
  change(photos: readonly Photo[]): void {
    this.versions.push(photos);
    this.store.dispatch(
      AlbumFollowingActions.photosStale({ albumId: this.albumId, albumTagId: this.tagId }),
    );
  }

  /** The grid shows positions `first`…`last`. */
  view(first: number, last: number): void {
    this.store.dispatch(
      AlbumDetailPageActions.photoRangeViewed({
        albumId: this.albumId,
        tagId: this.tagId,
        first,
        last,
      }),
    );
  }

  /** The pages asked, in order. */
  asked(): number[] {
    return this.reads.map((read) => read.page);
  }
}

/** Lets promises waiting on the store settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((done) => setTimeout(done, 0));
}
