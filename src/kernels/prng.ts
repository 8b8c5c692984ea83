/**
 * The seeded generator behind every input (random.ts) and every structured
 * input (generators.ts): mulberry32, a 32-bit state, fast and good enough for
 * test data (not for cryptography). On its own so that both can use it.
 */

/** A generator of numbers in [0, 1) from a 32-bit seed; the same seed gives the same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
