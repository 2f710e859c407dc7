import { HttpErrorResponse } from '@angular/common/http';
import type { Actions } from '@ngrx/effects';
import type { Action } from '@ngrx/store';
import { Subject, of, throwError } from 'rxjs';
import type { Album } from '../../api/models';
import type { PhotoflowApi } from '../../api/photoflow-api';
import { HubEventActions } from '../../realtime/notification-hub.actions';
import { fireTrigger, renameAlbum } from './album-commands.effects';
import { AlbumDetailPageActions, AlbumsApiActions } from './albums.actions';

const album: Album = {
  id: 'a',
  name: 'Lan & Minh Wedding',
  state: 'Init',
  coverUrl: null,
  photoCount: 0,
  modifiedAt: '2026-11-22T10:00:00.000Z',
  tags: [],
  sync: null,
};

describe('album commands', () => {
  it('fires a trigger, and its answer carries the hub events that arrived meanwhile', () => {
    const actions$ = new Subject<Action>();
    const answer = new Subject<{ album: Album; syncStarted: boolean }>();
    const api = { fireTrigger: () => answer } as unknown as PhotoflowApi;
    const output: Action[] = [];
    fireTrigger(actions$ as unknown as Actions, api).subscribe((action) => output.push(action));

    actions$.next(AlbumDetailPageActions.triggerFired({ albumId: 'a', trigger: 'SyncRawTag' }));
    const started = HubEventActions.AlbumSyncStarted({
      event: { albumId: 'a', message: '', timestamp: '2026-11-22T10:00:01.000Z' },
    });
    const elsewhere = HubEventActions.AlbumSyncStarted({
      event: { albumId: 'b', message: '', timestamp: '2026-11-22T10:00:01.000Z' },
    });
    actions$.next(started);
    actions$.next(elsewhere);
    answer.next({ album, syncStarted: true });
    answer.complete();
    expect(output).toEqual([
      AlbumsApiActions.triggerSucceeded({
        albumId: 'a',
        trigger: 'SyncRawTag',
        album,
        syncStarted: true,
        replay: [started],
        issued: expect.any(Number),
      }),
    ]);
  });

  it('turns a refusal into a failure with its sentence, and goes on with the next command', () => {
    const actions$ = new Subject<Action>();
    const names: string[] = [];
    const api = {
      renameAlbum: (_: string, name: string) => {
        names.push(name);
        return name === 'taken'
          ? throwError(
              () =>
                new HttpErrorResponse({
                  status: 409,
                  error: { status: 409, code: 'ALBUM_102A', title: 'Conflict' },
                }),
            )
          : of({ ...album, name });
      },
    } as unknown as PhotoflowApi;
    const output: Action[] = [];
    renameAlbum(actions$ as unknown as Actions, api).subscribe((action) => output.push(action));
    actions$.next(AlbumDetailPageActions.albumRenamed({ albumId: 'a', name: 'taken' }));
    actions$.next(AlbumDetailPageActions.albumRenamed({ albumId: 'a', name: 'Tet Lookbook' }));
    expect(names).toEqual(['taken', 'Tet Lookbook']);
    expect(output[0]).toMatchObject({
      type: AlbumsApiActions.albumRenameFailed.type,
      albumId: 'a',
      error: { status: 409, code: 'ALBUM_102A' },
    });
    expect(output[1]).toEqual(
      AlbumsApiActions.albumRenamed({ album: { ...album, name: 'Tet Lookbook' } }),
    );
  });
});
