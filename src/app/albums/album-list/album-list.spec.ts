import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import {
  DeferBlockBehavior,
  DeferBlockState,
  TestBed,
  type ComponentFixture,
} from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { Router, provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { of } from 'rxjs';
import type { AlbumSummary } from '../../api/models';
import { AlbumListPageActions } from '../data-access/albums.actions';
import { clickIsTheApps } from '../plain-link.testing';
import {
  selectAlbumListError,
  selectAlbumListStatus,
  selectAlbumListViewed,
  selectAlbumTotalCount,
} from '../data-access/albums.feature';
import { selectListedAlbumSlots } from '../data-access/listed-albums';
import { selectAlbumProgressById } from '../data-access/sync.feature';
import { HubStart } from '../../realtime/hub-start';
import { AlbumList } from './album-list';
import { CreateAlbumDialog } from './create-album-dialog/create-album-dialog';
import { CREATE_ALBUM_DIALOG_LOADER } from './create-album-dialog/create-album-dialog-loader';
import { readListPlace } from './list-place';
import { FakeResizeObserver, installFakeResizeObserver } from '../host-width.testing';

const albums: AlbumSummary[] = [
  {
    id: 'a1',
    name: 'Wedding of Mai & Nam',
    state: 'Init',
    coverUrl: null,
    photoCount: 2400,
    syncing: false,
    modifiedAt: '',
  },
  {
    id: 'a2',
    name: '<img src=x onerror=alert(1)>',
    state: 'Raw',
    coverUrl: null,
    photoCount: 1,
    syncing: true,
    modifiedAt: '',
  },
];

function setUp(status = 'loaded', list: readonly (AlbumSummary | null)[] = albums) {
  TestBed.configureTestingModule({
    imports: [AlbumList],
    // The filters' @defer block renders when a test says (makeFilters), not on idle.
    deferBlockBehavior: DeferBlockBehavior.Manual,
    providers: [
      provideRouter([]),
      provideMockStore({
        selectors: [
          { selector: selectListedAlbumSlots, value: list },
          { selector: selectAlbumListViewed, value: { first: 0, last: 47 } },
          { selector: selectAlbumListStatus, value: status },
          {
            selector: selectAlbumListError,
            value:
              status === 'error'
                ? { status: 0, code: null, message: 'PhotoFlow cannot be reached.' }
                : null,
          },
          { selector: selectAlbumTotalCount, value: list.length },
          {
            selector: selectAlbumProgressById,
            value: {
              a2: {
                status: 'syncing',
                processedCount: 30,
                totalCount: 120,
                fraction: 0.25,
                etaSeconds: null,
              },
            },
          },
        ],
      }),
    ],
  });
  const dispatched: unknown[] = [];
  TestBed.inject(MockStore).scannedActions$.subscribe((action) => dispatched.push(action));
  const fixture = TestBed.createComponent(AlbumList);
  return {
    fixture,
    dispatched,
    loader: TestbedHarnessEnvironment.loader(fixture),
    element: fixture.nativeElement as HTMLElement,
  };
}

/** The filters, made as the browser's first idle moment after the first render makes them. */
async function makeFilters(fixture: ComponentFixture<AlbumList>): Promise<void> {
  const blocks = await fixture.getDeferBlocks();
  expect(blocks).toHaveLength(1);
  await blocks[0]!.render(DeferBlockState.Complete);
}

describe('AlbumList', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('keeps the count line while the list loads or refreshes, so nothing below it shifts', async () => {
    const loaded = setUp('loaded');
    await loaded.fixture.whenStable();
    const filtersTop = (element: HTMLElement) =>
      element.querySelector('.filters')!.getBoundingClientRect().top;
    const top = filtersTop(loaded.element);
    expect(loaded.element.querySelector('.subtitle')?.textContent).toContain('2 albums');
    TestBed.inject(MockStore).overrideSelector(selectAlbumListStatus, 'loading');
    TestBed.inject(MockStore).refreshState();
    await loaded.fixture.whenStable();
    expect(loaded.element.querySelector('.subtitle')?.textContent?.trim()).toBe('');
    expect(filtersTop(loaded.element)).toBe(top);
  });

  it('asks for the albums when opened', () => {
    const { dispatched } = setUp();
    expect(dispatched).toContainEqual(
      AlbumListPageActions.opened({ query: { search: undefined, state: null } }),
    );
  });

  it('comes back to the place, search and stage this tab had (a reload)', () => {
    sessionStorage.setItem(
      'photoflow.albumList.place',
      JSON.stringify({ search: 'wedding', stage: 'Raw', first: 240 }),
    );
    const { dispatched } = setUp();
    expect(dispatched).toContainEqual(
      AlbumListPageActions.opened({
        query: { search: 'wedding', state: 'Raw' },
        start: 240,
      }),
    );
  });

  it('starts at the top when the kept place is malformed', () => {
    sessionStorage.setItem(
      'photoflow.albumList.place',
      JSON.stringify({ search: 7, stage: 'Nowhere', first: -3 }),
    );
    const { dispatched } = setUp();
    expect(dispatched).toContainEqual(
      AlbumListPageActions.opened({ query: { search: undefined, state: null } }),
    );
  });

  it('shows a placeholder for an album whose page is still loading', async () => {
    const { fixture, element } = setUp('loaded', [albums[0], null]);
    await fixture.whenStable();
    expect(element.querySelectorAll('app-album-card')).toHaveLength(1);
    expect(element.querySelector('[aria-label="Loading album"]')).not.toBeNull();
  });

  it('shows each album as a link with name, stage and photo count; names are text', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    const links = [...element.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/albums/a1', '/albums/a2']);
    expect(links[0].textContent).toContain('Wedding of Mai & Nam');
    expect(links[0].textContent).toContain('Init');
    expect(links[0].textContent).toContain('2,400 photos');
    expect(links[1].querySelector('h2')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(element.querySelector('img[src="x"]')).toBeNull();
  });

  it('opens an album in the app on a click, where its href points; a modified click is the browser’s', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const link = element.querySelector('a')!;
    expect(clickIsTheApps(link, { ctrlKey: true })).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
    expect(clickIsTheApps(link, {})).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/albums/a1');
    expect(link.getAttribute('href')).toBe('/albums/a1');
  });

  it('shows a syncing album’s progress as a small bar', async () => {
    const { fixture, loader } = setUp();
    await fixture.whenStable();
    const bars = await loader.getAllHarnesses(MatProgressBarHarness);
    expect(bars).toHaveLength(1);
    expect(await bars[0].getValue()).toBe(25);
  });

  it('makes its filters after its first render, boxes of their size in their places until then', async () => {
    sessionStorage.setItem(
      'photoflow.albumList.place',
      JSON.stringify({ search: 'wedding', stage: 'Raw', first: 0 }),
    );
    const { fixture, element, loader } = setUp();
    await fixture.whenStable();
    expect(element.querySelector('input[type="search"]')).toBeNull();
    expect(element.querySelectorAll('[role="search"] .field-placeholder')).toHaveLength(2);
    await makeFilters(fixture);
    expect(element.querySelector('.field-placeholder')).toBeNull();
    // The kept search and stage show in them.
    expect(element.querySelector<HTMLInputElement>('input[type="search"]')?.value).toBe('wedding');
    expect(await (await loader.getHarness(MatSelectHarness)).getValueText()).toBe('Raw');
  });

  it('filters by stage', async () => {
    const { fixture, loader, dispatched } = setUp();
    await fixture.whenStable();
    await makeFilters(fixture);
    const select = await loader.getHarness(MatSelectHarness);
    await select.open();
    await select.clickOptions({ text: 'Stock' });
    expect(dispatched).toContainEqual(
      AlbumListPageActions.queryChanged({
        query: { search: undefined, state: 'Stock' },
      }),
    );
  });

  it('searches after the user pauses typing', async () => {
    const { fixture, element, dispatched } = setUp();
    await fixture.whenStable();
    await makeFilters(fixture);
    vi.useFakeTimers();
    try {
      const input = element.querySelector<HTMLInputElement>('input[type="search"]')!;
      input.value = 'wedding';
      input.dispatchEvent(new Event('input'));
      expect(
        dispatched.filter(
          (action) => (action as { type: string }).type === AlbumListPageActions.queryChanged.type,
        ),
      ).toHaveLength(0);
      vi.advanceTimersByTime(350);
      expect(dispatched).toContainEqual(
        AlbumListPageActions.queryChanged({
          query: { search: 'wedding', state: null },
        }),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when loading failed and offers to try again', async () => {
    const { fixture, loader, element, dispatched } = setUp('error', []);
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'PhotoFlow cannot be reached.',
    );
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Try again' }))).click();
    expect(dispatched).toContainEqual(AlbumListPageActions.refreshRequested());
  });

  it('opens the create-album dialog', async () => {
    const { fixture, loader } = setUp();
    const open = vi
      .spyOn(TestBed.inject(MatDialog), 'open')
      .mockReturnValue({ afterClosed: () => of(undefined) } as never);
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: /New album/ }))).click();
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith(CreateAlbumDialog, expect.anything()));
  });

  it('closes the list when it goes away, so its hub groups are left', async () => {
    const { fixture, dispatched } = setUp();
    await fixture.whenStable();
    fixture.destroy();
    expect(dispatched).toContainEqual(AlbumListPageActions.closed());
  });
});

