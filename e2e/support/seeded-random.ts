/**
 * A reproducible random sequence (mulberry32): the same seed gives the same chaos, so a
 * failure can be replayed with `E2E_SEED=<seed>`.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of this run: `E2E_SEED` when given, else a fresh one. */
export function runSeed(): number {
  const given = process.env['E2E_SEED'];
  if (given !== undefined) {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`E2E_SEED=${given} is not an integer.`);
    return seed;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
