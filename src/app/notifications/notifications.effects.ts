import { inject } from '@angular/core';
import { Actions, createEffect } from '@ngrx/effects';
import { filter, map, tap } from 'rxjs';
import { AwayNotifications } from './away-notifications';
import { albumNewsOf, type AlbumNewsItem } from './notification-rules';

/** Every tab offers the news its hub brings; the browser's notifier decides (once per browser). */
export const offerAlbumNews = createEffect(
  (actions$ = inject(Actions), notifications = inject(AwayNotifications)) =>
    actions$.pipe(
      map(albumNewsOf),
      filter((item): item is AlbumNewsItem => item !== null),
      tap((item) => notifications.offer(item)),
    ),
  { functional: true, dispatch: false },
);
