import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { afterNextPaint } from '../after-paint';
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

  /** The task after the browser's next paint, and what renders then. */
  async function paintedOnce(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
    await fixture.whenStable();
    await new Promise<void>((done) => afterNextPaint(done));
    await fixture.whenStable();
  }

  it('paints the bar first, its controls all together in the task after that paint', async () => {
    const { fixture, element } = setUp();
    await fixture.whenStable();
    // The first render: the brand and the screen's outlet, as the app shell of the document.
    expect(element.textContent).toContain('PhotoFlow');
    expect(element.querySelector('main router-outlet')).not.toBeNull();
    expect(element.querySelector('app-language-switch')).toBeNull();
    expect(element.querySelector('app-connection-indicator')).toBeNull();
    expect(element.querySelector('button.account')).toBeNull();
    expect(element.querySelector('button.notify')).toBeNull();

    await paintedOnce(fixture);
    expect(element.querySelector('app-language-switch')).not.toBeNull();
    expect(element.querySelector('app-connection-indicator')).not.toBeNull();
    expect(element.querySelector('button.account')).not.toBeNull();
  });

  it('shows the product, the live status and who is signed in', async () => {
    const { fixture, element } = setUp();
    await paintedOnce(fixture);
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
    await paintedOnce(fixture);
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.open();
    await menu.clickItem({ text: 'Sign out' });
    expect(signOut).toHaveBeenCalled();
  });
});
