import type { IRetryPolicy, RetryContext } from '@microsoft/signalr';
import type { ReconnectSettings } from '../../../environments/environment.model';

/**
 * When to try the hub again. PhotoFlow's documented sample retries every 5 s, 5 times,
 * then gives up for good; a photographer's tab must not. So: almost at once, then short
 * jittered delays (about 1–3 s) for the first minute, then backing off in proportion
 * to the time away (a quarter of it), to at most `maxDelayMs`. It never answers null:
 * giving up is not ours to do.
 *
 * Jitter keeps a studio's tabs from all knocking at the same instant after the backend
 * comes back, so it is applied after the cap (jittering first would put every tab at
 * exactly the cap, in lockstep) and to the first retry too: a zero delay is spread over
 * `jitter` of the next one (0–250 ms with the defaults), which a lone tab hardly notices.
 */
export class PhotoFlowRetryPolicy implements IRetryPolicy {
  constructor(
    private readonly settings: ReconnectSettings,
    private readonly random: () => number = Math.random,
  ) {}

  nextRetryDelayInMilliseconds(
    context: Pick<RetryContext, 'previousRetryCount' | 'elapsedMilliseconds'>,
  ): number {
    const { fastDelaysMs, fastPhaseMs, maxDelayMs, jitter } = this.settings;
    const lastFast = fastDelaysMs.at(-1) ?? 1000;
    const base =
      context.elapsedMilliseconds < fastPhaseMs
        ? (fastDelaysMs[context.previousRetryCount] ?? lastFast)
        : Math.max(lastFast, context.elapsedMilliseconds / 4);
    const capped = Math.min(maxDelayMs, base);
    const span =
      capped > 0 ? capped : Math.min(maxDelayMs, fastDelaysMs.find((d) => d > 0) ?? 1000);
    return Math.round(capped + span * jitter * this.random());
  }
}
