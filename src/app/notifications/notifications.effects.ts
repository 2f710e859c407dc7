import { inject } from '@angular/core';
import { Actions, createEffect } from '@ngrx/effects';
import { concatMap, filter, from, map, switchMap, take, tap } from 'rxjs';
import { RealtimeLayer } from '../realtime/realtime-layer';
import { loadAwayNotifications } from './load-away-notifications';
import { albumNewsOf, type AlbumNewsItem } from './notification-rules';
import { whenIdle } from './when-idle';

/**
 * The browser's notifier (a channel, a lock, a heartbeat) is no part of the first screen:
 * it starts once this tab's hub is there to elect it (the realtime layer, loaded with the
 * session's start), the page has painted and the main thread is idle; or sooner if news
 * comes first.
 */
export const startAwayNotifications = createEffect(
  (
    load = loadAwayNotifications(),
    ready$ = inject(RealtimeLayer).loaded$.pipe(
      take(1),
      switchMap(() => whenIdle()),
    ),
  ) => ready$.pipe(switchMap(() => from(load()))),
  { functional: true, dispatch: false },
);

/** Every tab offers the news its hub brings; the browser's notifier decides (once per browser). */
export const offerAlbumNews = createEffect(
  (actions$ = inject(Actions), load = loadAwayNotifications()) =>
    actions$.pipe(
      map(albumNewsOf),
      filter((item): item is AlbumNewsItem => item !== null),
      // In order: news that arrives while the notifier loads waits for it.
      concatMap((item) => from(load()).pipe(tap((notifier) => notifier.offer(item)))),
    ),
  { functional: true, dispatch: false },
);
