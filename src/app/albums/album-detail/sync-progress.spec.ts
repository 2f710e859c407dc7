import { describeProgress, describeTimeLeft, progressPercent } from './sync-progress';

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
