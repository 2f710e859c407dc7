import { MediaMatcher } from '@angular/cdk/layout';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { Subject, type Observable } from 'rxjs';
import type { Photo } from '../../../api/models';
import {
  GridPhotos,
  settle as settlePromises,
  tagPhoto,
} from '../../data-access/grid-photos.testing';
import { photosFeature } from '../../data-access/photos.feature';
import { tagsFeature } from '../../data-access/tags.feature';
import { afterNextPaint } from '../../../after-paint';
import {
  PhotoViewer,
  coarsePointer,
  walkHint,
  type PhotoViewerData,
  type ViewerPlace,
} from './photo-viewer';

const photos: Photo[] = Array.from({ length: 150 }, (_, i) => ({
  ...tagPhoto(i, 'tag'),
  voted: i === 101,
}));

describe('PhotoViewer', () => {
  let grid: GridPhotos;
  let keys: Subject<KeyboardEvent>;
  let shown: ViewerPlace[];
  let settled: number;

  /** A screen whose main pointer is a finger (`touch`) or a mouse. */
  const screen = (touch: boolean): Partial<MediaMatcher> => ({
    matchMedia: (query: string) =>
      ({
        matches: touch && query === coarsePointer,
        media: query,
        addListener: () => undefined,
        removeListener: () => undefined,
      }) as unknown as MediaQueryList,
  });

  /**
   * The viewer over the album page's store (the grid's pages and their loader, real) and a
   * fake backend holding the tag `tag`; `hold`: its pages answer when the test says.
   */
  function open(photoId: string, { touch = false, hold = false, tag = photos } = {}) {
    keys = new Subject();
    shown = [];
    settled = 0;
    const data: PhotoViewerData = {
      albumId: 'album',
      photoId: signal(photoId),
      tagId: signal(null),
      show: (place) => shown.push(place),
      settled: () => settled++,
    };
    grid = new GridPhotos(tag, 'album', 'tag', [
      { provide: MAT_DIALOG_DATA, useValue: data },
      {
        provide: MatDialogRef,
        useValue: { keydownEvents: () => keys as Observable<KeyboardEvent> },
      },
      { provide: MediaMatcher, useValue: screen(touch) },
    ]);
    grid.hold = hold;
    const fixture = TestBed.createComponent(PhotoViewer);
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    for (let i = 0; i < 5; i++) {
      await settlePromises();
      await fixture.whenStable();
    }
  };

  it('shows the photo with its place, and walks across a page by the arrow keys', async () => {
    const { fixture, element } = open(photos[99].id);
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_99.jpg');
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '100 of 150',
    );
    keys.next(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await settle(fixture);
    keys.next(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_101.jpg');
    expect(element.querySelector('[data-testid="viewer-pick"]')?.textContent).toContain('Picked');
    expect(shown.at(-1)).toEqual({ tagId: 'tag', photoId: photos[101].id, index: 101 });
  });

  it('shows the photo before its place in the tag is known, then its position', async () => {
    const { fixture, element } = open(photos[120].id, { hold: true });
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_120.jpg');
    expect(element.querySelector('img.photo')?.getAttribute('src')).toBe(photos[120].thumbnailUrl);
    expect(element.querySelector('[data-testid="viewer-position"]')).toBeNull();
    // The position's line is there already, held for it: nothing moves when it comes.
    expect(element.querySelector('.position [aria-busy="true"]')?.textContent).toBe('…');
    expect(shown).toEqual([]);
    grid.hold = false;
    for (const read of grid.reads) read.answer();
    await settle(fixture);
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '121 of 150',
    );
    expect(shown).toEqual([{ tagId: 'tag', photoId: photos[120].id, index: 120 }]);
  });

  it('says it has settled once its photo has painted, or at once when there is none', async () => {
    const found = open(photos[3].id);
    await settle(found.fixture);
    expect(settled).toBe(0); // shown, its image not loaded yet
    found.element.querySelector('img.photo')!.dispatchEvent(new Event('load'));
    await new Promise<void>((done) => afterNextPaint(done));
    expect(settled).toBe(1);
    TestBed.resetTestingModule();
    const missing = open('00000000-0000-4000-8000-999999999999');
    await settle(missing.fixture);
    expect(settled).toBe(1);
  });

  it('says the photo is gone when a re-sync removed it while it was shown', async () => {
    const { fixture, element } = open(photos[5].id);
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_5.jpg');
    grid.change(photos.filter((photo) => photo.id !== photos[5].id));
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('Photo not found');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'no longer in the album',
    );
  });

  it('opens a link to page 5 of 10 and walks back across a page, the grid beneath reading each page once with it', async () => {
    const tag = Array.from({ length: 1_000 }, (_, i) => tagPhoto(i, 'tag'));
    const { fixture, element } = open(tag[400].id, { tag });
    await settle(fixture);
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '401 of 1,000',
    );
    // The grid beneath holds the tag walked, and shows its first photos.
    expect(grid.store.selectSignal(photosFeature.selectTagId)()).toBe('tag');
    expect(grid.store.selectSignal(tagsFeature.selectSelectedTagIds)()).toEqual({
      album: 'tag',
    });
    grid.view(0, 30);
    keys.next(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_399.jpg');
    expect(shown.at(-1)).toEqual({ tagId: 'tag', photoId: tag[399].id, index: 399 });
    const asked = grid.asked();
    expect(asked).toContain(1);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('says a page it could not read, and reads it again on "Try again"', async () => {
    const { fixture, element } = open(photos[120].id, { hold: true });
    await settle(fixture);
    grid.reads[0].answer(true);
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('The photo could not be loaded');
    const retry = [...element.querySelectorAll('button')].find((button) =>
      button.textContent?.includes('Try again'),
    );
    grid.hold = false;
    retry!.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '121 of 150',
    );
    expect(grid.asked()).toEqual([1, 1, 2]);
  });

  it('places the photo again when a re-sync moves it (its pages read again)', async () => {
    const { fixture, element } = open(photos[120].id);
    await settle(fixture);
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '121 of 150',
    );
    grid.change(photos.slice(1));
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_120.jpg');
    expect(element.querySelector('[data-testid="viewer-position"]')?.textContent).toContain(
      '120 of 149',
    );
  });

  const hint = (element: HTMLElement) =>
    element.querySelector('[data-testid="viewer-hint"]')?.textContent?.trim() ?? null;

  it('tells a mouse the keys and a finger the swipe', async () => {
    const desk = open(photos[0].id);
    await settle(desk.fixture);
    expect(hint(desk.element)).toBe('← → to move through the tag · Esc to close');
    TestBed.resetTestingModule();
    const phone = open(photos[0].id, { touch: true });
    await settle(phone.fixture);
    expect(hint(phone.element)).toBe('Swipe left or right to move through the tag');
  });

  it('gives no hint to walk by when the photo is not found', async () => {
    const { fixture, element } = open('00000000-0000-4000-8000-999999999999');
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('Photo not found');
    expect(hint(element)).toBeNull();
    expect(element.textContent).not.toMatch(/swipe|←|Esc/i);
  });
});

describe('walkHint', () => {
  it('hints only while a photo shows, in the words of the screen’s pointer', () => {
    expect(walkHint('shown', false)).toBe('keys');
    expect(walkHint('shown', true)).toBe('swipe');
    for (const state of ['loading', 'gone', 'failed'] as const) {
      expect(walkHint(state, false)).toBeNull();
      expect(walkHint(state, true)).toBeNull();
    }
  });
});
