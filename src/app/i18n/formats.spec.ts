import { formatCount, photoCount, plural } from './formats';

// Unit tests run the source language (English, en-US); the Vietnamese build is proven in e2e.
describe('formats', () => {
  it('counts and plurals follow the locale', () => {
    expect(formatCount(2400)).toBe('2,400');
    expect(photoCount(1)).toBe('1 photo');
    expect(photoCount(2400)).toBe('2,400 photos');
    expect(plural(0, { one: () => 'one', other: () => 'other' })).toBe('other');
  });
});
