import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { storeSession } from '../auth/session.testing';
import { IDLE_TIMEOUT_MS } from '../notifications/when-idle';
import { HUB_HOLD_LIMIT_MS, HubStart } from './hub-start';

describe('HubStart: when the session’s hub may start', () => {
  /** A HubStart made on a page loaded at `path` (under /en/), signed in or not. */
  function hubStartAt(path: string, signedIn = true): HubStart {
    localStorage.clear();
    if (signedIn) storeSession();
    const page = {
      location: { href: `https://app.test/en/${path}` },
      baseURI: 'https://app.test/en/',
    };
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [{ provide: DOCUMENT, useValue: page }] });
    return TestBed.inject(HubStart);
  }

  /** Whether `allowed()` has emitted, watched from now. */
  function watch(start: HubStart): { allowed: boolean } {
    const seen = { allowed: false };
    start.allowed().subscribe(() => (seen.allowed = true));
    return seen;
  }

  /** A cover whose `decode()` the test settles. */
  function cover() {
    let settle!: (ok: boolean) => void;
    const decoded = new Promise<void>((resolve, reject) => {
      settle = (ok) => (ok ? resolve() : reject(new Error('the image did not load')));
    });
    return { image: { decode: () => decoded } as unknown as HTMLImageElement, settle };
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    localStorage.clear();
  });

  it('allows at once on a page opened on any other screen, or signed out', () => {
    for (const [path, signedIn] of [
      ['albums/03d2a57f-5863-47aa-afc5-52007b3befe6', true],
      ['albums/03d2a57f-5863-47aa-afc5-52007b3befe6/photos/p1', true],
      ['login', true],
      ['albums', false],
    ] as const) {
      expect(watch(hubStartAt(path, signedIn)).allowed, path).toBe(true);
    }
  });

  it('holds on a page opened on the list until the list releases it', async () => {
    for (const path of ['albums', '', 'albums/', 'nowhere']) {
      const start = hubStartAt(path);
      const seen = watch(start);
      await vi.advanceTimersByTimeAsync(HUB_HOLD_LIMIT_MS - 1);
      expect(seen.allowed, path).toBe(false);
      start.release();
      expect(seen.allowed, path).toBe(true);
      expect(watch(start).allowed, 'and stays released').toBe(true);
    }
  });

  it('lets go by itself at the hold limit, for good (a retried start does not wait again)', async () => {
    const start = hubStartAt('albums');
    const seen = watch(start);
    await vi.advanceTimersByTimeAsync(HUB_HOLD_LIMIT_MS);
    expect(seen.allowed).toBe(true);
    expect(watch(start).allowed).toBe(true);
  });

  it('after the first covers have settled, loaded or not, and the browser is idle', async () => {
    const start = hubStartAt('albums');
    const seen = watch(start);
    const [first, second] = [cover(), cover()];
    start.releaseAfter([first.image, second.image]);
    first.settle(true);
    await vi.advanceTimersByTimeAsync(IDLE_TIMEOUT_MS);
    expect(seen.allowed, 'a cover still loading').toBe(false);
    second.settle(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.allowed, 'before the browser is idle').toBe(false);
    await vi.advanceTimersByTimeAsync(IDLE_TIMEOUT_MS);
    expect(seen.allowed).toBe(true);
  });
});
