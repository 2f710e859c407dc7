import { randomUUID } from 'node:crypto';
import type { HubEndpoint } from '../signalr/hub.ts';
import { albumGroup } from './notification-hub.ts';

export interface FloodPlan {
  readonly albumTagIds: readonly string[];
  readonly totalEvents: number;
  readonly durationMs: number;
}

const tickMs = 10;

/**
 * Benchmark tool: sends PhotoSyncProgress events for made-up tags of an album at a set
 * rate (processedCount rising per tag), straight to the album's group.
 */
export class HubFlood {
  readonly #hub: () => HubEndpoint;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(hub: () => HubEndpoint) {
    this.#hub = hub;
  }

  start(albumId: string, tagCount: number, eventsPerSecond: number, durationMs: number): FloodPlan {
    const albumTagIds = Array.from({ length: tagCount }, () => randomUUID());
    const totalEvents = Math.max(1, Math.floor((eventsPerSecond * durationMs) / 1000));
    // Round-robin: tag t gets every tagCount-th event, so its own total is exact.
    const totalFor = (tag: number): number =>
      Math.floor(totalEvents / tagCount) + (tag < totalEvents % tagCount ? 1 : 0);
    const processed = new Array<number>(tagCount).fill(0);
    const started = performance.now();
    let sent = 0;
    const group = albumGroup(albumId);
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(totalEvents, Math.floor((elapsed * eventsPerSecond) / 1000) || 1);
      // A tick's events leave in the same turn: they share the moment they were sent.
      const timestamp = new Date().toISOString();
      const estimatedSecondsRemaining = Math.max(0, Math.ceil((durationMs - elapsed) / 1000));
      while (sent < due) {
        const tag = sent % tagCount;
        processed[tag] = (processed[tag] ?? 0) + 1;
        this.#hub().sendToGroup(group, 'PhotoSyncProgress', [
          {
            type: 'photo_sync_progress',
            albumId,
            albumTagId: albumTagIds[tag],
            albumTagType: 'Raw',
            processedCount: processed[tag],
            totalCount: totalFor(tag),
            estimatedSecondsRemaining,
            timestamp,
          },
        ]);
        sent++;
      }
      if (sent >= totalEvents) {
        clearInterval(timer);
        this.#timers.delete(timer);
      }
    }, tickMs);
    this.#timers.add(timer);
    return { albumTagIds, totalEvents, durationMs };
  }

  stopAll(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.clear();
  }
}
