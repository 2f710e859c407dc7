import type { AlbumTag } from '../../api/models';
import {
  albumPhotoCount,
  describeProgress,
  describeTimeLeft,
  progressPercent,
  shownPhotoCount,
} from './sync-progress';

describe('sync progress in words', () => {
  it('says how many photos of how many, and about how long is left', () => {
    expect(
      describeProgress({ processedCount: 1234, totalCount: 2400, estimatedSecondsRemaining: 118 }),
    ).toBe('1,234 of 2,400 photos · about 2 min left');
  });

  it('leaves the time out when nobody knows it', () => {
    expect(
      describeProgress({ processedCount: 50, totalCount: 2400, estimatedSecondsRemaining: null }),
    ).toBe('50 of 2,400 photos');
  });

  it('says done at the end', () => {
    expect(
      describeProgress({ processedCount: 2400, totalCount: 2400, estimatedSecondsRemaining: 0 }),
    ).toBe('2,400 of 2,400 photos · done');
  });

  it('rounds short and long waits to words', () => {
    expect(describeTimeLeft(3)).toBe('almost done');
    expect(describeTimeLeft(40)).toBe('less than a minute left');
    expect(describeTimeLeft(7200)).toBe('about 2 h left');
    expect(describeTimeLeft(-1)).toBeNull();
    expect(describeTimeLeft(Number.NaN)).toBeNull();
  });

  it('turns counts into a percentage within 0–100', () => {
    expect(
      progressPercent({ processedCount: 600, totalCount: 2400, estimatedSecondsRemaining: null }),
    ).toBe(25);
    expect(
      progressPercent({ processedCount: 3000, totalCount: 2400, estimatedSecondsRemaining: null }),
    ).toBe(100);
    expect(
      progressPercent({ processedCount: 0, totalCount: 0, estimatedSecondsRemaining: null }),
    ).toBe(0);
    expect(
      progressPercent({
        processedCount: 0,
        totalCount: 0,
        estimatedSecondsRemaining: 0,
        finished: true,
      }),
    ).toBe(100);
  });

  it('says a run that has not counted its photos yet is starting, not done', () => {
    expect(
      describeProgress({ processedCount: 0, totalCount: 0, estimatedSecondsRemaining: null }),
    ).toBe('Starting…');
  });
});

describe('photo counts', () => {
  const tag = (type: AlbumTag['type'], photoCount: number, status: AlbumTag['status'] = 'Ready') =>
    ({
      id: type,
      albumId: 'album',
      type,
      status,
      link: null,
      folderId: `folder-${type}`,
      photoCount,
    }) satisfies AlbumTag;

  it('counts a wedding by its photos shot, not by every stage’s copies of them', () => {
    const tags = [tag('Raw', 2400), tag('Stock', 2400), tag('Rate', 130)];
    // The backend's album figure adds the Raw and Stock copies.
    expect(albumPhotoCount({ photoCount: 4800 }, tags, {})).toBe(2400);
  });

  it('counts the Raw photos synced so far while the Raw tag syncs, as its card does', () => {
    const raw = tag('Raw', 0, 'Syncing');
    const progress = { processedCount: 650, totalCount: 2400, estimatedSecondsRemaining: 12 };
    expect(albumPhotoCount({ photoCount: 0 }, [raw], { Raw: progress })).toBe(650);
    expect(shownPhotoCount(raw, progress)).toBe(650);
  });

  it('keeps what a failed tag holds, not its last run’s count', () => {
    const raw = tag('Raw', 300, 'Failed');
    const progress = { processedCount: 900, totalCount: 2400, estimatedSecondsRemaining: null };
    expect(albumPhotoCount({ photoCount: 600 }, [raw], { Raw: progress })).toBe(300);
  });

  it('falls back on the backend’s figure for an album without a Raw tag', () => {
    expect(albumPhotoCount({ photoCount: 75 }, [tag('Final', 20)], {})).toBe(75);
  });
});
