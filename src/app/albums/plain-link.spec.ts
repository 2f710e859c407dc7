import { APP_BASE_HREF } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { PlainLinks, isAppClick } from './plain-link';

describe('PlainLinks', () => {
  function setUp() {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: APP_BASE_HREF, useValue: '/vi/' }],
    });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    return { links: TestBed.inject(PlainLinks), navigate };
  }
  const click = (init: MouseEventInit) => new MouseEvent('click', init);

  it('writes the href under the base href, as RouterLink does', () => {
    const { links } = setUp();
    expect(links.href('/albums/a%201?tag=t1')).toBe('/vi/albums/a%201?tag=t1');
  });

  it('follows a primary click in the app, to the URL the href was made from', () => {
    const { links, navigate } = setUp();
    expect(links.follow(click({}), '/albums/a1')).toBe(false);
    expect(navigate).toHaveBeenCalledExactlyOnceWith('/albums/a1');
  });

  it('leaves a modified or middle click to the browser (a new tab or window)', () => {
    const { links, navigate } = setUp();
    for (const init of [
      { ctrlKey: true },
      { shiftKey: true },
      { altKey: true },
      { metaKey: true },
      { button: 1 },
    ]) {
      expect(isAppClick(click(init)), JSON.stringify(init)).toBe(false);
      expect(links.follow(click(init), '/albums/a1')).toBe(true);
    }
    expect(navigate).not.toHaveBeenCalled();
  });
});