describe('AlbumList, as a browser lays it out', () => {
  let uninstall: () => void;
  beforeEach(() => {
    sessionStorage.clear();
    uninstall = installFakeResizeObserver();
  });
  afterEach(() => {
    uninstall();
    vi.restoreAllMocks();
    TestBed.inject(MockStore).resetSelectors();
  });

  it('reads no width in its first render; the grid comes with the browser’s report of it', async () => {
    const widthReads = vi.spyOn(Element.prototype, 'clientWidth', 'get');
    const { fixture, element } = setUp();
    await fixture.whenStable();
    // Reading the width after the first render forced a layout inside its task (issue 22).
    expect(widthReads).not.toHaveBeenCalled();
    expect(element.querySelector('cdk-virtual-scroll-viewport')).toBeNull();
    expect(element.querySelector('h1')?.textContent).toContain('Albums');

    FakeResizeObserver.layOut(element, 1280);
    await fixture.whenStable();
    const row = element.querySelector<HTMLElement>('cdk-virtual-scroll-viewport .row');
    // 240 px cards 16 px apart: five in 1,280 px.
    expect(row?.style.gridTemplateColumns).toBe('repeat(5, minmax(0, 1fr))');
    expect(widthReads).not.toHaveBeenCalled();
  });

  it('keeps its place when a card is tapped within a report’s wait after a scroll', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    FakeResizeObserver.layOut(element, 1280);
    await fixture.whenStable();
    const grid = element.querySelector('cdk-virtual-scroll-viewport')!;
    // Scrolled ten rows of 280 px down the window, five cards a row.
    vi.spyOn(grid, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, -2800, 1280, 10_000));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      window.dispatchEvent(new Event('scroll'));
      void TestBed.inject(Router)
        .navigateByUrl('/albums/a1')
        .catch(() => undefined);
      // Less than the list's report wait: only the navigation's start can have said it.
      await vi.advanceTimersByTimeAsync(100);
      expect(readListPlace().first).toBe(50);
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns to one column when the window narrows to a phone’s, and back', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    const columns = () =>
      element.querySelector<HTMLElement>('cdk-virtual-scroll-viewport .row')?.style
        .gridTemplateColumns;
    const resize = async (windowWidth: number, listWidth: number) => {
      vi.spyOn(window, 'innerWidth', 'get').mockReturnValue(windowWidth);
      FakeResizeObserver.layOut(element, listWidth);
      await fixture.whenStable();
    };

    await resize(1280, 1280);
    expect(columns()).toBe('repeat(5, minmax(0, 1fr))');
    // Two 240 px cards would fit in 500 px: a phone's window gets one, and taller rows.
    await resize(520, 500);
    expect(columns()).toBe('repeat(1, minmax(0, 1fr))');
    await resize(1280, 1280);
    expect(columns()).toBe('repeat(5, minmax(0, 1fr))');
  });
});

