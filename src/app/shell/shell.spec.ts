import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { signal, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { afterNextPaint } from '../after-paint';
import { AuthService, type User } from '../auth/auth.service';
import { selectConnectionLastError, selectConnectionStatus } from '../realtime/connection.feature';
import { Shell } from './shell';
import { ACCOUNT_MENU_LOADER } from './account-controls/account-menu-loader';

const user: User = {
  id: 'u1',
  name: 'An Nguyen',
  email: 'an@photoflow.test',
  role: 'org_admin',
  orgId: 'org-1',
};

describe('Shell', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  function setUp(providers: Provider[] = []) {
    const signOut = vi.fn();
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        ...providers,
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

  it('loads the account menu with the first click on its button, opens it, and signs out from it', async () => {
    const { fixture, loader, signOut, element } = setUp();
    await paintedOnce(fixture);
    // Before: a stand-in, with no menu and no trigger of one.
    expect(await loader.getAllHarnesses(MatMenuHarness)).toHaveLength(0);
    const standIn = element.querySelector<HTMLButtonElement>('button.account')!;
    expect(standIn.getAttribute('aria-haspopup')).toBe('menu');
    standIn.click();
    // The chunk's own import, then a render.
    await vi.waitFor(async () => {
      await paintedOnce(fixture);
      expect(await loader.getAllHarnesses(MatMenuHarness)).toHaveLength(1);
    });

    const menu = await loader.getHarness(MatMenuHarness);
    expect(await menu.isOpen(), 'open from that one click').toBe(true);
    const items = await menu.getItems();
    expect(await items[0]!.isFocused(), 'the first item focused').toBe(true);
    // The trigger stands where the stand-in stood, with the same contents.
    const trigger = element.querySelector('button.account')!;
    expect(trigger).not.toBe(standIn);
    expect(trigger.querySelector('.who')?.textContent).toMatch(/Account: An Nguyen/);
    await menu.clickItem({ text: 'Sign out' });
    expect(signOut).toHaveBeenCalled();

    // Then it is the trigger's own: closed, and opened again by a click.
    expect(await menu.isOpen()).toBe(false);
    await menu.open();
    expect(await menu.isOpen()).toBe(true);
  });

  it('says where the click was that the menu did not load, and loads it with the next click', async () => {
    const { AccountMenu } = await import('./account-controls/account-menu');
    const load = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue(AccountMenu);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fixture, loader, element } = setUp([{ provide: ACCOUNT_MENU_LOADER, useValue: load }]);
    await paintedOnce(fixture);
    element.querySelector<HTMLButtonElement>('button.account')!.click();
    await paintedOnce(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toMatch(
      /account menu could not be loaded/,
    );
    expect(await loader.getAllHarnesses(MatMenuHarness)).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('[shell] The account menu did not load.', expect.any(Error));

    element.querySelector<HTMLButtonElement>('button.account')!.click();
    await paintedOnce(fixture);
    expect(await (await loader.getHarness(MatMenuHarness)).isOpen()).toBe(true);
    expect(element.querySelector('[role="alert"]')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
