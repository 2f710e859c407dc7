import { Injector, inject } from '@angular/core';
import { Actions, createEffect } from '@ngrx/effects';
import { filter, map, tap } from 'rxjs';
import { AwayNotifications } from './away-notifications';
import { albumNewsOf, type AlbumNewsItem } from './notification-rules';
import { whenIdle } from './when-idle';

/**
 * The browser's notifier (a channel, a lock, a heartbeat) is no part of the first screen:
 * it starts once the page has painted and the main thread is idle, or sooner if news
 * comes first.
 */
export const startAwayNotifications = createEffect(
  (injector = inject(Injector), idle$ = whenIdle()) =>
    idle$.pipe(tap(() => injector.get(AwayNotifications))),
  { functional: true, dispatch: false },
);

/** Every tab offers the news its hub brings; the browser's notifier decides (once per browser). */
export const offerAlbumNews = createEffect(
  (actions$ = inject(Actions), injector = inject(Injector)) =>
    actions$.pipe(
      map(albumNewsOf),
      filter((item): item is AlbumNewsItem => item !== null),
      tap((item) => injector.get(AwayNotifications).offer(item)),
    ),
  { functional: true, dispatch: false },
);
