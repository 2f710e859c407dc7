import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { of } from 'rxjs';
import { AuthService } from '../auth.service';
import { LoginPage } from './login-page';

describe('LoginPage', () => {
  function setUp(
    configurationError: string | null = null,
    query: Record<string, string> = { returnUrl: '/albums/a1' },
  ) {
    const signIn = vi.fn();
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [
        { provide: AuthService, useValue: { signIn, configurationError } },
        {
          provide: ActivatedRoute,
          useValue: { queryParamMap: of(convertToParamMap(query)) },
        },
      ],
    });
    const fixture = TestBed.createComponent(LoginPage);
    return {
      fixture,
      signIn,
      loader: TestbedHarnessEnvironment.loader(fixture),
      element: fixture.nativeElement as HTMLElement,
    };
  }

  it('signs in with Google and comes back where the user was going', async () => {
    const { fixture, loader, signIn } = setUp();
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Sign in with Google/ }))).click();
    expect(signIn).toHaveBeenCalledWith('/albums/a1');
  });

  it('names the dev users locally', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    expect(element.textContent).toContain('an@photoflow.test');
  });

  it('says why sign-in cannot start when the build has no OAuth client', async () => {
    const { fixture, loader, element } = setUp('Sign-in is not set up for the uat environment.');
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Sign-in is not set up');
    expect(
      await (
        await loader.getHarness(MatButtonHarness.with({ text: /Sign in with Google/ }))
      ).isDisabled(),
    ).toBe(true);
  });

  for (const [reason, sentence] of [
    ['expired', 'Your session has ended. Please sign in again.'],
    ['elsewhere', 'You were signed out in another tab. Sign in to continue.'],
  ]) {
    it(`says why the session ended (${reason})`, async () => {
      const { fixture, element } = setUp(null, { returnUrl: '/albums/a1', reason });
      await fixture.whenStable();
      expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe(sentence);
    });
  }

  it('says nothing after a deliberate sign-out', async () => {
    const { fixture, element } = setUp(null, {});
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')).toBeNull();
  });
});
