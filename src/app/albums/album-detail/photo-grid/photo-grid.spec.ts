import { MediaMatcher } from '@angular/cdk/layout';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Photo } from '../../../api/models';
import { phoneWidth } from '../phone-layout';
import { clickIsTheApps } from '../../plain-link.testing';
import { FakeResizeObserver, installFakeResizeObserver } from '../../host-width.testing';
import { PhotoGrid, type PhotoRange } from './photo-grid';

const photo = (index: number, voted = false): Photo => ({
  id: `p${index}`,
  albumTagId: 't1',
  fileName: `IMG_${index}.jpg`,
  thumbnailUrl: `/api/v1/thumbnails/p${index}`,
  sortOrder: index,
  voted,
  createdAt: '',
});

describe('PhotoGrid', () => {
  /** A screen `width` px wide, as the grid's media queries see it. */
  const screenOf = (width: number): Partial<MediaMatcher> => ({
    matchMedia: (query: string) =>
      ({
        matches: query === phoneWidth && width < 600,
        media: query,
        addListener: () => undefined,
        removeListener: () => undefined,
      }) as unknown as MediaQueryList,
  });
  const onScreen = (width: number) =>
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: MediaMatcher, useValue: screenOf(width) }],
    });

  beforeEach(() => onScreen(1280));

  function render(slots: readonly (Photo | null)[], pickedCount: number | null = null) {
    const fixture = TestBed.createComponent(PhotoGrid);
    fixture.componentRef.setInput('slots', slots);
    fixture.componentRef.setInput('pickedCount', pickedCount);
    fixture.componentRef.setInput('tagId', 't1');
    fixture.componentRef.setInput('tagType', 'Rate');
    const ranges: PhotoRange[] = [];
    fixture.componentInstance.rangeViewed.subscribe((range) => ranges.push(range));
    return { fixture, ranges, element: fixture.nativeElement as HTMLElement };
  }

  it('says when a tag has no photos yet', async () => {
    const { fixture, element } = render([]);
    await fixture.whenStable();
    expect(element.textContent).toContain('No photos in the Rate tag yet.');
  });

  it('counts the photos, and the client’s picks as the server counts them, not the loaded pages', async () => {
    const { fixture, element } = render([photo(0, true), photo(1), photo(2, true), null], 124);
    await fixture.whenStable();
    expect(element.querySelector('.summary')?.textContent).toContain('4 photos');
    expect(element.querySelector('.summary')?.textContent).toContain('124 picked by the client');
    expect(element.querySelector('[role="list"]')?.getAttribute('aria-label')).toBe('Rate photos');
    // Each loaded tile opens its photo in the viewer, walking this tag.
    expect(element.querySelector('[data-photo-id="p2"]')?.getAttribute('href')).toBe(
      '/photos/p2?tag=t1',
    );
  });

  it('opens a photo in the app on a click, walking this tag, where its href points; a modified click is the browser’s', async () => {
    const { fixture, element } = render([photo(0), photo(1)]);
    await fixture.whenStable();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const link = element.querySelector<HTMLAnchorElement>('[data-photo-id="p1"]')!;
    expect(clickIsTheApps(link, { metaKey: true })).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
    expect(clickIsTheApps(link, {})).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/photos/p1?tag=t1');
    expect(link.getAttribute('href')).toBe('/photos/p1?tag=t1');
  });

  it('says nothing of picks the server has not counted', async () => {
    const { fixture, element } = render([photo(0, true), photo(1)]);
    await fixture.whenStable();
    expect(element.querySelector('.summary')?.textContent).not.toContain('picked');
  });

  it('says which positions are on screen so the store fetches them', async () => {
    const { fixture, ranges } = render(new Array(10_000).fill(null));
    await fixture.whenStable();
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges[0].first).toBe(0);
    expect(ranges[0].last).toBeGreaterThan(0);
    expect(ranges[0].last).toBeLessThan(10_000);
  });

  it('names each photo under it, by sight (the image’s alt names it for a screen reader)', async () => {
    const { fixture, element } = render([photo(101), photo(102, true)]);
    await fixture.whenStable();
    const tile = element.querySelector('[data-photo-id="p102"]')!;
    const name = tile.querySelector('.name')!;
    expect(name.textContent?.trim()).toBe('IMG_102.jpg');
    expect(name.getAttribute('aria-hidden')).toBe('true');
    expect(tile.querySelector('img')?.getAttribute('alt')).toBe('IMG_102.jpg');
  });

  it('scrolls in a box of its own on a desktop, and with the page on a phone', async () => {
    const desk = render(new Array(500).fill(null));
    await desk.fixture.whenStable();
    const box = desk.element.querySelector('cdk-virtual-scroll-viewport')!;
    expect(box.classList).toContain('cdk-virtual-scrollable');
    expect(box.getAttribute('tabindex')).toBe('0');

    TestBed.resetTestingModule();
    onScreen(360);
    const phone = render(new Array(500).fill(null));
    await phone.fixture.whenStable();
    const inPage = phone.element.querySelector('cdk-virtual-scroll-viewport')!;
    expect(inPage.classList).not.toContain('cdk-virtual-scrollable');
    expect(inPage.getAttribute('tabindex')).toBeNull();
    expect(phone.ranges[0]?.first).toBe(0);
  });

  it('reads no width when its photos first render; its rows come with the browser’s report of it', async () => {
    const uninstall = installFakeResizeObserver();
    try {
      const widthReads = vi.spyOn(Element.prototype, 'clientWidth', 'get');
      const { fixture, element } = render(new Array(500).fill(null));
      await fixture.whenStable();
      // Reading the width after render forced a layout inside the render's task (issue 22).
      expect(widthReads).not.toHaveBeenCalled();
      expect(element.querySelector('.summary')?.textContent).toContain('500 photos');
      expect(element.querySelector('.row')).toBeNull();

      FakeResizeObserver.layOut(element, 1280);
      await fixture.whenStable();
      // 112 px tiles 8 px apart: ten in 1,280 px.
      expect(element.querySelector<HTMLElement>('.row')?.style.gridTemplateColumns).toBe(
        'repeat(10, minmax(0, 1fr))',
      );
      expect(widthReads).not.toHaveBeenCalled();
    } finally {
      uninstall();
    }
  });
});
