import type { AlbumTag } from '../../api/models';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { AlbumDetailPageActions } from './albums.actions';
import { selectAlbumTags, selectSelectedTag, tagsFeature } from './tags.feature';
import { tagsLoaded } from './album-answers.testing';
import { clearSelectorOverrides } from './selectors.testing';

const tag = (id: string, type: AlbumTag['type'], albumId = 'a'): AlbumTag => ({
  id,
  albumId,
  type,
  status: 'Ready',
  link: null,
  folderId: `folder-${id}`,
  photoCount: 10,
});

describe('tags feature', () => {
  beforeEach(() => clearSelectorOverrides());

  const opened = AlbumDetailPageActions.opened({ albumId: 'a' });

  it("holds an album's tags in workflow order, replacing them on each load", () => {
    let state = tagsFeature.reducer(undefined, opened);
    state = tagsFeature.reducer(
      state,
      tagsLoaded({
        albumId: 'a',
        tags: [tag('s', 'Stock'), tag('r', 'Raw'), tag('x', 'Raw', 'b')],
      }),
    );
    state = tagsFeature.reducer(
      state,
      tagsLoaded({ albumId: 'a', tags: [tag('r', 'Raw'), tag('t', 'Rate')] }),
    );
    const root = { tags: state };
    expect(selectAlbumTags('a')(root).map((t) => t.id)).toEqual(['r', 't']);
    expect(selectAlbumTags('b')(root).map((t) => t.id)).toEqual(['x']);
    expect(state.ids).toContain('x');
  });

  it("shows the picked tag, else the latest stage's", () => {
    let state = tagsFeature.reducer(
      undefined,
      tagsLoaded({ albumId: 'a', tags: [tag('r', 'Raw'), tag('s', 'Stock')] }),
    );
    expect(selectSelectedTag('a')({ tags: state })?.id).toBe('s');
    state = tagsFeature.reducer(
      state,
      AlbumDetailPageActions.tagSelected({ albumId: 'a', tagId: 'r' }),
    );
    expect(selectSelectedTag('a')({ tags: state })?.id).toBe('r');
  });

  // The answer's album was modified at 10:00:00.
  const statusChanged = (albumTagId: string, timestamp: string) =>
    HubEventActions.AlbumTagStatusChanged({
      event: {
        albumId: 'a',
        albumTagId,
        oldStatus: 'Ready',
        newStatus: 'Syncing',
        message: '',
        timestamp,
      },
    });

  it("follows a tag's status live, and ignores tags it does not hold", () => {
    let state = tagsFeature.reducer(
      undefined,
      tagsLoaded({ albumId: 'a', tags: [tag('r', 'Raw')] }),
    );
    state = tagsFeature.reducer(state, statusChanged('r', '2026-11-22T10:00:01Z'));
    expect(state.entities['r']?.status).toBe('Syncing');
    const unknown = tagsFeature.reducer(state, statusChanged('ghost', '2026-11-22T10:00:02Z'));
    expect(unknown.ids).toEqual(['r']);
  });

  it('ignores a status change its answer already shows (replayed over it, from before its modifiedAt)', () => {
    const state = tagsFeature.reducer(
      undefined,
      tagsLoaded({ albumId: 'a', tags: [tag('r', 'Raw')] }),
    );
    const replayed = tagsFeature.reducer(state, statusChanged('r', '2026-11-22T09:59:59Z'));
    expect(replayed.entities['r']?.status).toBe(state.entities['r']?.status);
  });
});
