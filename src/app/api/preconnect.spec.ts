import { preconnectToApi } from './preconnect';

describe('preconnectToApi', () => {
  afterEach(() => {
    for (const link of document.head.querySelectorAll('link[rel="preconnect"]')) link.remove();
  });

  const links = () =>
    [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preconnect"]')].map((link) => ({
      href: link.href,
      crossOrigin: link.crossOrigin,
    }));

  it('warms both connection pools to an API on another origin', () => {
    preconnectToApi(document, 'https://dev.api.photoflow.vn/api/v1');
    expect(links()).toEqual([
      { href: 'https://dev.api.photoflow.vn/', crossOrigin: 'anonymous' },
      { href: 'https://dev.api.photoflow.vn/', crossOrigin: null },
    ]);
  });

  it('adds nothing for an API on the page’s own origin', () => {
    preconnectToApi(document, '/api/v1');
    preconnectToApi(document, `${document.location.origin}/api/v1`);
    expect(links()).toEqual([]);
  });
});
