import { randomUUID } from 'node:crypto';
import type { HubEndpoint } from '../signalr/hub.ts';
import type { AlbumEvent } from './events.ts';
import { albumGroup } from './notification-hub.ts';

/**
 * The way a flood's events take: `direct`, straight to the album's group of our own hub,
 * past the progress coalescing (the page's own intake, as a server that does not coalesce
 * would test it); `published`, as the domain publishes a sync's events, so through the
 * coalescing of whichever hub the backend serves (ours, or the ASP.NET Core hub it
 * publishes to): what a browser really receives.
 */
export type FloodPath = 'direct' | 'published';

/** What a flood sends: progress (coalesced on the published path) or an event sent as it comes. */
export type FloodTarget = 'PhotoSyncProgress' | 'PhotoSyncCompleted';

export interface FloodRequest {
  readonly albumId: string;
  readonly tags: number;
  readonly eventsPerSecond: number;
  readonly durationMs: number;
  readonly path: FloodPath;
  readonly target: FloodTarget;
}

export interface FloodPlan {
  readonly albumTagIds: readonly string[];
  readonly totalEvents: number;
  readonly durationMs: number;
  /**
   * Date.now() when the flood started: event i (0-based, round-robin over the tags) is
   * due at `startedAt + i × 1000 / eventsPerSecond` and leaves on the first 10 ms tick at
   * or after that.
   */
  readonly startedAt: number;
}

const tickMs = 10;
/** Ticks a flood's stats keep: the longest flood the route accepts (600 s) at one per tick. */
const maxRecordedTicks = 60_000;

/** The backend's own share of a flood: per tick, send start → every member's frame written. */
export interface FloodStats {
  readonly albumId: string;
  /** Ticks that sent events (and were timed). */
  readonly ticks: number;
  readonly events: number;
  /** Whether the flood has sent all its events. */
  readonly complete: boolean;
  readonly fanoutMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** The album group's size during the flood (largest seen at a tick; and the smallest). */
  readonly recipients: number;
  readonly minRecipients: number;
}

/** Per-tick fan-out times and group sizes of one flood, in fixed-size arrays. */
class FloodRecord {
  readonly albumId: string;
  readonly fanoutMs: Float64Array;
  readonly recipients: Uint32Array;
  ticks = 0;
  events = 0;
  complete = false;

  constructor(albumId: string, durationMs: number) {
    this.albumId = albumId;
    const capacity = Math.min(maxRecordedTicks, Math.ceil(durationMs / tickMs) + 10);
    this.fanoutMs = new Float64Array(capacity);
    this.recipients = new Uint32Array(capacity);
  }

  add(fanoutMs: number, recipients: number): void {
    if (this.ticks >= this.fanoutMs.length) return;
    this.fanoutMs[this.ticks] = fanoutMs;
    this.recipients[this.ticks] = recipients;
    this.ticks++;
  }

  stats(): FloodStats {
    const sorted = this.fanoutMs.slice(0, this.ticks).sort();
    const at = (p: number): number =>
      this.ticks === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * this.ticks) - 1)]!;
    const round = (ms: number): number => Math.round(ms * 1000) / 1000;
    let recipients = 0;
    let minRecipients = this.ticks === 0 ? 0 : Number.POSITIVE_INFINITY;
    for (const size of this.recipients.subarray(0, this.ticks)) {
      recipients = Math.max(recipients, size);
      minRecipients = Math.min(minRecipients, size);
    }
    return {
      albumId: this.albumId,
      ticks: this.ticks,
      events: this.events,
      complete: this.complete,
      fanoutMs: { p50: round(at(50)), p99: round(at(99)), max: round(at(100)) },
      recipients,
      minRecipients,
    };
  }
}

/**
 * Benchmark tool: sends progress events for made-up tags of an album at a set rate
 * (processedCount rising per tag), by the path asked for (`FloodPath`).
 */
export class HubFlood {
  readonly #hub: () => HubEndpoint;
  readonly #publish: (event: AlbumEvent) => void;
  readonly #timers = new Set<NodeJS.Timeout>();
  #last: FloodRecord | undefined;

  /** `publish`: where the domain publishes album events (the published path). */
  constructor(hub: () => HubEndpoint, publish: (event: AlbumEvent) => void) {
    this.#hub = hub;
    this.#publish = publish;
  }

  start(request: FloodRequest): FloodPlan {
    const { albumId, eventsPerSecond, durationMs, path, target } = request;
    const tagCount = request.tags;
    const albumTagIds = Array.from({ length: tagCount }, () => randomUUID());
    const totalEvents = Math.max(1, Math.floor((eventsPerSecond * durationMs) / 1000));
    // Round-robin: tag t gets every tagCount-th event, so its own total is exact.
    const totalFor = (tag: number): number =>
      Math.floor(totalEvents / tagCount) + (tag < totalEvents % tagCount ? 1 : 0);
    const processed = new Array<number>(tagCount).fill(0);
    const started = performance.now();
    const startedAt = Date.now();
    let sent = 0;
    const group = albumGroup(albumId);
    const record = new FloodRecord(albumId, durationMs);
    this.#last = record;
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(totalEvents, Math.floor((elapsed * eventsPerSecond) / 1000) || 1);
      // A tick's events leave in the same turn: they share the moment they were sent.
      const timestamp = new Date().toISOString();
      const estimatedSecondsRemaining = Math.max(0, Math.ceil((durationMs - elapsed) / 1000));
      const sendStarted = performance.now();
      const recipients = this.#hub().groupSize(group);
      const sentBefore = sent;
      while (sent < due) {
        const tag = sent % tagCount;
        processed[tag] = (processed[tag] ?? 0) + 1;
        const progress = {
          albumId,
          albumTagId: albumTagIds[tag]!,
          albumTagType: 'Raw' as const,
          processedCount: processed[tag]!,
          totalCount: totalFor(tag),
          timestamp,
        };
        const event: AlbumEvent =
          target === 'PhotoSyncProgress'
            ? {
                target,
                payload: { type: 'photo_sync_progress', ...progress, estimatedSecondsRemaining },
              }
            : {
                target,
                payload: { type: 'photo_sync_completed', ...progress, message: 'Flood' },
              };
        if (path === 'published') this.#publish(event);
        else this.#hub().sendToGroup(group, event.target, [event.payload]);
        sent++;
      }
      record.events = sent;
      if (sent > sentBefore) {
        // The transports write each connection's messages of this turn in a setImmediate
        // scheduled by the turn's first send (write-coalescing.ts); immediates run in
        // order, so this one runs once every member's frame of the tick has been written.
        setImmediate(() => record.add(performance.now() - sendStarted, recipients));
      }
      if (sent >= totalEvents) {
        record.complete = true;
        clearInterval(timer);
        this.#timers.delete(timer);
      }
    }, tickMs);
    this.#timers.add(timer);
    return { albumTagIds, totalEvents, durationMs, startedAt };
  }

  /** The most recent flood's stats (it may still be running); undefined if none ran. */
  lastStats(): FloodStats | undefined {
    return this.#last?.stats();
  }

  stopAll(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.clear();
  }
}
