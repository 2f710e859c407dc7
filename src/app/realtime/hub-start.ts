import { DOCUMENT, Injectable, inject } from '@angular/core';
import {
  BehaviorSubject,
  filter,
  firstValueFrom,
  map,
  race,
  take,
  tap,
  timer,
  type Observable,
} from 'rxjs';
import { whenIdle } from '../notifications/when-idle';
import { openingChunks, screenHoldsTheHub } from '../screen-chunks';

/**
 * The longest a page opened on the album list holds its hub back (ms): a list whose first
 * answer is slow (a phone on a bad network) still goes live, and the page's other screens
 * never wait on the list.
 */
export const HUB_HOLD_LIMIT_MS = 3000;

/**
 * When the session's hub may start (hub-session.effects.ts): at once, except on a page
 * that opened on the album list. The list's first read does not wait for the hub (the
 * album page's does: first-snapshot.ts), and the list reads its pages again once its
 * albums' groups are joined ("Each API call once per load", README), so nothing the hub
 * would say is lost by starting it later. There it starts once the list has painted its
 * first answer and that screen's first covers have arrived, when the browser is next idle:
 * the SignalR client, its evaluation and the negotiation then come after the screen's
 * largest paint instead of sharing the phone's bandwidth and main thread with it (issue
 * 22). The list releases it then, or when it goes away; {@link HUB_HOLD_LIMIT_MS} at most.
 */
@Injectable({ providedIn: 'root' })
export class HubStart {
  // Whether the page opened on the list is read once, from the address it was loaded at
  // (as `preloadScreen` read it): this service is made when the session's effects start,
  // before the first navigation.
  private readonly held = new BehaviorSubject(screenHoldsTheHub(openingChunks(inject(DOCUMENT))));

  /** Emits once, then completes: at once unless held; when released, or at the limit. */
  allowed(): Observable<void> {
    const limit = timer(HUB_HOLD_LIMIT_MS).pipe(tap(() => this.release()));
    return race(this.held.pipe(filter((held) => !held)), limit).pipe(
      take(1),
      map(() => undefined),
    );
  }

  /** The list's first answer is on screen: the hub starts once `covers` are in, when idle. */
  releaseAfter(covers: readonly HTMLImageElement[]): void {
    if (!this.held.value) return;
    // A cover that fails to load settles too; the idle wait is bounded (when-idle.ts).
    void Promise.allSettled(covers.map((cover) => cover.decode()))
      .then(() => firstValueFrom(whenIdle()))
      .then(() => this.release());
  }

  /** The hub may start now (the list went away, or its first screen is in). */
  release(): void {
    if (this.held.value) this.held.next(false);
  }
}
