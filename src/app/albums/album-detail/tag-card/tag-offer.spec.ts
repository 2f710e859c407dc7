import type { AlbumTag } from '../../../api/models';
import { tagOffer } from './tag-offer';

const tag = (
  type: AlbumTag['type'],
  link: string | null = null,
  status: AlbumTag['status'] = 'Ready',
): AlbumTag => ({
  id: `tag-${type}`,
  albumId: 'album',
  type,
  status,
  link,
  folderId: `folder-${type}`,
  photoCount: 10,
});
const drive = 'https://drive.google.com/drive/folders/abc';

describe('what a tag card offers', () => {
  it('lets the photographer link, change and re-sync the Drive folders of Raw and Retouch', () => {
    expect(tagOffer(tag('Raw', drive))).toEqual({
      source: 'drive',
      folder: 'change',
      sync: 'resync',
    });
    // Retouch starts with no folder (ConfirmRate creates it so): link one, nothing to sync yet.
    expect(tagOffer(tag('Retouch', null, 'Pending'))).toEqual({
      source: 'drive',
      folder: 'link',
      sync: null,
    });
  });

  it('offers no folder on Stock and Final, made from the stage before, only to make them again', () => {
    expect(tagOffer(tag('Stock'))).toEqual({
      source: 'made-from-raw',
      folder: null,
      sync: 'resync',
    });
    expect(tagOffer(tag('Final'))).toEqual({
      source: 'made-from-retouch',
      folder: null,
      sync: 'resync',
    });
  });

  it('offers nothing on Rate, the client’s picks, but a retry of a failed send-out', () => {
    expect(tagOffer(tag('Rate'))).toEqual({ source: 'picks', folder: null, sync: null });
    expect(tagOffer(tag('Rate', null, 'Failed'))).toEqual({
      source: 'picks',
      folder: null,
      sync: 'retry',
    });
  });

  it('offers a retry for any failed sync', () => {
    for (const type of ['Raw', 'Stock', 'Retouch', 'Final'] as const) {
      expect(tagOffer(tag(type, type === 'Raw' ? drive : null, 'Failed')).sync).toBe('retry');
    }
  });

  it('shows a folder a backend linked to a tag all the same, to change or re-sync', () => {
    expect(tagOffer(tag('Stock', drive))).toEqual({
      source: 'drive',
      folder: 'change',
      sync: 'resync',
    });
  });
});
