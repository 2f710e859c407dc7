import { TestBed } from '@angular/core/testing';
import { Actions, ofType, provideEffects } from '@ngrx/effects';
import { Store, provideState, provideStore } from '@ngrx/store';
import { storeSession } from '../auth/session.testing';
import { connectionFeature, selectConnectionStatus } from './connection.feature';
import { FakeHubConnection, fakeHubProviders } from './fake-hub-connection.testing';
import { NotificationHubActions } from './notification-hub.actions';
import { RealtimeLayer } from './realtime-layer';
import { SignalRService } from './signalr.service';

describe('RealtimeLayer', () => {
  let connections: FakeHubConnection[];

  beforeEach(() => {
    localStorage.clear();
    storeSession();
    connections = [];
    TestBed.configureTestingModule({
      providers: [
        ...fakeHubProviders((made) => connections.push(made)),
        provideStore(),
        provideState(connectionFeature),
        provideEffects(),
      ],
    });
  });

  afterEach(() => TestBed.resetTestingModule());

  it("hands out the root's hub once its stream effects run, and loads them once", async () => {
    const layer = TestBed.inject(RealtimeLayer);
    expect(layer.loadedHub()).toBeNull();
    const stateActions: string[] = [];
    TestBed.inject(Actions)
      .pipe(ofType(NotificationHubActions.connectionStateChanged))
      .subscribe(({ connection }) => stateActions.push(connection.status));

    const [hub, again] = await Promise.all([layer.hub(), layer.hub()]);
    expect(again).toBe(hub);
    expect(await layer.hub()).toBe(hub);
    expect(hub).toBe(TestBed.inject(SignalRService));
    expect(layer.loadedHub()).toBe(hub);

    hub.start();
    const status = TestBed.inject(Store).selectSignal(selectConnectionStatus);
    await vi.waitFor(() => expect(status()).toBe('Connected'), { timeout: 10_000 });
    expect(connections).toHaveLength(1);
    // The effects registered once: each state is said once (the first on registering).
    expect(stateActions).toEqual(['Disconnected', 'Connecting', 'Connected']);
  });
});
