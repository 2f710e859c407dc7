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

  it('retries almost at once, then within about 1–4 s during the first minute', () => {
    const low = new PhotoFlowRetryPolicy(settings, () => 0);
    const high = new PhotoFlowRetryPolicy(settings, () => 0.999);
    expect(delay(low, 0, 0)).toBe(0);
    expect(delay(high, 0, 0)).toBeLessThanOrEqual(300);
    for (let attempt = 1; attempt < 30; attempt++) {
      const elapsed = attempt * 2000;
      expect(delay(low, attempt, elapsed)).toBeGreaterThanOrEqual(1000);
      expect(delay(high, attempt, elapsed)).toBeLessThanOrEqual(3900);
    }
  });

  it('jitters the first retry too, so tabs cut at the same instant do not all come back at once', () => {
    let i = 0;
    const randoms = [0.1, 0.5, 0.9];
    const policy = new PhotoFlowRetryPolicy(settings, () => randoms[i++ % 3]);
    const delays = [delay(policy, 0, 0), delay(policy, 0, 0), delay(policy, 0, 0)];
    expect(new Set(delays).size).toBe(3);
  });

  it('jitters, so tabs do not all come back at the same instant', () => {
    let i = 0;
    const randoms = [0, 0.5, 0.99];
    const policy = new PhotoFlowRetryPolicy(settings, () => randoms[i++ % 3]);
    const delays = [delay(policy, 2, 5000), delay(policy, 2, 5000), delay(policy, 2, 5000)];
    expect(new Set(delays).size).toBe(3);
  });

  it('still jitters at the cap: tabs away for long do not retry in lockstep', () => {
    let i = 0;
    const randoms = [0, 0.5, 0.99];
    const policy = new PhotoFlowRetryPolicy(settings, () => randoms[i++ % 3]);
    const delays = [1, 2, 3].map(() => delay(policy, 500, 60 * 60_000));
    expect(new Set(delays).size).toBe(3);
    for (const value of delays) {
      expect(value).toBeGreaterThanOrEqual(30_000);
      expect(value).toBeLessThanOrEqual(30_000 * 1.3);
    }
  });

  it('backs off after the first minute, to the cap plus its jitter, and never gives up', () => {
    const policy = new PhotoFlowRetryPolicy(settings, () => 0.999);
    expect(delay(policy, 30, 61_000)).toBeGreaterThan(3900);
    const later = [2, 5, 10, 60, 24 * 60].map((minutes) => delay(policy, 1000, minutes * 60_000));
    for (const value of later) {
      expect(value).not.toBeNull();
      expect(value).toBeLessThanOrEqual(30_000 * 1.3);
    }
    expect([...later].sort((a, b) => a - b)).toEqual(later);
  });

  it('beats the documented sample with the shipped defaults: first retry within 250 ms, still trying after 5 failures', () => {
    const policy = new PhotoFlowRetryPolicy(defaultReconnect, () => 0.5);
    expect(delay(policy, 0, 0)).toBeLessThanOrEqual(250);
    expect(delay(policy, 5, 25_000)).toBeLessThan(5000);
    expect(delay(policy, 6, 30_000)).not.toBeNull();
  });
});
