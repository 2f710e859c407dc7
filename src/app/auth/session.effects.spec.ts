import { Component, inject } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RouteReuseStrategy, Router, RouterOutlet, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject, queueScheduler } from 'rxjs';
import { APP_ENVIRONMENT } from '../api/app-environment';
import { AuthService, SESSION_STORAGE_KEY } from './auth.service';
import { SessionActions } from './session.actions';
import {
  followNewSession,
  followSignInElsewhere,
  returnToSignIn,
  sessionChanges,
} from './session.effects';
import { SessionRouteReuseStrategy } from './session-route-reuse';
import { jwt, localEnvironment, storeSession } from './session.testing';

let built: string[] = [];

@Component({ template: '<router-outlet />', imports: [RouterOutlet] })
class FrameStub {
  constructor() {
    built.push('frame');
  }
}

@Component({ template: 'albums' })
class AlbumListStub {
  constructor() {
    built.push('list');
  }
}

@Component({ template: 'album' })
class AlbumStub {
  readonly router = inject(Router);
  constructor() {
    built.push('album');
  }
}

@Component({ template: 'sign in' })
class SignInStub {}

/** Another tab writes the shared session; the browser tells this tab with a storage event. */
function otherTab(write: () => void) {
  const oldValue = localStorage.getItem(SESSION_STORAGE_KEY);
  write();
  window.dispatchEvent(
    new StorageEvent('storage', {
      key: SESSION_STORAGE_KEY,
      oldValue,
      newValue: localStorage.getItem(SESSION_STORAGE_KEY),
      storageArea: localStorage,
    }),
  );
}

const binh = () =>
  storeSession({
    accessToken: jwt({ sub: 'u-binh', email: 'binh@photoflow.test', org_id: 'org-binh' }),
    refreshToken: 'binh-1',
  });

describe('session effects', () => {
  let actions$: Subject<Action>;
  let router: Router;
  let harness: RouterTestingHarness;

  async function setUp(url = '/albums') {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: SignInStub },
          {
            path: '',
            component: FrameStub,
            children: [
              { path: 'albums', component: AlbumListStub },
              { path: 'albums/:albumId', component: AlbumStub },
            ],
          },
        ]),
        { provide: RouteReuseStrategy, useExisting: SessionRouteReuseStrategy },
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: APP_ENVIRONMENT, useValue: localEnvironment },
      ],
    });
    actions$ = new Subject<Action>();
    TestBed.inject(AuthService); // listening to other tabs from the start, as the app's effects are
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create(url);
    built = [];
  }

  const run = <T>(effect: () => T) => TestBed.runInInjectionContext(effect);

  beforeEach(() => localStorage.clear());
  afterEach(() => TestBed.resetTestingModule());

  it('announces the session found on load, then sign-outs and other people from other tabs', async () => {
    storeSession();
    await setUp();
    const output: Action[] = [];
    run(() => sessionChanges(undefined, queueScheduler)).subscribe((action) => output.push(action));
    otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
    otherTab(() => storeSession());
    otherTab(binh);
    expect(output.map((action) => action.type)).toEqual([
      SessionActions.started.type,
      SessionActions.ended.type,
      SessionActions.started.type,
      SessionActions.changed.type,
    ]);
    expect(output[1]).toEqual(SessionActions.ended({ reason: 'elsewhere' }));
    expect(output[3]).toMatchObject({ user: { id: 'u-binh', orgId: 'org-binh' } });
  });

  describe('an ended session', () => {
    it('takes the tab to sign in, with the way back, when it ended elsewhere or by itself', async () => {
      storeSession();
      await setUp('/albums/42?tab=photos');
      run(() => returnToSignIn(actions$ as unknown as Actions)).subscribe();
      actions$.next(SessionActions.ended({ reason: 'elsewhere' }));
      await harness.fixture.whenStable();
      expect(router.url).toBe('/login?returnUrl=%2Falbums%2F42%3Ftab%3Dphotos&reason=elsewhere');
    });

    it('does not come back after a deliberate sign-out, nor move a tab already signing in', async () => {
      await setUp('/albums/42');
      run(() => returnToSignIn(actions$ as unknown as Actions)).subscribe();
      actions$.next(SessionActions.ended({ reason: 'signed-out' }));
      await harness.fixture.whenStable();
      expect(router.url).toBe('/login');
      actions$.next(SessionActions.ended({ reason: 'expired' }));
      await harness.fixture.whenStable();
      expect(router.url).toBe('/login');
    });
  });

  describe("another person's session", () => {
    for (const from of ['/albums', '/albums/42']) {
      it(`rebuilds every view on the album list, from ${from}, then starts the new session`, async () => {
        storeSession();
        await setUp(from);
        const output: Action[] = [];
        run(() => followNewSession(actions$ as unknown as Actions)).subscribe((action) =>
          output.push(action),
        );
        otherTab(binh);
        const user = TestBed.inject(AuthService).user()!;
        actions$.next(SessionActions.changed({ user }));
        await harness.fixture.whenStable();
        expect(router.url).toBe('/albums');
        expect(built).toEqual(['frame', 'list']); // built afresh, not reused
        expect(output).toEqual([SessionActions.started({ user })]);

        await router.navigateByUrl('/albums/7');
        await router.navigateByUrl('/albums');
        expect(built).toEqual(['frame', 'list', 'album', 'list']); // the frame is reused again
      });
    }

    it('does not start it when the session ended while the views were rebuilt', async () => {
      storeSession();
      await setUp();
      const output: Action[] = [];
      run(() => followNewSession(actions$ as unknown as Actions)).subscribe((action) =>
        output.push(action),
      );
      otherTab(binh);
      const user = TestBed.inject(AuthService).user()!;
      actions$.next(SessionActions.changed({ user }));
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      await harness.fixture.whenStable();
      expect(output).toEqual([]);
    });
  });

  describe('a sign-in in another tab while this one waits on the sign-in page', () => {
    it('takes the same person back where they were', async () => {
      storeSession();
      await setUp('/albums/42');
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      await router.navigateByUrl('/login?returnUrl=%2Falbums%2F42&reason=elsewhere');
      run(() => followSignInElsewhere()).subscribe();
      otherTab(() => storeSession({ refreshToken: 'again' }));
      await harness.fixture.whenStable();
      expect(router.url).toBe('/albums/42');
    });

    it('takes someone else to the album list', async () => {
      storeSession();
      await setUp('/albums/42');
      otherTab(() => localStorage.removeItem(SESSION_STORAGE_KEY));
      await router.navigateByUrl('/login?returnUrl=%2Falbums%2F42&reason=elsewhere');
      run(() => followSignInElsewhere()).subscribe();
      otherTab(binh);
      await harness.fixture.whenStable();
      expect(router.url).toBe('/albums');
    });
  });
});
