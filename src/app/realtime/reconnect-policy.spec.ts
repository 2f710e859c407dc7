import { defaultReconnect } from '../../../environments/defaults';
import { PhotoFlowRetryPolicy } from './reconnect-policy';

const delay = (
  policy: PhotoFlowRetryPolicy,
  previousRetryCount: number,
  elapsedMilliseconds: number,
) => policy.nextRetryDelayInMilliseconds({ previousRetryCount, elapsedMilliseconds });

describe('PhotoFlowRetryPolicy', () => {
  const settings = {
    fastDelaysMs: [0, 1000, 2000, 2000, 3000],
    jitter: 0.3,
    fastPhaseMs: 60_000,
    maxDelayMs: 30_000,
  };

  it('retries at once, then within about 1–3 s during the first minute', () => {
    const low = new PhotoFlowRetryPolicy(settings, () => 0);
    const high = new PhotoFlowRetryPolicy(settings, () => 0.999);
    expect(delay(low, 0, 0)).toBe(0);
    expect(delay(high, 0, 0)).toBe(0);
    for (let attempt = 1; attempt < 30; attempt++) {
      const elapsed = attempt * 2000;
      expect(delay(low, attempt, elapsed)).toBeGreaterThanOrEqual(1000);
      expect(delay(high, attempt, elapsed)).toBeLessThanOrEqual(3900);
    }
  });

  it('jitters, so tabs do not all come back at the same instant', () => {
    let i = 0;
    const randoms = [0, 0.5, 0.99];
    const policy = new PhotoFlowRetryPolicy(settings, () => randoms[i++ % 3]);
    const delays = [delay(policy, 2, 5000), delay(policy, 2, 5000), delay(policy, 2, 5000)];
    expect(new Set(delays).size).toBe(3);
  });

  it('backs off after the first minute, to at most 30 s, and never gives up', () => {
    const policy = new PhotoFlowRetryPolicy(settings, () => 0.999);
    expect(delay(policy, 30, 61_000)).toBeGreaterThan(3900);
    const later = [2, 5, 10, 60, 24 * 60].map((minutes) => delay(policy, 1000, minutes * 60_000));
    for (const value of later) {
      expect(value).not.toBeNull();
      expect(value).toBeLessThanOrEqual(30_000);
    }
    expect(later.at(-1)).toBe(30_000);
    expect([...later].sort((a, b) => a - b)).toEqual(later);
  });

  it('beats the documented sample with the shipped defaults: first retry at once, still trying after 5 failures', () => {
    const policy = new PhotoFlowRetryPolicy(defaultReconnect, () => 0.5);
    expect(delay(policy, 0, 0)).toBe(0);
    expect(delay(policy, 5, 25_000)).toBeLessThan(5000);
    expect(delay(policy, 6, 30_000)).not.toBeNull();
  });
});
