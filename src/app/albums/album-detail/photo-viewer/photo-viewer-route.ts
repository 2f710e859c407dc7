import { Component, DestroyRef, computed, inject, input, type OnInit } from '@angular/core';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import { ActivatedRoute, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { AlbumDetailPageActions } from '../../data-access/albums.actions';
import { PhotoViewer, type PhotoViewerData, type ViewerPlace } from './photo-viewer';
import { ViewerReturn } from './viewer-return';

/**
 * `/albums/{albumId}/photos/{photoId}[?tag=…]`: opens the viewer over the album page, so
 * a link or a reload opens the photo, and closing it lands back on the album.
 */
@Component({ selector: 'app-photo-viewer-route', template: '' })
export class PhotoViewerRoute implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly store = inject(Store);
  private readonly viewerReturn = inject(ViewerReturn, { optional: true });

  /** From the route (`withComponentInputBinding()`). */
  readonly photoId = input.required<string>();
  /** `?tag=`: the tag walked, when not the photo's own (the Rate tag lists Stock photos). */
  readonly tag = input<string | undefined>();
  private readonly tagId = computed(() => this.tag() || null);

  private readonly albumId: string = this.route.parent?.snapshot.paramMap.get('albumId') ?? '';
  private place: ViewerPlace | null = null;
  private ref: MatDialogRef<PhotoViewer> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.ref?.close());
  }

  ngOnInit(): void {
    const data: PhotoViewerData = {
      albumId: this.albumId,
      photoId: this.photoId,
      tagId: this.tagId,
      show: (place) => this.show(place),
      settled: () => this.viewerReturn?.viewerSettled(),
    };
    this.ref = this.dialog.open(PhotoViewer, {
      data,
      width: '1100px',
      maxWidth: '100vw',
      maxHeight: '100dvh',
      autoFocus: 'dialog',
      restoreFocus: false,
      ariaLabelledBy: 'photo-viewer-title',
      panelClass: 'photo-viewer-panel',
    });
    this.ref.afterClosed().subscribe(() => {
      this.ref = null;
      this.viewerReturn?.viewerSettled();
      if (this.place) {
        // The grid shows the tag walked, scrolled to the photo last shown, focused.
        this.store.dispatch(
          AlbumDetailPageActions.tagSelected({ albumId: this.albumId, tagId: this.place.tagId }),
        );
        this.viewerReturn?.closed(this.place);
      }
      if (this.router.url.includes('/photos/')) {
        void this.router.navigate(['/albums', this.albumId]);
      }
    });
  }

  private show(place: ViewerPlace): void {
    this.place = place;
    if (place.photoId === this.photoId() && place.tagId === this.tagId()) return;
    void this.router.navigate(['/albums', this.albumId, 'photos', place.photoId], {
      queryParams: { tag: place.tagId },
      replaceUrl: true,
    });
  }
}
