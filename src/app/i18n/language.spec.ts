import { pageIn, preferredLanguage } from './language';

describe('language', () => {
  it('a first visit takes the first of the browser’s languages we ship, else English', () => {
    expect(preferredLanguage(['vi-VN', 'en-US'])).toBe('vi');
    expect(preferredLanguage(['fr-FR', 'en-GB', 'vi'])).toBe('en');
    expect(preferredLanguage(['ja'])).toBe('en');
    expect(preferredLanguage([])).toBe('en');
  });

  it('the switch keeps the page: path, query and fragment', () => {
    expect(pageIn('en', { pathname: '/vi/albums/a1', search: '?x=1', hash: '#photos' })).toBe(
      '/en/albums/a1?x=1#photos',
    );
    expect(pageIn('vi', { pathname: '/en', search: '', hash: '' })).toBe('/vi/');
    // A build served at the root (ng serve) has no prefix to replace.
    expect(pageIn('vi', { pathname: '/albums', search: '', hash: '' })).toBe('/vi/albums');
    expect(pageIn('vi', { pathname: '/envelope', search: '', hash: '' })).toBe('/vi/envelope');
  });
});
