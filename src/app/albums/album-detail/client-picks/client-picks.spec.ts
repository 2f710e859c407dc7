import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AlbumState, AlbumTag } from '../../../api/models';
import { ClientPicks } from './client-picks';

const albumId = '11111111-1111-4111-8111-111111111111';

function tag(type: AlbumTag['type'], photoCount: number, pickedCount?: number): AlbumTag {
  return {
    id: `${type.length}1111111-1111-4111-8111-111111111111`,
    albumId,
    type,
    status: 'Ready',
    link: null,
    folderId: null,
    photoCount,
    ...(pickedCount === undefined ? {} : { pickedCount }),
  };
}

/** The status line as a photographer reads it, for an album in `state` with `tags`. */
async function status(state: AlbumState, tags: AlbumTag[]): Promise<string> {
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting()],
  });
  const fixture = TestBed.createComponent(ClientPicks);
  fixture.componentRef.setInput('albumId', albumId);
  fixture.componentRef.setInput('albumName', 'Lan & Minh');
  fixture.componentRef.setInput('albumState', state);
  fixture.componentRef.setInput('tags', tags);
  await fixture.whenStable();
  const element = fixture.nativeElement as HTMLElement;
  return element
    .querySelector('[data-testid="picks-status"]')!
    .textContent!.replace(/\s+/g, ' ')
    .trim();
}

describe('ClientPicks status line', () => {
  it('counts the picks so far in the singular and the plural', async () => {
    expect(await status('Stock', [tag('Stock', 40, 1)])).toBe(
      'The client is picking: 1 photo picked so far.',
    );
    TestBed.resetTestingModule();
    expect(await status('Stock', [tag('Stock', 2400, 1234)])).toBe(
      'The client is picking: 1,234 photos picked so far.',
    );
  });

  it('counts the finished picks (the Rate tag) in the singular and the plural', async () => {
    expect(await status('Rate', [tag('Stock', 40, 1), tag('Rate', 1)])).toBe(
      'The client finished picking: 1 photo.',
    );
    TestBed.resetTestingModule();
    expect(await status('Rate', [tag('Stock', 40, 0), tag('Rate', 0)])).toBe(
      'The client finished picking: 0 photos.',
    );
  });

  it('waits for the client before any pick', async () => {
    expect(await status('Stock', [tag('Stock', 40, 0)])).toBe(
      'Waiting for the client to pick photos.',
    );
  });
});
