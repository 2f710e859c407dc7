import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { of } from 'rxjs';
import type { Album, AlbumTag, Transition } from '../../api/models';
import { selectRefusedAlbums } from '../../realtime/connection.feature';
import { selectAlbumActivity } from '../data-access/activity.feature';
import { AlbumDetailPageActions } from '../data-access/albums.actions';
import {
  selectAlbum,
  selectAlbumError,
  selectAlbumStatus,
  selectClientTransitions,
  selectNextStepsKnown,
  selectOwnTransitions,
  selectPendingTrigger,
} from '../data-access/albums.feature';
import { selectAlbumPhotoSlots, selectAlbumPhotosLoading } from '../data-access/photos.feature';
import {
  selectAlbumProgress,
  selectAlbumSyncing,
  selectTagProgress,
} from '../data-access/sync.feature';
import { selectAlbumTags, selectSelectedTag } from '../data-access/tags.feature';
import { AlbumDetail } from './album-detail';
import { afterNextPaint } from '../../after-paint';
import { ChangeFolderDialog } from './change-folder-dialog/change-folder-dialog';
import { CHANGE_FOLDER_DIALOG_LOADER } from './change-folder-dialog/change-folder-dialog-loader';
import { provideScreenWidth } from './phone-layout.testing';

const rawTag: AlbumTag = {
  id: 'tag-raw',
  albumId: 'album-1',
  type: 'Raw',
  status: 'Syncing',
  link: 'https://drive.google.com/drive/folders/abcdefghijkl',
  folderId: 'folder-1',
  photoCount: 1234,
};
const album: Album = {
  id: 'album-1',
  name: '<img src=x onerror=alert(1)>',
  state: 'Raw',
  coverUrl: null,
  photoCount: 1234,
  modifiedAt: '2026-11-22T10:00:00Z',
  tags: [rawTag],
  sync: null,
};
const syncStock: Transition = {
  trigger: 'SyncStockTag',
  targetState: 'Stock',
  executableBy: 'Photographer',
  canExecute: false,
  reason: 'The Raw tag is not Ready',
};

function setUp(
  overrides: {
    album?: Album | null;
    status?: string;
    error?: unknown;
    own?: Transition[];
    client?: Transition[];
    refused?: Record<string, string>;
    albumId?: string;
    tags?: AlbumTag[];
    selected?: AlbumTag | null;
    /** A phone's width (the grid scrolls with the page). */
    phone?: boolean;
    /** Whether the transitions have answered (true unless said). */
    nextStepsKnown?: boolean;
  } = {},
) {
  const albumId = overrides.albumId ?? 'album-1';
  TestBed.configureTestingModule({
    imports: [AlbumDetail],
    providers: [
      provideRouter([]),
      provideScreenWidth(!!overrides.phone),
      provideMockStore({
        selectors: [
          {
            selector: selectAlbum(albumId),
            value: overrides.album === undefined ? album : overrides.album,
          },
          { selector: selectAlbumStatus(albumId), value: overrides.status ?? 'loaded' },
          { selector: selectAlbumError(albumId), value: overrides.error ?? null },
          { selector: selectOwnTransitions(albumId), value: overrides.own ?? [syncStock] },
          { selector: selectClientTransitions(albumId), value: overrides.client ?? [] },
          {
            selector: selectNextStepsKnown(albumId),
            value: overrides.nextStepsKnown ?? true,
          },
          { selector: selectPendingTrigger(albumId), value: null },
          { selector: selectAlbumTags(albumId), value: overrides.tags ?? [rawTag] },
          {
            selector: selectSelectedTag(albumId),
            value: overrides.selected === undefined ? rawTag : overrides.selected,
          },
          {
            selector: selectTagProgress(albumId),
            value: {
              'tag-raw': {
                status: 'syncing',
                processedCount: 1234,
                totalCount: 2400,
                fraction: 0.514,
                etaSeconds: 120,
              },
            },
          },
          { selector: selectAlbumSyncing(albumId), value: false },
          { selector: selectAlbumProgress(albumId), value: null },
          {
            selector: selectAlbumActivity(albumId),
            value: [
              {
                id: 1,
                albumId: 'album-1',
                kind: 'state',
                text: 'Album moved to Raw',
                at: '2026-11-22T10:00:00Z',
              },
            ],
          },
          { selector: selectAlbumPhotoSlots(albumId), value: [] },
          { selector: selectAlbumPhotosLoading(albumId), value: false },
          { selector: selectRefusedAlbums, value: overrides.refused ?? {} },
        ],
      }),
    ],
  });
  const store = TestBed.inject(MockStore);
  const dispatched: unknown[] = [];
  store.scannedActions$.subscribe((action) => dispatched.push(action));
  const fixture = TestBed.createComponent(AlbumDetail);
  fixture.componentRef.setInput('albumId', albumId);
  return {
    fixture,
    store,
    dispatched,
    loader: TestbedHarnessEnvironment.loader(fixture),
    element: fixture.nativeElement as HTMLElement,
  };
}

