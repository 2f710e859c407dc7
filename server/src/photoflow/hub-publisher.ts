import { setTimeout as sleep } from 'node:timers/promises';
import type { HubPublishConfig } from '../config.ts';
import type { AlbumEvent } from './events.ts';

/** One event as the ASP.NET Core hub's `POST /internal/publish` takes it. */
interface PublishedEvent {
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
}

export const publishKeyHeader = 'X-Hub-Publish-Key';

/**
 * Sends album events to the ASP.NET Core hub, which hands them to its NotificationService.
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
  readonly #url: string;
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
    this.#url = options.url.replace(/\/$/, '');
    this.#key = options.key;
    this.#warn = options.warn ?? ((line) => console.warn(line));
    this.#retryDelaysMs = options.retryDelaysMs ?? [100, 250, 500, 1000, 2000];
    this.#maxQueuedEvents = options.maxQueuedEvents ?? 100_000;
    this.#maxBatch = options.maxBatch ?? 5_000;
  }

  publish(event: AlbumEvent): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#maxQueuedEvents) {
      if (this.#dropped++ === 0) this.#warn('hub publish: the queue is full; dropping new events');
      return;
    }
    // `type` and `timestamp` are the hub's to set, as PhotoFlow's NotificationService does.
    const payload: Record<string, unknown> = { ...event.payload };
    delete payload['type'];
    delete payload['timestamp'];
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
    const response = await this.#post('/internal/emit', { albumId, target, arguments: args });
    return (await response.json()) as { group: string; recipients: number };
  }

  /** Dev tool: drops every connection of the hub, after the events before it. */
  async disconnectAll(): Promise<void> {
    await this.flush();
    await this.#post('/internal/disconnect-all', undefined);
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
      const batch = this.#queue.splice(0, this.#maxBatch);
      const sent = await this.#sendWithRetries(batch);
      if (sent && this.#dropped > 0) {
        this.#warn(`hub publish: ${this.#dropped} event(s) were dropped while the queue was full`);
        this.#dropped = 0;
      }
    }
    if (this.#aborts.signal.aborted) this.#queue = [];
  }

  async #sendWithRetries(batch: PublishedEvent[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const failure = await this.#post('/internal/publish', batch).then(
        () => null,
        (error: unknown) => error as PublishError,
      );
      if (!failure) return true;
      const delay = this.#retryDelaysMs[attempt];
      if (!failure.retryable || delay === undefined || this.#aborts.signal.aborted) {
        this.#warn(
          `hub publish: dropped ${batch.length} event(s) after ${attempt + 1} attempt(s): ${failure.message}`,
        );
        return false;
      }
      await sleep(delay, undefined, { signal: this.#aborts.signal }).catch(() => undefined);
    }
  }

  async #post(path: string, body: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.#url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [publishKeyHeader]: this.#key },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([this.#aborts.signal, AbortSignal.timeout(10_000)]),
      });
    } catch (error) {
      throw new PublishError(`POST ${path} failed: ${(error as Error).message}`, true);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new PublishError(
        `POST ${path} answered ${response.status} ${detail}`.trim(),
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
