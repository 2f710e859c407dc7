import { ApplicationInitStatus, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Actions, createEffect } from '@ngrx/effects';
import { META_REDUCERS, Store, provideStore, type MetaReducer } from '@ngrx/store';
import { tap } from 'rxjs';
import { APP_ENVIRONMENT } from './api/app-environment';
import { appConfig } from './app.config';
import { SessionActions } from './auth/session.actions';
import { localEnvironment, storeSession } from './auth/session.testing';
import { ROOT_EFFECTS_TASK, provideRootEffectsAfterBootstrap } from './root-effects';

/** The task the effects wait for, released when the test says. */
function heldTask() {
  let release!: () => void;
  const task = new Promise<void>((resolve) => (release = resolve));
  return { task: () => task, release };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve));

describe('the app-wide effects, started after the bootstrap', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    localStorage.clear();
  });

  it('start in their own task, and the app’s start (its first render) waits for them', async () => {
    const held = heldTask();
    const heard: string[] = [];
    const probe = {
      heard: createEffect(
        (actions$: Actions = inject(Actions)) =>
          actions$.pipe(tap((action) => heard.push(action.type))),
        { functional: true, dispatch: false },
      ),
    };
    TestBed.configureTestingModule({
      providers: [
        provideStore(),
        provideRootEffectsAfterBootstrap(probe),
        { provide: ROOT_EFFECTS_TASK, useValue: held.task },
      ],
    });
    const store = TestBed.inject(Store);
    const init = TestBed.inject(ApplicationInitStatus);
    store.dispatch({ type: 'before' });
    await settle();
    expect(heard).toEqual([]);
    expect(init.done).toBe(false);

    held.release();
    await init.donePromise;
    store.dispatch({ type: 'after' });
    expect(heard).toEqual(['after']);
  });

  it('in the app’s configuration: the session found on load is announced once their task comes', async () => {
    storeSession();
    const held = heldTask();
    // Every action the store reduces, from its first.
    const actions: string[] = [];
    const recording: MetaReducer = (reducer) => (state, action) => {
      actions.push(action.type);
      return reducer(state, action);
    };
    TestBed.configureTestingModule({
      providers: [
        ...appConfig.providers,
        { provide: APP_ENVIRONMENT, useValue: localEnvironment },
        { provide: ROOT_EFFECTS_TASK, useValue: held.task },
        { provide: META_REDUCERS, multi: true, useValue: recording },
      ],
    });
    TestBed.inject(Store);
    await settle();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions).not.toContain(SessionActions.started.type);
    expect(TestBed.inject(ApplicationInitStatus).done).toBe(false);

    held.release();
    await vi.waitFor(() => expect(actions).toContain(SessionActions.started.type));
  });
});