/** The task after the browser's next paint, and what renders then. */
async function paintedOnce(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await fixture.whenStable();
  await new Promise<void>((done) => afterNextPaint(done));
  await fixture.whenStable();
}

describe('AlbumDetail', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('opens the album (joining its group) and closes it when destroyed', async () => {
    const { fixture, dispatched } = setUp();
    await fixture.whenStable();
    expect(dispatched).toContainEqual(AlbumDetailPageActions.opened({ albumId: 'album-1' }));
    fixture.destroy();
    expect(dispatched).toContainEqual(AlbumDetailPageActions.closed({ albumId: 'album-1' }));
  });

  it('shows the body once the next steps are known too: the workflow panel never grows under the photo sets', async () => {
    const { fixture, store, element } = setUp({ own: [], nextStepsKnown: false });
    await fixture.whenStable();
    expect(element.querySelector('h1')?.textContent).toContain(album.name);
    expect(element.querySelector('#workflow-title')).toBeNull();
    expect(element.querySelector('#tags-title')).toBeNull();
    store.overrideSelector(selectNextStepsKnown('album-1'), true);
    store.overrideSelector(selectOwnTransitions('album-1'), [syncStock]);
    store.refreshState();
    await fixture.whenStable();
    expect(element.querySelector('#workflow-title')).not.toBeNull();
    expect(element.querySelector('.next-steps button')).not.toBeNull();
  });

  it('renders a hostile album name as text', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    expect(element.querySelector('h1')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(element.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows a disabled trigger with its reason, and the tag’s progress', async () => {
    const { fixture, loader, element } = setUp();
    await fixture.whenStable();
    const button = await loader.getHarness(MatButtonHarness.with({ text: 'Create stock photos' }));
    expect(await button.isDisabled()).toBe(true);
    expect(element.textContent).toContain('The Raw tag is not Ready');
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(Math.round((await bar.getValue())!)).toBe(51);
    expect(element.textContent).toContain('1,234 of 2,400 photos · about 2 min left');
    expect(element.textContent).toContain('Album moved to Raw');
  });

  it('fires an enabled trigger', async () => {
    const { fixture, loader, dispatched, store } = setUp({
      own: [{ ...syncStock, canExecute: true, reason: null }],
    });
    store.overrideSelector(selectAlbumTags('album-1'), [{ ...rawTag, status: 'Ready' }]);
    store.refreshState();
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create stock photos' }))).click();
    expect(dispatched).toContainEqual(
      AlbumDetailPageActions.triggerFired({ albumId: 'album-1', trigger: 'SyncStockTag' }),
    );
  });

  it("says what the client's steps wait for, in a sentence", async () => {
    const rate: Transition = {
      trigger: 'Rate',
      targetState: 'Rate',
      executableBy: 'Client',
      canExecute: false,
      reason: 'Waiting for the client',
    };
    const { fixture, element, loader } = setUp({ own: [], client: [rate] });
    await fixture.whenStable();
    expect(element.textContent).toContain('Waiting for the client to finish rating.');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Rate/ }))).toHaveLength(0);
  });

  it("refuses another studio's album with a way back", async () => {
    const { fixture, element } = setUp({
      album: null,
      status: 'error',
      error: { status: 404, code: 'ALBUM_101A', message: 'x' },
    });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'belongs to another studio',
    );
    expect(element.querySelector('[role="alert"] a[href="/albums"]')?.textContent).toContain(
      'Back to albums',
    );
  });

  it('never says "another studio" from a hub refusal alone: loading stays loading', async () => {
    const { fixture, element } = setUp({
      album: null,
      status: 'loading',
      refused: { 'album-1': 'Album not found' },
    });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')).toBeNull();
    expect(element.textContent).not.toContain('another studio');
  });

  it('says an album it shows is not live when the hub refused its group', async () => {
    const { fixture, element } = setUp({ refused: { 'album-1': 'Album not found' } });
    await fixture.whenStable();
    expect(element.querySelector('.not-live')?.textContent).toContain('not live');
  });

  it('offers to retry a failed load', async () => {
    const { fixture, loader, dispatched } = setUp({
      album: null,
      status: 'error',
      error: { status: 0, code: null, message: 'PhotoFlow cannot be reached.' },
    });
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Try again' }))).click();
    expect(dispatched).toContainEqual(
      AlbumDetailPageActions.refreshRequested({ albumId: 'album-1' }),
    );
  });

  it('answers not found for a route id no album can have, without opening it', async () => {
    const { fixture, element, dispatched } = setUp({
      albumId: 'constructor',
      album: null,
      status: 'idle',
    });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"] h1')?.textContent).toContain(
      'Album not available',
    );
    expect(dispatched).not.toContainEqual(
      AlbumDetailPageActions.opened({ albumId: 'constructor' }),
    );
    fixture.destroy();
    expect(dispatched).not.toContainEqual(
      AlbumDetailPageActions.closed({ albumId: 'constructor' }),
    );
  });

  describe('a 2,400-shot wedding at Rate', () => {
    const wedding = (type: AlbumTag['type'], photoCount: number): AlbumTag => ({
      ...rawTag,
      id: `tag-${type}`,
      type,
      status: 'Ready',
      link: type === 'Raw' ? rawTag.link : null,
      photoCount,
    });
    const tags = [wedding('Raw', 2400), wedding('Stock', 2400), wedding('Rate', 130)];
    // The backend's album figure adds the Raw and Stock copies of each photo.
    const atRate: Album = { ...album, state: 'Rate', photoCount: 4800, tags };

    it('says the album holds the 2,400 photos shot, not every stage’s copies', async () => {
      const { fixture, element } = setUp({ album: atRate, tags, selected: tags[2], own: [] });
      await fixture.whenStable();
      expect(element.querySelector('[data-testid="album-photo-count"]')?.textContent).toBe(
        '2,400 photos',
      );
    });

    const panelTitles = (element: HTMLElement) =>
      [...element.querySelectorAll('.main > section h2')].map((h2) => h2.textContent?.trim());

    it('puts the picks’ hand-off (the photos) before the photo sets at Rate', async () => {
      const { fixture, element } = setUp({ album: atRate, tags, selected: tags[2], own: [] });
      await fixture.whenStable();
      expect(panelTitles(element)).toEqual(['Workflow', 'Rate photos', 'Photo sets']);
      expect(element.querySelector('app-client-picks')).not.toBeNull();
    });

    it('keeps the photo sets first at the other stages', async () => {
      const atStock: Album = { ...atRate, state: 'Stock', tags: tags.slice(0, 2) };
      const { fixture, element } = setUp({
        album: atStock,
        tags: tags.slice(0, 2),
        selected: tags[1],
        own: [],
      });
      await paintedOnce(fixture);
      expect(panelTitles(element)).toEqual(['Workflow', 'Photo sets', 'Stock photos']);
    });

    it('keeps the photos last on a phone, where the page scrolls once, grid included', async () => {
      const { fixture, element } = setUp({
        album: atRate,
        tags,
        selected: tags[2],
        own: [],
        phone: true,
      });
      await paintedOnce(fixture);
      expect(panelTitles(element)).toEqual(['Workflow', 'Photo sets', 'Rate photos']);
    });

    it('paints the body first and the photos after it where they come last (phone, or before Rate)', async () => {
      for (const phone of [true, false]) {
        TestBed.resetTestingModule();
        const atStock: Album = { ...atRate, state: 'Stock', tags: tags.slice(0, 2) };
        const { fixture, element } = setUp({
          album: phone ? atRate : atStock,
          tags: phone ? tags : tags.slice(0, 2),
          selected: phone ? tags[2] : tags[1],
          own: [],
          phone,
        });
        fixture.detectChanges();
        await fixture.whenStable();
        // The first render: everything but the photos (the activity's text is a phone's largest paint).
        expect(panelTitles(element)).toEqual(['Workflow', 'Photo sets']);
        expect(element.querySelector('app-activity-feed')).not.toBeNull();
        expect(element.querySelector('app-photo-grid')).toBeNull();
        await paintedOnce(fixture);
        expect(element.querySelector('app-photo-grid')).not.toBeNull();
      }
    });
  });
});