describe('AlbumList, when the create-album dialog cannot load', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('says so where the click was, and the button tries again', async () => {
    let fails = true;
    const load = vi.fn(() =>
      fails
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : import('./create-album-dialog/open-create-album-dialog').then(
            (m) => m.openCreateAlbumDialog,
          ),
    );
    TestBed.overrideProvider(CREATE_ALBUM_DIALOG_LOADER, { useValue: load });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fixture, loader, element } = setUp();
    const open = vi
      .spyOn(TestBed.inject(MatDialog), 'open')
      .mockReturnValue({ afterClosed: () => of(undefined) } as never);
    await fixture.whenStable();
    const newAlbum = await loader.getHarness(MatButtonHarness.with({ text: /New album/ }));

    await newAlbum.click();
    await vi.waitFor(() =>
      expect(element.querySelector('[role="alert"]')?.textContent).toContain(
        'The new-album form could not be loaded',
      ),
    );
    expect(open).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();

    fails = false;
    await newAlbum.click();
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith(CreateAlbumDialog, expect.anything()));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('lets the session’s hub start once its first answer has painted, or when it goes away', async () => {
    const { fixture } = setUp('loading');
    const hubStart = TestBed.inject(HubStart);
    const releaseAfter = vi.spyOn(hubStart, 'releaseAfter');
    const release = vi.spyOn(hubStart, 'release');
    fixture.detectChanges();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(releaseAfter, 'nothing shown yet').not.toHaveBeenCalled();

    TestBed.inject(MockStore).overrideSelector(selectAlbumListStatus, 'loaded');
    TestBed.inject(MockStore).refreshState();
    await fixture.whenStable();
    // In the task after the paint that showed the answer, with the covers fetched first.
    await vi.waitFor(() => expect(releaseAfter).toHaveBeenCalledTimes(1));
    expect(releaseAfter.mock.calls[0]![0]).toEqual([]);
    expect(release).not.toHaveBeenCalled();

    fixture.destroy();
    expect(release).toHaveBeenCalledTimes(1);
  });
});
