import { Injector, inject } from '@angular/core';
import type { AwayNotifications } from './away-notifications';

/**
 * The browser's notifier, its code loaded on first use: it reads the hub's leadership, so
 * a static import would bring the realtime layer into the first paint.
 */
export function loadAwayNotifications(
  injector = inject(Injector),
): () => Promise<AwayNotifications> {
  return () =>
    import('./away-notifications').then(({ AwayNotifications }) => injector.get(AwayNotifications));
}