describe('AlbumDetail, when the change-folder dialog cannot load', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('says so above the tags, and the button tries again', async () => {
    let fails = true;
    const load = vi.fn(() =>
      fails
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : import('./change-folder-dialog/open-change-folder-dialog').then(
            (m) => m.openChangeFolderDialog,
          ),
    );
    TestBed.overrideProvider(CHANGE_FOLDER_DIALOG_LOADER, { useValue: load });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const readyRaw: AlbumTag = { ...rawTag, status: 'Ready' };
    const { fixture, loader, element, dispatched } = setUp({
      tags: [readyRaw],
      selected: readyRaw,
    });
    const open = vi
      .spyOn(TestBed.inject(MatDialog), 'open')
      .mockReturnValue({
        afterClosed: () => of('https://drive.google.com/drive/folders/mnopqrstuvwx'),
      } as never);
    await fixture.whenStable();
    const changeFolder = await loader.getHarness(MatButtonHarness.with({ text: /Change folder/ }));

    await changeFolder.click();
    await vi.waitFor(() =>
      expect(element.querySelector('[role="alert"]')?.textContent).toContain(
        'The folder form could not be loaded',
      ),
    );
    expect(open).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();

    fails = false;
    await changeFolder.click();
    await vi.waitFor(() =>
      expect(open).toHaveBeenCalledWith(ChangeFolderDialog, expect.anything()),
    );
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
    expect(dispatched).toContainEqual(
      AlbumDetailPageActions.tagUrlChanged({
        albumId: 'album-1',
        tagId: 'tag-raw',
        url: 'https://drive.google.com/drive/folders/mnopqrstuvwx',
      }),
    );
  });
});
