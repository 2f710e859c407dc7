import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  Store,
  createAction,
  createFeature,
  createReducer,
  on,
  props,
  provideState,
  provideStore,
} from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import { NotificationHubActions } from '../realtime/notification-hub.actions';
import { connectionFeature } from '../realtime/connection.feature';
import { SessionActions } from './session.actions';
import { clearStateOnSessionEnd } from './session.meta-reducer';

const albumsLoaded = createAction('[Test] Albums Loaded', props<{ names: string[] }>());
const albumsFeature = createFeature({
  name: 'albums',
  reducer: createReducer(
    { names: [] as string[] },
    on(albumsLoaded, (_, { names }): { names: string[] } => ({ names })),
  ),
});

describe('clearStateOnSessionEnd', () => {
  function setUp() {
    TestBed.configureTestingModule({
      providers: [
        provideStore({}, { metaReducers: [clearStateOnSessionEnd] }),
        provideState(connectionFeature),
      ],
    });
    const store = TestBed.inject(Store);
    // A lazy feature, registered later in a child injector, as a lazy route's provideState is.
    createEnvironmentInjector([provideState(albumsFeature)], TestBed.inject(EnvironmentInjector));
    return store;
  }

  const state = (store: Store) => firstValueFrom(store) as Promise<Record<string, unknown>>;

  for (const boundary of [
    SessionActions.ended({ reason: 'elsewhere' }),
    SessionActions.changed({
      user: { id: 'u9', name: 'Bình', email: 'binh@photoflow.test', role: 'org_admin', orgId: 'b' },
    }),
  ]) {
    it(`puts every feature, root and lazy, back to its initial state on ${boundary.type}`, async () => {
      const store = setUp();
      const initial = await state(store);
      store.dispatch(albumsLoaded({ names: ['Studio An wedding'] }));
      store.dispatch(NotificationHubActions.albumJoinRefused({ albumId: 'x', reason: 'Refused' }));
      store.dispatch(NotificationHubActions.reconnected({ albumIds: [] }));
      expect(await state(store)).not.toEqual(initial);

      store.dispatch(boundary);
      expect(await state(store)).toEqual(initial);
      expect((await state(store))['albums']).toEqual({ names: [] });
    });
  }

  it('leaves the state alone otherwise, a session start included', async () => {
    const store = setUp();
    store.dispatch(albumsLoaded({ names: ['Kept'] }));
    store.dispatch(
      SessionActions.started({
        user: {
          id: 'u1',
          name: 'Chi',
          email: 'chi@photoflow.test',
          role: 'photographer',
          orgId: 'a',
        },
      }),
    );
    expect((await state(store))['albums']).toEqual({ names: ['Kept'] });
  });
});
