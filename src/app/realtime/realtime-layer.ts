import { EnvironmentInjector, Injectable, createEnvironmentInjector, inject } from '@angular/core';
import { provideEffects } from '@ngrx/effects';
import { realtimeChunks } from './realtime-chunks';
import type { SignalRService } from './signalr.service';

/**
 * The realtime layer (the hub service, tab sharing, group membership, the effects that
 * turn the hub's streams into actions, and through them the SignalR client) is no part
 * of the first paint: it loads when a session starts, as a lazy chunk. Its effects are
 * registered before the hub is handed out, so they hear everything it says once started.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeLayer {
  private readonly injector = inject(EnvironmentInjector);
  private loading: Promise<SignalRService> | null = null;
  private loaded: SignalRService | null = null;

  /** The hub, the layer loaded first if need be. A load that failed is tried again next time. */
  hub(): Promise<SignalRService> {
    this.loading ??= Promise.all([realtimeChunks.service(), realtimeChunks.effects()]).then(
      ([{ SignalRService }, streamEffects]) => {
        // As a lazy route registers its effects: an injector of its own, under the root.
        createEnvironmentInjector([provideEffects(streamEffects)], this.injector, 'Realtime');
        return (this.loaded = this.injector.get(SignalRService));
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
    return this.loaded;
  }
}
