// Tests only: the page's width as `injectPhoneWidth` reads it, without a browser's matchMedia.
import { MediaMatcher } from '@angular/cdk/layout';
import type { Provider } from '@angular/core';
import { phoneWidth } from './phone-layout';

/** A MediaMatcher that says a phone's width when `phone` is set, and nothing else. */
export function provideScreenWidth(phone: boolean): Provider {
  return {
    provide: MediaMatcher,
    useValue: {
      matchMedia: (query: string) => ({
        matches: query === phoneWidth && phone,
        media: query,
        addListener: () => undefined,
        removeListener: () => undefined,
      }),
    },
  };
}
