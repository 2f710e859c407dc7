import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';
import { AuthService, SignInError } from '../auth.service';
import { CallbackPage } from './callback-page';

describe('CallbackPage', () => {
  function setUp(query: Record<string, string>, completeSignIn: () => Promise<string>) {
    TestBed.configureTestingModule({
      imports: [CallbackPage],
      providers: [
        provideRouter([]),
        { provide: AuthService, useValue: { completeSignIn: vi.fn(completeSignIn) } },
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { queryParamMap: convertToParamMap(query) } },
        },
      ],
    });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(CallbackPage);
    return { fixture, navigate, element: fixture.nativeElement as HTMLElement };
  }

  it('finishes sign-in and goes back where the user was', async () => {
    const { fixture, navigate } = setUp({ code: 'c', state: 's' }, () =>
      Promise.resolve('/albums/a1'),
    );
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).completeSignIn).toHaveBeenCalledWith('c', 's');
    expect(navigate).toHaveBeenCalledWith('/albums/a1', { replaceUrl: true });
  });

  it('says a refused sign-in was refused, with a way back', async () => {
    const { fixture, element } = setUp({ code: 'c', state: 's' }, () =>
      Promise.reject(new SignInError('Google did not accept this sign-in. Please try again.')),
    );
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'Google did not accept this sign-in',
    );
    expect(element.querySelector('a[href="/login"]')).not.toBeNull();
  });

  it('says so when the provider cancelled', async () => {
    const { fixture, element } = setUp({ error: 'access_denied' }, () =>
      Promise.resolve('/albums'),
    );
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('cancelled or refused');
  });
});
