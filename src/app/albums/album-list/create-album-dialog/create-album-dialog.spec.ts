import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogRef } from '@angular/material/dialog';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideMockActions } from '@ngrx/effects/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Subject } from 'rxjs';
import type { Album } from '../../../api/models';
import { AlbumListPageActions, AlbumsApiActions } from '../../data-access/albums.actions';
import { selectAlbumCreateError, selectAlbumCreateStatus } from '../../data-access/albums.feature';
import { CreateAlbumDialog } from './create-album-dialog';

function setUp() {
  const close = vi.fn();
  const actions = new Subject<unknown>();
  TestBed.configureTestingModule({
    imports: [CreateAlbumDialog],
    providers: [
      { provide: MatDialogRef, useValue: { close } },
      provideMockActions(() => actions),
      provideMockStore({
        selectors: [
          { selector: selectAlbumCreateStatus, value: 'idle' },
          { selector: selectAlbumCreateError, value: null },
        ],
      }),
    ],
  });
  const store = TestBed.inject(MockStore);
  const dispatched: unknown[] = [];
  store.scannedActions$.subscribe((action) => dispatched.push(action));
  const fixture = TestBed.createComponent(CreateAlbumDialog);
  return {
    fixture,
    store,
    close,
    actions,
    dispatched,
    loader: TestbedHarnessEnvironment.loader(fixture),
    element: fixture.nativeElement as HTMLElement,
  };
}

describe('CreateAlbumDialog', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it('creates an album from a name and a Drive folder, and closes once created', async () => {
    const { loader, close, actions, dispatched } = setUp();
    const [name, url] = await loader.getAllHarnesses(MatInputHarness);
    await name.setValue('Studio session');
    await url.setValue('https://drive.google.com/drive/folders/abcdefghijkl');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create album' }))).click();
    expect(dispatched).toContainEqual(
      AlbumListPageActions.createAlbumSubmitted({
        album: {
          name: 'Studio session',
          rawFolderUrl: 'https://drive.google.com/drive/folders/abcdefghijkl',
        },
      }),
    );
    actions.next(AlbumsApiActions.albumCreated({ album: { id: 'new-album' } as Album }));
    expect(close).toHaveBeenCalledWith('new-album');
  });

  it('refuses a link that is not a Drive folder, and shows the backend’s refusal', async () => {
    const { fixture, loader, store, dispatched, element } = setUp();
    const [name, url] = await loader.getAllHarnesses(MatInputHarness);
    await name.setValue('Studio session');
    await url.setValue('https://example.com/photos');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create album' }))).click();
    expect(element.textContent).toContain('This is not a Google Drive folder link.');
    expect(
      dispatched.some(
        (action) =>
          (action as { type: string }).type === AlbumListPageActions.createAlbumSubmitted.type,
      ),
    ).toBe(false);

    await url.setValue('https://drive.google.com/drive/folders/unknownfolder1');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create album' }))).click();
    store.overrideSelector(selectAlbumCreateStatus, 'error');
    store.overrideSelector(selectAlbumCreateError, {
      status: 400,
      code: null,
      message: 'That is not a Google Drive folder PhotoFlow can read.',
    });
    store.refreshState();
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'That is not a Google Drive folder PhotoFlow can read.',
    );
  });
});
