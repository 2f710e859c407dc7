import { EnvironmentInjector, Injectable, createEnvironmentInjector, inject } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { BehaviorSubject, filter, type Observable } from 'rxjs';
import { realtimeChunks } from './realtime-chunks';
import type { SignalRService } from './signalr.service';

/**
 * The realtime layer (the hub service, tab sharing, group membership, the effects that
 * turn the hub's streams into actions, and through them the SignalR client) is no part
 * of the first paint: it loads when a session starts, as a lazy chunk. Its effects are
 * registered before the hub is handed out, so they hear everything it says once started.
 *
 * Code outside the layer reaches the hub only through here ({@link loaded$},
 * {@link loadedHub}), never by a static import of the service: such an import would put
 * the layer's chunk in the first screen's (the album list holds its hub until its covers
 * are in: hub-start.ts).
 */
@Injectable({ providedIn: 'root' })
export class RealtimeLayer {
  private readonly injector = inject(EnvironmentInjector);
  private loading: Promise<SignalRService> | null = null;
  /** The hub once the layer has loaded: the one owner of that fact. */
  private readonly loaded = new BehaviorSubject<SignalRService | null>(null);

  /**
   * The hub when the layer has loaded (at once if it has), before the hub is handed to
   * whoever asked for the load: what is told to it then is told before its start.
   * Subscribing asks for no load.
   */
  readonly loaded$: Observable<SignalRService> = this.loaded.pipe(
    filter((hub): hub is SignalRService => hub !== null),
  );

  /** The hub, the layer loaded first if need be. A load that failed is tried again next time. */
  hub(): Promise<SignalRService> {
    this.loading ??= Promise.all([realtimeChunks.service(), realtimeChunks.effects()]).then(
      ([{ SignalRService }, streamEffects]) => {
        // As a lazy route registers its effects: an injector of its own, under the root.
        createEnvironmentInjector([provideEffects(streamEffects)], this.injector, 'Realtime');
        const hub = this.injector.get(SignalRService);
        this.loaded.next(hub);
        return hub;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** The hub once the layer has loaded; before that there is no connection to act on. */
  loadedHub(): SignalRService | null {
    return this.loaded.value;
  }
}
