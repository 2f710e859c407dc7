import { HttpErrorResponse } from '@angular/common/http';

/** The longest wait between two attempts to renew a session, Retry-After included. */
export const RENEWAL_MAX_DELAY_MS = 30_000;
const RENEWAL_FIRST_DELAY_MS = 1_000;

/**
 * A refresh failed for a reason that does not end the session (a 5xx, a 429, the network):
 * the refresh token is still good and is tried again later. Shaped like an `ApiError`, so a
 * request that needed the renewed token fails with this sentence.
 */
export class SessionRenewalError extends Error {
  override readonly name = 'SessionRenewalError';
  readonly code = 'SESSION_RENEWAL_FAILED';

  constructor(
    /** The refresh's HTTP status; 0 when the backend could not be reached. */
    readonly status: number,
    /** When the next attempt runs (ms since the epoch). */
    readonly retryAt: number,
  ) {
    super(
      'PhotoFlow could not renew your session just now. You are still signed in; it tries again in a moment.',
    );
  }
}

/** Only the backend refusing the refresh token (400, 401) ends a session (CONTRACT §2). */
export function endsSession(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 400 || error.status === 401);
}

/**
 * When to try a failed renewal again: exponential from 1 s, capped at 30 s, then equal
 * jitter (half fixed, half random) so a studio's browsers do not come back in step; never
 * sooner than the server's Retry-After (on 429 or 503), which is capped too.
 */
export function renewalRetryDelay(
  failures: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    RENEWAL_MAX_DELAY_MS,
    RENEWAL_FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1),
  );
  const jittered = exponential / 2 + (exponential / 2) * random();
  return Math.round(Math.max(jittered, Math.min(RENEWAL_MAX_DELAY_MS, retryAfterMs ?? 0)));
}

/** The Retry-After of a 429 or 503 (seconds or an HTTP date), in ms from `now`; else null. */
export function retryAfterMs(error: unknown, now = Date.now()): number | null {
  if (!(error instanceof HttpErrorResponse) || (error.status !== 429 && error.status !== 503)) {
    return null;
  }
  const value = error.headers?.get('Retry-After')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
