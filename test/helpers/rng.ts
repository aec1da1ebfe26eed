// The one small seeded random generator for tests (it replaces the copies the core-wasm tests each had).
// Tests of the library use its own generator instead: `seeded(seed)` from packages/stats/src/util/rng.ts
// (xoshiro128**: uniform, normal, int, shuffle, fork). This one serves the tests below the library
// (core-wasm kernels), which must not depend on @cartograph/stats, so it imports nothing.
// Put the seed in the test's name so a failure can be reproduced.

/** mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32; uniform on [0, 1). */
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

