import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import {
  RENEWAL_MAX_DELAY_MS,
  endsSession,
  renewalRetryDelay,
  retryAfterMs,
} from './session-renewal';

const answer = (status: number, retryAfter?: string) =>
  new HttpErrorResponse({
    status,
    headers: retryAfter ? new HttpHeaders({ 'Retry-After': retryAfter }) : undefined,
  });

describe('session renewal', () => {
  it('ends a session only when the refresh token is refused (400, 401)', () => {
    expect(endsSession(answer(401))).toBe(true);
    expect(endsSession(answer(400))).toBe(true);
    for (const status of [0, 403, 404, 408, 429, 500, 502, 503, 504]) {
      expect(endsSession(answer(status))).toBe(false);
    }
    expect(endsSession(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('backs off exponentially with equal jitter, capped at 30 s', () => {
    const low = (failures: number) => renewalRetryDelay(failures, null, () => 0);
    const high = (failures: number) => renewalRetryDelay(failures, null, () => 0.999_999);
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000]);
    expect(high(20)).toBe(RENEWAL_MAX_DELAY_MS);
    expect(low(20)).toBe(RENEWAL_MAX_DELAY_MS / 2); // spread at the cap: no lockstep
  });

  it("waits at least the server's Retry-After, itself capped", () => {
    expect(renewalRetryDelay(1, 7_000, () => 0.5)).toBe(7_000);
    expect(renewalRetryDelay(1, 600_000, () => 0.5)).toBe(RENEWAL_MAX_DELAY_MS);
    expect(renewalRetryDelay(6, 1_000, () => 0.999_999)).toBe(RENEWAL_MAX_DELAY_MS);
  });

  it('reads Retry-After in seconds or as a date, on 429 and 503 only', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs(answer(503, '12'), now)).toBe(12_000);
    expect(retryAfterMs(answer(429, 'Sun, 22 Nov 2026 10:00:05 GMT'), now)).toBe(5_000);
    expect(retryAfterMs(answer(503, 'soon'), now)).toBeNull();
    expect(retryAfterMs(answer(500, '12'), now)).toBeNull();
    expect(retryAfterMs(answer(503), now)).toBeNull();
  });
});
