import { albumCount, formatCount, photoCount, pickedByClientCount, plural } from './formats';

// Unit tests run the source language (English, en-US); the Vietnamese build is proven in e2e.
describe('formats', () => {
  it('counts and plurals follow the locale', () => {
    expect(formatCount(2400)).toBe('2,400');
    expect(photoCount(1)).toBe('1 photo');
    expect(photoCount(2400)).toBe('2,400 photos');
    expect(plural(0, { one: () => 'one', other: () => 'other' })).toBe('other');
    expect(albumCount(1)).toBe('1 album');
    expect(albumCount(600)).toBe('600 albums');
    expect(pickedByClientCount(1200)).toBe('1,200 picked by the client');
  });
});
