import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HubPublishConfig } from '../config.ts';
import { hubSetFields, type AlbumEvent } from './events.ts';

/** One event as the ASP.NET Core hub's `POST /internal/publish` takes it. */
export interface PublishedEvent {
  readonly target: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface HubPublisherOptions extends HubPublishConfig {
  /** Where failures are reported (never with the key). */
  readonly warn?: (line: string) => void;
  /** Waits before each retry of a failed batch (network error or 5xx); then it is dropped. */
  readonly retryDelaysMs?: readonly number[];
  /** Events held while the hub is slow or away; newer ones are dropped past this. */
  readonly maxQueuedEvents?: number;
  /** Most events in one POST. */
  readonly maxBatch?: number;
  /** How long one POST may take before it counts as failed (and is retried). */
  readonly timeoutMs?: number;
}

/**
 * Most events in one POST, by default. A publisher behind (a flood while the hub or the
 * publisher waits for a core) catches up in POSTs this large: 2,000 events cost the hub
 * about 15–50 ms (warm–cold) to read and queue, far within the timeout, and a flood of
 * 20,000 a second behind by a second takes 10 POSTs to catch up instead of 40 at 500
 * (bench figure 16 on the ASP.NET Core hub, with 8 tabs rendering on the same 2 cores).
 */
export const maxPublishBatch = 2000;

const hubSet: ReadonlySet<string> = new Set(hubSetFields);

export const publishKeyHeader = 'X-Hub-Publish-Key';
export const batchIdHeader = 'X-Hub-Batch-Id';

/** A batch keeps its id through its retries: the hub delivers an id once. */
interface Batch {
  readonly id: string;
  readonly events: PublishedEvent[];
}

/**
 * Sends album events to the ASP.NET Core hub, which hands them to its NotificationService.
 *
 * Exactly once across retries: every batch carries an id (`X-Hub-Batch-Id`) that its retries
 * keep, and the hub delivers an id once, so a batch whose answer was lost or late is not
 * delivered twice. The hub answers a batch once its events are queued for the clients (it
 * never waits on them), so a healthy hub answers well within the timeout.
 *
 * Any healthy instance will do: with several (a scaled hub; the backplane carries events to
 * the others), a failed attempt moves on to the next, so losing the instance in use costs
 * one retry delay.
 *
 * Batched per event-loop turn: events published in one turn leave together in one POST.
 * One POST at a time, so events arrive in the order they were published; those published
 * while a POST is under way leave together in the next one, so a flood makes fewer,
 * larger requests instead of falling behind. A batch that fails for a passing reason
 * (network error, 5xx, timeout) is retried after each of `retryDelaysMs`, later events
 * waiting behind it, and then dropped with a warning: clients re-fetch over REST after
 * they reconnect, so a lost event is healed, while an unbounded wait is not. A 4xx (a
 * wrong key, a payload the hub refuses) is not retried.
 */
export class HubPublisher {
  readonly #urls: readonly string[];
  /** The instance in use: the first, until it fails. */
  #current = 0;
  readonly #timeoutMs: number;
  readonly #key: string;
  readonly #warn: (line: string) => void;
  readonly #retryDelaysMs: readonly number[];
  readonly #maxQueuedEvents: number;
  readonly #maxBatch: number;
  #queue: PublishedEvent[] = [];
  #scheduled = false;
  #sending: Promise<void> | null = null;
  #dropped = 0;
  #closed = false;
  readonly #aborts = new AbortController();

