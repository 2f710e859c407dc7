import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { AuthService, type User } from '../auth/auth.service';
import { selectConnectionLastError, selectConnectionStatus } from '../realtime/connection.feature';
import { Shell } from './shell';

const user: User = {
  id: 'u1',
  name: 'An Nguyen',
  email: 'an@photoflow.test',
  role: 'org_admin',
  orgId: 'org-1',
};

describe('Shell', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  function setUp() {
    const signOut = vi.fn();
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideRouter([]),
        { provide: AuthService, useValue: { user: signal(user), signOut } },
        provideMockStore({
          selectors: [
            { selector: selectConnectionStatus, value: 'Connected' },
            { selector: selectConnectionLastError, value: null },
          ],
        }),
      ],
    });
    const fixture = TestBed.createComponent(Shell);
    return {
      fixture,
      signOut,
      loader: TestbedHarnessEnvironment.loader(fixture),
      element: fixture.nativeElement as HTMLElement,
    };
  }

  it('shows the product, the live status and who is signed in', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    expect(element.textContent).toContain('PhotoFlow');
    expect(element.querySelector('[role="status"]')?.getAttribute('aria-label')).toBe(
      'Live updates: connected',
    );
    const account = element.querySelector('button.account')!;
    expect(account.querySelector('.who')?.textContent).toMatch(
      /^\s*Account: An Nguyen,\s*Studio admin\s*$/,
    );
    expect(account.querySelector('.avatar')?.textContent).toBe('AN');
    expect(account.querySelector('.avatar')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('signs out from the account menu', async () => {
    const { fixture, loader, signOut } = setUp();
    await fixture.whenStable();
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.open();
    await menu.clickItem({ text: 'Sign out' });
    expect(signOut).toHaveBeenCalled();
  });
});
