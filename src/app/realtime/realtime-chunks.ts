/**
 * The realtime layer's lazy chunks, named once: loaded when a session starts
 * ({@link RealtimeLayer}, and the SignalR client on the connection's first start,
 * hub-connection.ts), and started early, beside the screen's route chunks, when the page
 * opens on a signed-in screen (`preloadScreen`). Each is a round trip on a phone; asked
 * only once the app had booted, they put two of them between the page's load and the
 * hub's negotiation, and so before an album page's first reads, which wait for its join
 * (first-snapshot.ts).
 */
export const realtimeChunks = {
  service: () => import('./signalr.service'),
  effects: () => import('./realtime.effects'),
  client: () => import('@microsoft/signalr'),
} as const;

/** Starts every realtime chunk at once; a failed load is reported when the layer asks for it. */
export function preloadRealtime(): void {
  for (const load of Object.values(realtimeChunks)) load().catch(() => undefined);
}
