import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import type { ConnectionStatus } from '../../realtime/connection-status';
import {
  selectConnectionLastError,
  selectConnectionStatus,
} from '../../realtime/connection.feature';
import { ConnectionIndicatorActions } from '../../realtime/notification-hub.actions';
import { ConnectionIndicator } from './connection-indicator';

function setUp(status: ConnectionStatus, lastError: string | null = null) {
  TestBed.configureTestingModule({
    imports: [ConnectionIndicator],
    providers: [
      provideMockStore({
        selectors: [
          { selector: selectConnectionStatus, value: status },
          { selector: selectConnectionLastError, value: lastError },
        ],
      }),
    ],
  });
  const dispatched: unknown[] = [];
  TestBed.inject(MockStore).scannedActions$.subscribe((action) => dispatched.push(action));
  const fixture = TestBed.createComponent(ConnectionIndicator);
  return {
    fixture,
    dispatched,
    loader: TestbedHarnessEnvironment.loader(fixture),
    element: fixture.nativeElement as HTMLElement,
  };
}

describe('ConnectionIndicator', () => {
  afterEach(() => TestBed.inject(MockStore).resetSelectors());

  it.each([
    ['Connected', 'Live updates: connected', 'Live'],
    ['Reconnecting', 'Live updates: reconnecting', 'Reconnecting…'],
    ['Connecting', 'Live updates: connecting', 'Connecting…'],
  ] as const)('names the %s state for everyone', async (status, name, label) => {
    const { fixture, element, loader } = setUp(status);
    await fixture.whenStable();
    const indicator = element.querySelector('[role="status"]')!;
    expect(indicator.getAttribute('aria-label')).toBe(name);
    expect(indicator.textContent).toContain(label);
    expect(await loader.getAllHarnesses(MatButtonHarness)).toHaveLength(0);
  });

  it('offers "Reconnect now" when offline, with the reason', async () => {
    const { fixture, element, loader, dispatched } = setUp(
      'Disconnected',
      'The server is unreachable',
    );
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')?.getAttribute('aria-label')).toBe(
      'Live updates: offline (The server is unreachable)',
    );
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Reconnect now' }))).click();
    expect(dispatched).toContainEqual(ConnectionIndicatorActions.reconnectRequested());
  });
});