  constructor(options: HubPublisherOptions) {
    this.#urls = options.urls.map((url) => url.replace(/\/$/, ''));
    if (this.#urls.length === 0)
      throw new Error('HubPublisher needs the URL of at least one hub instance.');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#key = options.key;
    this.#warn = options.warn ?? ((line) => console.warn(line));
    this.#retryDelaysMs = options.retryDelaysMs ?? [100, 250, 500, 1000, 2000];
    this.#maxQueuedEvents = options.maxQueuedEvents ?? 100_000;
    this.#maxBatch = options.maxBatch ?? maxPublishBatch;
  }

  publish(event: AlbumEvent): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#maxQueuedEvents) {
      if (this.#dropped++ === 0) this.#warn('hub publish: the queue is full; dropping new events');
      return;
    }
    // `type` and `timestamp` are the hub's to set, as PhotoFlow's NotificationService does.
    // Left out of a copy, not deleted from it: a deleted property turns the object into a
    // dictionary, which JSON.stringify writes 3 to 8 times slower (in a flood of 20,000
    // events a second the publisher spent 0.8–1.1 s of CPU per 100,000 events).
    const payload: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event.payload)) {
      if (!hubSet.has(key)) payload[key] = value;
    }
    this.#queue.push({ target: event.target, payload });
    this.#schedule();
  }

  /** Resolves once every event published so far has been sent (or given up on). */
  async flush(): Promise<void> {
    while (this.#scheduled || this.#sending || this.#queue.length > 0) {
      if (this.#sending) await this.#sending;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Dev tool: sends an invocation as given to the album's group, after the events before it. */
  async emit(
    albumId: string,
    target: string,
    args: readonly unknown[],
  ): Promise<{ group: string; recipients: number }> {
    await this.flush();
    const response = await this.#postAnywhere('/internal/emit', {
      albumId,
      target,
      arguments: args,
    });
    return (await response.json()) as { group: string; recipients: number };
  }

  /** Dev tool: drops every connection of the hub, after the events before it. */
  async disconnectAll(): Promise<void> {
    await this.flush();
    await this.#postAnywhere('/internal/disconnect-all', undefined);
  }

  /** Stops taking events; sends what is queued for up to `graceMs`, then abandons it. */
  async close(graceMs = 2000): Promise<void> {
    this.#closed = true;
    const timer = setTimeout(() => this.#aborts.abort(), graceMs);
    await this.flush();
    clearTimeout(timer);
  }

  #schedule(): void {
    if (this.#scheduled || this.#sending) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#sending = this.#drain().finally(() => {
        this.#sending = null;
        if (this.#queue.length > 0) this.#schedule();
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#aborts.signal.aborted) {
      const batch = { id: randomUUID(), events: this.#queue.splice(0, this.#maxBatch) };
      const sent = await this.#sendWithRetries(batch);
      if (sent && this.#dropped > 0) {
        this.#warn(`hub publish: ${this.#dropped} event(s) were dropped while the queue was full`);
        this.#dropped = 0;
      }
    }
    if (this.#aborts.signal.aborted) this.#queue = [];
  }

  async #sendWithRetries(batch: Batch): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const failure = await this.#post('/internal/publish', batch.events, batch.id).then(
        () => null,
        (error: unknown) => error as PublishError,
      );
      if (!failure) return true;
      const delay = this.#retryDelaysMs[attempt];
      if (!failure.retryable || delay === undefined || this.#aborts.signal.aborted) {
        this.#warn(
          `hub publish: dropped ${batch.events.length} event(s) after ${attempt + 1} attempt(s): ${failure.message}`,
        );
        return false;
      }
      // The next attempt goes to the next instance (the same one when there is one).
      this.#current = (this.#current + 1) % this.#urls.length;
      await sleep(delay, undefined, { signal: this.#aborts.signal }).catch(() => undefined);
    }
  }

  /** A dev tool's request: to the instance in use, or the next ones while they fail. */
  async #postAnywhere(path: string, body: unknown): Promise<Response> {
    for (let tried = 1; ; tried++) {
      try {
        return await this.#post(path, body);
      } catch (error) {
        if (!(error instanceof PublishError) || !error.retryable || tried >= this.#urls.length)
          throw error;
        this.#current = (this.#current + 1) % this.#urls.length;
      }
    }
  }

  async #post(path: string, body: unknown, batchId?: string): Promise<Response> {
    const url = this.#urls[this.#current] as string;
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [publishKeyHeader]: this.#key,
          ...(batchId ? { [batchIdHeader]: batchId } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([this.#aborts.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
    } catch (error) {
      throw new PublishError(`POST ${url}${path} failed: ${(error as Error).message}`, true);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new PublishError(
        `POST ${url}${path} answered ${response.status} ${detail}`.trim(),
        response.status >= 500,
      );
    }
    return response;
  }
}

class PublishError extends Error {
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}
