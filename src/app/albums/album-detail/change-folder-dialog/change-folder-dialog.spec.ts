import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatInputHarness } from '@angular/material/input/testing';
import { ChangeFolderDialog, type ChangeFolderData } from './change-folder-dialog';

describe('ChangeFolderDialog', () => {
  function setUp(data: ChangeFolderData) {
    const close = vi.fn();
    TestBed.configureTestingModule({
      imports: [ChangeFolderDialog],
      providers: [
        { provide: MatDialogRef, useValue: { close } },
        { provide: MAT_DIALOG_DATA, useValue: data },
      ],
    });
    const fixture = TestBed.createComponent(ChangeFolderDialog);
    return {
      fixture,
      close,
      loader: TestbedHarnessEnvironment.loader(fixture),
      element: fixture.nativeElement as HTMLElement,
    };
  }

  it('refuses a link that is not a Drive folder, in words, and stays open', async () => {
    const { fixture, loader, close, element } = setUp({ tagType: 'Retouch', url: null });
    await fixture.whenStable();
    expect(element.querySelector('h2')?.textContent).toContain('Link the Retouch folder');
    await (await loader.getHarness(MatInputHarness)).setValue('https://example.com/folder');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save folder' }))).click();
    expect(element.textContent).toContain('This is not a Google Drive folder link.');
    expect(close).not.toHaveBeenCalled();
  });

  it('closes with the folder link', async () => {
    const { fixture, loader, close, element } = setUp({
      tagType: 'Raw',
      url: 'https://drive.google.com/drive/folders/old123456789',
    });
    await fixture.whenStable();
    expect(element.querySelector('h2')?.textContent).toContain('Change the Raw folder');
    const input = await loader.getHarness(MatInputHarness);
    expect(await input.getValue()).toBe('https://drive.google.com/drive/folders/old123456789');
    await input.setValue(' https://drive.google.com/drive/folders/new123456789 ');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save folder' }))).click();
    expect(close).toHaveBeenCalledWith('https://drive.google.com/drive/folders/new123456789');
  });
});
