import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Photo } from '../../../api/models';
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
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));

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
});
