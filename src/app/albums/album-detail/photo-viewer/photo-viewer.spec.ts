import { MediaMatcher } from '@angular/cdk/layout';
import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { provideMockActions } from '@ngrx/effects/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject, type Observable } from 'rxjs';
import type { Action } from '@ngrx/store';
import type { Page, Photo, PhotoDetail } from '../../../api/models';
import { AlbumFollowingActions } from '../../data-access/albums.actions';
import { PhotoSequence } from '../../data-access/photo-sequence';
import { TagPhotos } from '../../data-access/tag-photos';
import { afterNextPaint } from '../after-paint';
import { tagsFeature } from '../../data-access/tags.feature';
import {
  PhotoViewer,
  coarsePointer,
  walkHint,
  type PhotoViewerData,
  type ViewerPlace,
} from './photo-viewer';

const photos: Photo[] = Array.from({ length: 150 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  albumTagId: 'tag',
  fileName: `IMG_${i}.jpg`,
  thumbnailUrl: `https://example.test/${i}`,
  sortOrder: i + 1,
  voted: i === 101,
  createdAt: '2026-12-02T00:00:00.000Z',
}));

describe('PhotoViewer', () => {
  let gone: Set<string>;
  let actions: Subject<Action>;
  let keys: Subject<KeyboardEvent>;
  let shown: ViewerPlace[];
  let settled: number;
  /** The tag's pages answer once this settles (at once unless a test holds them). */
  let pagesAnswer: Promise<void> = Promise.resolve();

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

  function open(photoId: string, touch = false) {
    gone = new Set();
    actions = new Subject();
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
    const tagPhotos: Partial<TagPhotos> = {
      photo: (_albumId: string, id: string): Promise<PhotoDetail> => {
        const photo = photos.find((p) => p.id === id);
        return photo && !gone.has(id)
          ? Promise.resolve({ ...photo, albumTagType: 'Raw' })
          : Promise.reject(new HttpErrorResponse({ status: 404 }));
      },
      sequence: () =>
        new PhotoSequence(async (page, size): Promise<Page<Photo>> => {
          await pagesAnswer;
          const items = photos.filter((p) => !gone.has(p.id));
          return {
            items: items.slice((page - 1) * size, page * size),
            totalCount: items.length,
          };
        }, 100),
    };
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: data },
        {
          provide: MatDialogRef,
          useValue: { keydownEvents: () => keys as Observable<KeyboardEvent> },
        },
        { provide: TagPhotos, useValue: tagPhotos },
        // No tags loaded: the photo's own tag type is shown.
        provideMockStore({
          initialState: { [tagsFeature.name]: tagsFeature.reducer(undefined, { type: 'init' }) },
        }),
        provideMockActions(() => actions),
        { provide: MediaMatcher, useValue: screen(touch) },
      ],
    });
    const fixture = TestBed.createComponent(PhotoViewer);
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    for (let i = 0; i < 5; i++) {
      await new Promise((done) => setTimeout(done, 0));
      await fixture.whenStable();
    }
  };

  beforeEach(() => (pagesAnswer = Promise.resolve()));
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

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
    let answerPages!: () => void;
    pagesAnswer = new Promise((done) => (answerPages = done));
    const { fixture, element } = open(photos[120].id);
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('IMG_120.jpg');
    expect(element.querySelector('img.photo')?.getAttribute('src')).toBe(photos[120].thumbnailUrl);
    expect(element.querySelector('[data-testid="viewer-position"]')).toBeNull();
    // The position's line is there already, held for it: nothing moves when it comes.
    expect(element.querySelector('.position [aria-busy="true"]')?.textContent).toBe('…');
    expect(shown).toEqual([]);
    answerPages();
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
    gone.add(photos[5].id);
    actions.next(AlbumFollowingActions.photosStale({ albumId: 'album', albumTagId: 'tag' }));
    await settle(fixture);
    expect(element.querySelector('h2')?.textContent).toContain('Photo not found');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'no longer in the album',
    );
  });

  const hint = (element: HTMLElement) =>
    element.querySelector('[data-testid="viewer-hint"]')?.textContent?.trim() ?? null;

  it('tells a mouse the keys and a finger the swipe', async () => {
    const desk = open(photos[0].id);
    await settle(desk.fixture);
    expect(hint(desk.element)).toBe('← → to move through the tag · Esc to close');
    TestBed.resetTestingModule();
    const phone = open(photos[0].id, true);
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
