import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { of } from 'rxjs';
import type { Photo } from '../../api/models';
import { casesPerSeed, checkProperty } from '../../property-runs.testing';
import { GridPhotoPages } from './grid-photo-pages';
import { GridPhotos, settle, tagPhoto } from './grid-photos.testing';
import { PHOTO_PAGE_SIZE, photosFeature } from './photos.feature';

// The viewer's walk and the grid beneath it read one tag's pages through one store and
// one loader, under every order of: the grid scrolling, the walk needing a page, the tag
// changing on the server (the hub saying so at once), the walk told its pages are stale,
// the answers of the reads (each may come late, or fail) and the refresh throttle's clock.
// A page is never read twice at once; without changes or failures, never twice at all;
// a page the walk gets was read after the last change it was told of; every page it
// waits for comes.

const NUM_RUNS = casesPerSeed('FC_PAGES_RUNS', 200);

type Step =
  | { readonly kind: 'view'; readonly first: number }
  | { readonly kind: 'need'; readonly page: number }
  | { readonly kind: 'invalidate' }
  | { readonly kind: 'change'; readonly remove: number | null }
  | { readonly kind: 'answer'; readonly pick: number; readonly fail: boolean }
  | { readonly kind: 'tick' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('view' as const), first: fc.integer({ min: 0, max: 350 }) }),
  {
    arbitrary: fc.record({
      kind: fc.constant('need' as const),
      page: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 2,
  },
  fc.constant({ kind: 'invalidate' as const }),
  fc.record({
    kind: fc.constant('change' as const),
    remove: fc.option(fc.integer({ min: 0, max: 400 })),
  }),
  {
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(),
      fail: fc.nat({ max: 9 }).map((n) => n < 3),
    }),
    weight: 4,
  },
  fc.constant({ kind: 'tick' as const }),
);

interface Need {
  readonly page: number;
  /** The server's version when the walk was last told its pages were stale. */
  readonly since: number;
  ids?: readonly string[];
  failed?: boolean;
}

describe('the walk and the grid reading one tag through the grid’s store (property)', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('reads each page once at a time, fresh for the walk, and answers every wait', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 350 }),
        fc.array(step, { maxLength: 50 }),
        async (count, steps) => {
          TestBed.resetTestingModule();
          let next = count;
          const grid = new GridPhotos(Array.from({ length: count }, (_, i) => tagPhoto(i)));
          grid.hold = true;
          const state = grid.store.selectSignal(photosFeature.selectPhotosState);
          const pages = new GridPhotoPages(grid.store, state, () => of(undefined), 'a', 't');
          const needs: Need[] = [];
          let since = 0;
          let changedOrFailed = false;

          const atOnce = () => {
            const open = grid.reads.filter((read) => !read.answered).map((read) => read.page);
            expect(new Set(open).size, `pages read at once: ${open}`).toBe(open.length);
          };

          for (const s of steps) {
            switch (s.kind) {
              case 'view':
                grid.view(s.first, s.first + 30);
                break;
              case 'need': {
                const need: Need = { page: s.page, since };
                needs.push(need);
                pages.page(s.page).then(
                  (page) => (need.ids = page.items.map((photo) => photo.id)),
                  () => (need.failed = true),
                );
                break;
              }
              case 'invalidate':
                pages.invalidate();
                since = grid.versions.length - 1;
                break;
              case 'change': {
                changedOrFailed = true;
                const photos: Photo[] = [...grid.photos];
                if (s.remove !== null && photos.length > 0)
                  photos.splice(s.remove % photos.length, 1);
                else photos.push(tagPhoto(next++));
                grid.change(photos);
                break;
              }
              case 'answer': {
                const open = grid.reads.filter((read) => !read.answered);
                if (open.length === 0) break;
                if (s.fail) changedOrFailed = true;
                open[s.pick % open.length].answer(s.fail);
                break;
              }
              case 'tick':
                grid.scheduler.flush();
                break;
            }
            atOnce();
          }

          // The network settles: every read answers, the throttle's last refresh included.
          for (let open = grid.reads.filter((r) => !r.answered); open.length > 0;) {
            open[0].answer();
            grid.scheduler.flush();
            atOnce();
            open = grid.reads.filter((r) => !r.answered);
          }
          await settle();

          if (!changedOrFailed) {
            const asked = grid.asked();
            expect(new Set(asked).size, `pages read twice: ${asked}`).toBe(asked.length);
          }
          for (const need of needs) {
            expect(need.ids !== undefined || need.failed, `page ${need.page} never came`).toBe(
              true,
            );
            if (!need.ids) continue;
            const start = (need.page - 1) * PHOTO_PAGE_SIZE;
            const matches = grid.versions.slice(need.since).some((photos) =>
              sameIds(
                photos.slice(start, start + PHOTO_PAGE_SIZE).map((photo) => photo.id),
                need.ids!,
              ),
            );
            expect(matches, `page ${need.page} read before version ${need.since}`).toBe(true);
          }
        },
      ),
      {
        name: 'grid-pages',
        numRuns: NUM_RUNS,
        replay: (seed) =>
          `FC_SEED=${seed} FC_PAGES_RUNS=${NUM_RUNS} npx ng test --watch=false --include src/app/albums/data-access/grid-photo-pages.property.spec.ts`,
      },
    );
  }, 86_400_000);
});

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);
