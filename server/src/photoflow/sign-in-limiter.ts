import type { SignInLimits } from '../config.ts';
import { ProblemError } from '../http/problem.ts';

/** 429 with the seconds to wait (Retry-After). */
export class TooManyAttemptsError extends ProblemError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(429, 'TOO_MANY_ATTEMPTS', 'Too many failed sign-ins. Try again later.', {
      'Retry-After': String(retryAfterSeconds),
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Failed sign-ins per email and per client address, in a sliding window kept in memory
 * (one process, as the dev backend is). Only failures count, so many correct sign-ins
 * at once (tabs, tests) are never refused; a caller over either limit gets 429 before
 * any password is hashed.
 */
export class SignInLimiter {
  readonly #limits: SignInLimits;
  /** Key → times of its failures within the window, oldest first. */
  readonly #failures = new Map<string, number[]>();

  constructor(limits: SignInLimits) {
    this.#limits = limits;
  }

  /** Throws TooManyAttemptsError when this email or address is over its limit. */
  check(email: string, address: string, now = Date.now()): void {
    const wait = Math.max(
      this.#waitMs(emailKey(email), this.#limits.failuresPerEmail, now),
      this.#waitMs(addressKey(address), this.#limits.failuresPerAddress, now),
    );
    if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait / 1000));
  }

  failed(email: string, address: string, now = Date.now()): void {
    this.#prune(now);
    for (const key of [emailKey(email), addressKey(address)]) {
      const times = this.#recent(key, now);
      times.push(now);
      this.#failures.set(key, times);
    }
  }

  clear(): void {
    this.#failures.clear();
  }

  #waitMs(key: string, limit: number, now: number): number {
    const times = this.#recent(key, now);
    if (times.length < limit) return 0;
    // Free again once enough of them have left the window.
    return times[times.length - limit]! + this.#limits.windowSeconds * 1000 - now;
  }

  #recent(key: string, now: number): number[] {
    const since = now - this.#limits.windowSeconds * 1000;
    return (this.#failures.get(key) ?? []).filter((time) => time > since);
  }

  /** Keys whose failures all left the window are forgotten (a spray of emails stays bounded). */
  #prune(now: number): void {
    if (this.#failures.size < 10_000) return;
    const since = now - this.#limits.windowSeconds * 1000;
    for (const [key, times] of this.#failures) {
      if (times[times.length - 1]! <= since) this.#failures.delete(key);
    }
  }
}

const emailKey = (email: string): string => `email:${email.trim().toLowerCase()}`;
const addressKey = (address: string): string => `address:${address}`;
