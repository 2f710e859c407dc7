import type { Action } from '@ngrx/store';
import type { Actions } from '@ngrx/effects';
import { Subject } from 'rxjs';
import type { ToastService } from '../shell/toast.service';
import { apiErrorToasts } from './album-toasts.effects';
import { AlbumsApiActions } from './data-access/albums.actions';

describe('album toasts', () => {
  let actions$: Subject<Action>;
  let toasts: { show: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    actions$ = new Subject<Action>();
    toasts = { show: vi.fn(), error: vi.fn() };
    apiErrorToasts(actions$ as unknown as Actions, toasts as unknown as ToastService).subscribe();
  });

  it('tells a failed command in plain words, but not a failed load', () => {
    const error = {
      status: 409,
      code: 'ALBUM_103A',
      message: 'This step is not possible from the album’s current stage.',
    };
    actions$.next(AlbumsApiActions.triggerFailed({ albumId: 'a', trigger: 'Finish', error }));
    actions$.next(AlbumsApiActions.albumLoadFailed({ albumId: 'a', error }));
    expect(toasts.error.mock.calls).toEqual([[error.message]]);
  });
});
