import { Injectable, Injector, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { firstValueFrom, switchMap } from 'rxjs';
import type { Photo, PhotoDetail } from '../../api/models';
import { PhotoflowApi } from '../../api/photoflow-api';
import { FirstSnapshots } from './first-snapshot';
import { GridPhotoPages } from './grid-photo-pages';
import { PhotoSequence } from './photo-sequence';
import { PHOTO_PAGE_SIZE, photosFeature } from './photos.feature';

/** A tag's photos kept changing while all its pages were read (a sync, the client voting). */
export class TagChangingError extends Error {}

/**
 * Photos as the viewer and the picks' exports read them: one photo, a tag walked in order
 * (its pages the grid's, read through the grid's store), or a whole tag. Views use this,
 * never the API itself.
 */
@Injectable({ providedIn: 'root' })
export class TagPhotos {
  private readonly api = inject(PhotoflowApi);
  private readonly injector = inject(Injector);
  /** Resolved at the first read that needs it: exporting a tag's picks (`all`) needs no hub. */
  private get first(): FirstSnapshots {
    return this.injector.get(FirstSnapshots);
  }
  /** The grid's store, for the walk alone (the exports read the API). */
  private get store(): Store {
    return this.injector.get(Store);
  }

  /**
   * One photo. Like the walk's pages, asked once the album's group is joined (see
   * first-snapshot.ts), so the join does not make it stale the moment it arrives.
   */
  photo(albumId: string, photoId: string): Promise<PhotoDetail> {
    return firstValueFrom(
      this.first
        .whenToAsk(albumId, null)
        .pipe(switchMap(() => this.api.getPhoto(albumId, photoId))),
    );
  }

  /**
   * A tag's photos in order: the grid's pages, from its store (the tag walked is the one
   * the grid holds: `PhotoViewerActions.tagWalked`). Like the photo, a page is asked once
   * the album's group is joined.
   */
  sequence(albumId: string, tagId: string): PhotoSequence {
    return new PhotoSequence(
      new GridPhotoPages(
        this.store,
        this.store.selectSignal(photosFeature.selectPhotosState),
        () => this.first.whenToAsk(albumId, null),
        albumId,
        tagId,
      ),
      PHOTO_PAGE_SIZE,
    );
  }

  /**
   * Every photo of a tag, page after page, as the grid pages them. If the tag
   * changed while its pages were read (its count moved, or a photo showed twice), it is
   * read again, so what is returned is one consistent list, never a mix.
   */
  async all(albumId: string, tagId: string, attempts = 3): Promise<readonly Photo[]> {
    const pageSize = PHOTO_PAGE_SIZE;
    for (let attempt = 1; ; attempt++) {
      const first = await firstValueFrom(this.api.getPhotos(albumId, tagId, 1, pageSize));
      const photos = [...first.items];
      let consistent = true;
      for (let page = 2; (page - 1) * pageSize < first.totalCount; page++) {
        const next = await firstValueFrom(this.api.getPhotos(albumId, tagId, page, pageSize));
        if (next.totalCount !== first.totalCount) consistent = false;
        photos.push(...next.items);
      }
      const distinct = new Set(photos.map((photo) => photo.id)).size;
      if (consistent && distinct === photos.length && photos.length === first.totalCount) {
        return photos;
      }
      if (attempt >= attempts)
        throw new TagChangingError(`Tag ${tagId} kept changing while it was read`);
    }
  }
}
