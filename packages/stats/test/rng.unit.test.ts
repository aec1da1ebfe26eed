import { describe, expect, it } from 'vitest';
import { seeded } from '../src/index.js';

describe('seeded Rng', () => {
  it('same seed, same stream; different seed, different stream', () => {
    const a = seeded(123456789);
    const b = seeded(123456789);
    const c = seeded(123456790);
    const xa = Array.from({ length: 100 }, () => a.nextU32());
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(xa);
  });
  it('pins the first outputs, so a platform difference fails loudly', () => {
    const r = seeded(1);
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    // Values produced by this implementation on x86-64 Node 20; integer arithmetic only.
    expect(first).toEqual(PINNED);
  });
  it('uniform and normal moments are right (seed 42, n = 200000)', () => {
    const r = seeded(42);
    const n = 200_000;
    let s = 0, s2 = 0, u = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
      u += r.uniform();
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(u / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
  });
  it('int is unbiased over a small range', () => {
    const r = seeded(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});

const PINNED: number[] = [2442144158, 3238099751, 3819917871];
