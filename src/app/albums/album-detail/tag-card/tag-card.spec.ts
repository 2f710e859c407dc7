import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import type { AlbumTag } from '../../../api/models';
import type { TagProgress } from '../sync-progress';
import { TagCard } from './tag-card';

const rawTag: AlbumTag = {
  id: 'tag-1',
  albumId: 'album-1',
  type: 'Raw',
  status: 'Syncing',
  link: 'https://drive.google.com/drive/folders/abcdefghijkl',
  folderId: 'folder-1',
  photoCount: 1234,
};

async function render(
  tag: AlbumTag,
  progress: TagProgress | null = null,
  busyReason: string | null = null,
) {
  const fixture = TestBed.createComponent(TagCard);
  fixture.componentRef.setInput('tag', tag);
  fixture.componentRef.setInput('progress', progress);
  fixture.componentRef.setInput('busyReason', busyReason);
  await fixture.whenStable();
  return {
    fixture,
    loader: TestbedHarnessEnvironment.loader(fixture),
    element: fixture.nativeElement as HTMLElement,
  };
}

const buttons = (element: HTMLElement) =>
  [...element.querySelectorAll('button')].map((button) =>
    button.textContent!.replace(/\s+/g, ' ').trim(),
  );

describe('TagCard', () => {
  it('shows a syncing tag’s progress as a bar with its value and a sentence', async () => {
    const { loader, element } = await render(rawTag, {
      processedCount: 1234,
      totalCount: 2400,
      estimatedSecondsRemaining: 120,
    });
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(Math.round((await bar.getValue())!)).toBe(51);
    expect(await bar.getMode()).toBe('determinate');
    expect(element.textContent).toContain('1,234 of 2,400 photos · about 2 min left');
    const host = element.querySelector('mat-progress-bar')!;
    expect(host.getAttribute('aria-label')).toBe('Raw tag sync progress');
    expect(Number(host.getAttribute('aria-valuenow'))).toBeCloseTo(51.4, 0);
  });

  it('shows type, status and the Drive folder as a link', async () => {
    const { element } = await render({ ...rawTag, status: 'Ready' });
    expect(element.querySelector('h3')?.textContent).toBe('Raw');
    expect(element.querySelector('.status')?.textContent).toBe('Ready');
    const link = element.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(rawTag.link);
    expect(link.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Drive folder abcdefghijkl of the Raw tag (opens in a new tab)',
    );
    expect(element.querySelector('mat-progress-bar')).toBeNull();
  });

  it('says a failed sync failed and offers to retry it', async () => {
    const { fixture, loader, element } = await render({ ...rawTag, status: 'Failed' });
    const retried: AlbumTag[] = [];
    fixture.componentInstance.resync.subscribe((tag) => retried.push(tag));
    expect(element.textContent).toContain('The last sync of this tag failed');
    await (
      await loader.getHarness(MatButtonHarness.with({ text: 'Retry sync of the Raw tag' }))
    ).click();
    expect(retried.map((tag) => tag.id)).toEqual(['tag-1']);
  });

  it('shows a failed tag’s failure, not the bar of its run stopped mid-way', async () => {
    const { loader, element } = await render(
      { ...rawTag, status: 'Failed', photoCount: 100 },
      { processedCount: 150, totalCount: 180, estimatedSecondsRemaining: null },
    );
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toEqual([]);
    expect(element.textContent).toContain('The last sync of this tag failed');
    // The count is the server's (what the tag holds), not the run's last progress.
    expect(element.querySelector('.count')?.textContent).toBe('100 photos');
  });

  it('disables folder changes and re-sync while the album syncs, and says why', async () => {
    const { loader, element } = await render(
      { ...rawTag, status: 'Ready' },
      null,
      'A sync of this album is running.',
    );
    expect(
      await (
        await loader.getHarness(MatButtonHarness.with({ text: 'Change folder of the Raw tag' }))
      ).isDisabled(),
    ).toBe(true);
    expect(
      await (
        await loader.getHarness(MatButtonHarness.with({ text: 'Re-sync the Raw tag' }))
      ).isDisabled(),
    ).toBe(true);
    expect(element.textContent).toContain('A sync of this album is running.');
  });

  it('offers to link a folder when the tag has none', async () => {
    const { fixture, loader } = await render({
      ...rawTag,
      status: 'Pending',
      link: null,
      folderId: null,
    });
    const asked: AlbumTag[] = [];
    fixture.componentInstance.changeFolder.subscribe((tag) => asked.push(tag));
    await (
      await loader.getHarness(MatButtonHarness.with({ text: 'Link folder of the Raw tag' }))
    ).click();
    expect(asked).toHaveLength(1);
    // Nothing to sync from until a folder is linked.
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Re-sync/ }))).toEqual([]);
  });

  it('says the Stock photos are made from the Raw ones, with no folder to link', async () => {
    const { element } = await render({
      ...rawTag,
      id: 'tag-stock',
      type: 'Stock',
      status: 'Ready',
      link: null,
    });
    expect(element.querySelector('.folder')?.textContent?.trim()).toBe(
      'Made from the Raw photos, one for one',
    );
    expect(buttons(element)).toEqual(['Photos in the Stock tag', 'Re-sync the Stock tag']);
  });

  it('says the Rate photos are the client’s picks, and offers only to see them', async () => {
    const { element } = await render({
      ...rawTag,
      id: 'tag-rate',
      type: 'Rate',
      status: 'Ready',
      link: null,
    });
    expect(element.querySelector('.folder')?.textContent?.trim()).toBe(
      "The client's picks among the Stock photos",
    );
    expect(buttons(element)).toEqual(['Photos in the Rate tag']);
  });
});
