import type { Action } from '@ngrx/store';
import type { Actions } from '@ngrx/effects';
import { Subject } from 'rxjs';
import { HubEventActions, NotificationHubActions } from '../realtime/notification-hub.actions';
import { hubToasts, syncFailedToast } from './hub-toasts.effects';
import type { ToastService } from './toast.service';

describe('hub toasts', () => {
  const at = '2026-11-22T10:00:00Z';
  let actions$: Subject<Action>;
  let toasts: { show: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
  let page: { visibilityState: DocumentVisibilityState };

  beforeEach(() => {
    actions$ = new Subject<Action>();
    toasts = { show: vi.fn(), error: vi.fn() };
    page = { visibilityState: 'visible' };
    const actions = actions$ as unknown as Actions;
    const service = toasts as unknown as ToastService;
    hubToasts(actions, service, page).subscribe();
    syncFailedToast(actions, service, page).subscribe();
  });

  it('says nothing in a tab in the background: the toast shows where the photographer looks', () => {
    page.visibilityState = 'hidden';
    actions$.next(
      HubEventActions.AlbumStateChanged({
        event: { albumId: 'a', oldState: 'Rate', newState: 'Retouch', message: '', timestamp: at },
      }),
    );
    actions$.next(
      HubEventActions.AlbumSyncError({
        event: { albumId: 'a', message: 'Drive refused', timestamp: at },
      }),
    );
    expect(toasts.show).not.toHaveBeenCalled();
    expect(toasts.error).not.toHaveBeenCalled();
    page.visibilityState = 'visible';
    actions$.next(
      HubEventActions.AlbumSyncStarted({
        event: { albumId: 'a', message: '', timestamp: at },
      }),
    );
    expect(toasts.show).toHaveBeenCalledWith('Photo sync started');
  });

  it('says "Album moved to {newState}", as PhotoFlow documents', () => {
    actions$.next(
      HubEventActions.AlbumStateChanged({
        event: { albumId: 'a', oldState: 'Rate', newState: 'Retouch', message: '', timestamp: at },
      }),
    );
    expect(toasts.show).toHaveBeenCalledWith('Album moved to Retouch');
  });

  it('tells of sync start, completion, failure and new tags', () => {
    actions$.next(
      HubEventActions.AlbumSyncStarted({
        event: { albumId: 'a', message: '', timestamp: at },
      }),
    );
    actions$.next(
      HubEventActions.AlbumSyncCompleted({
        event: { albumId: 'a', message: '', timestamp: at },
      }),
    );
    actions$.next(
      HubEventActions.AlbumTagCreated({
        event: { albumId: 'a', albumTagId: 't', message: '', timestamp: at },
      }),
    );
    actions$.next(
      HubEventActions.AlbumSyncError({
        event: { albumId: 'a', message: 'Drive refused', timestamp: at },
      }),
    );
    expect(toasts.show.mock.calls).toEqual([
      ['Photo sync started'],
      ['Photo sync completed'],
      ['A new tag was created'],
    ]);
    expect(toasts.error).toHaveBeenCalledWith('Photo sync failed: Drive refused');
  });

  it('never toasts progress', () => {
    actions$.next(NotificationHubActions.photoSyncProgressed({ events: [] }));
    expect(toasts.show).not.toHaveBeenCalled();
  });
});
