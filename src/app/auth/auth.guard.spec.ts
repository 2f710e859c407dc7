import { TestBed } from '@angular/core/testing';
import {
  Router,
  provideRouter,
  type ActivatedRouteSnapshot,
  type RouterStateSnapshot,
} from '@angular/router';
import { signal } from '@angular/core';
import { authGuard } from './auth.guard';
import { AuthService } from './auth.service';

describe('authGuard', () => {
  const signedIn = signal(false);
  const run = (url: string) =>
    TestBed.runInInjectionContext(() =>
      authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    );

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: AuthService, useValue: { isSignedIn: signedIn } }],
    });
  });

  it('sends a signed-out visitor to sign in, then back', () => {
    signedIn.set(false);
    const result = run('/albums/42?tab=photos');
    expect(TestBed.inject(Router).serializeUrl(result as never)).toBe(
      '/login?returnUrl=%2Falbums%2F42%3Ftab%3Dphotos',
    );
  });

  it('lets a signed-in photographer through', () => {
    signedIn.set(true);
    expect(run('/albums')).toBe(true);
  });
});
