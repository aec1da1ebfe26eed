// The numerics floor beyond the R grid (test/math.golden.test.ts): the index helpers of the data model,
// the dense inverses over core-wasm, and the far tails R 4.2 cannot reach (round trips).
import { describe, expect, it } from 'vitest';
import { benchmarkAverage, pairIndex, proportionCorrect } from '../packages/stats/src/data/indexing.js';
import { MISSING, ResponseMatrix } from '../packages/stats/src/data/leaderboard.js';
import * as m from '../packages/stats/src/math/index.js';

describe('pairIndex (lavaan order)', () => {
  it('enumerates the pairs column by column below the diagonal, symmetric in i and j', () => {
    const J = 7;
    let k = 0;
    for (let j = 0; j < J - 1; j++)
      for (let i = j + 1; i < J; i++) {
        expect(pairIndex(i, j, J)).toBe(k);
        expect(pairIndex(j, i, J)).toBe(k);
        k++;
      }
    expect(k).toBe((J * (J - 1)) / 2);
  });
});

describe('proportionCorrect', () => {
  it('per model × benchmark over the answered items; NaN when none answered; the average over the benchmarks a model has', () => {
    // 3 models × 5 items, benchmarks a a b b c
    const v = Uint8Array.from([1, 0, 1, 1, MISSING, 0, MISSING, MISSING, MISSING, 1, 1, 1, 0, 1, 0]);
    const pc = proportionCorrect(new ResponseMatrix(3, 5, v), ['a', 'a', 'b', 'b', 'c']);
    expect(pc.benchmarks).toEqual(['a', 'b', 'c']);
    expect(Array.from(pc.p)).toEqual([0.5, 1, NaN, 0, NaN, 1, 1, 0.5, 0]);
    expect(Array.from(pc.n)).toEqual([2, 2, 0, 1, 0, 1, 2, 2, 1]);
    expect(Array.from(benchmarkAverage(pc))).toEqual([0.75, 0.5, 0.5]);
    expect(proportionCorrect(new ResponseMatrix(3, 5, v), ['a', 'a', 'b', 'b', 'c'], ['c', 'a']).benchmarks).toEqual(['c', 'a']);
  });
});

describe('dense inverse and solve (core-wasm)', () => {
  const a = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
  const prod = (x: Float64Array, y: Float64Array, n: number): Float64Array => {
    const o = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) o[i * n + j] += x[i * n + k]! * y[k * n + j]!;
    return o;
  };
  it('inverseSpd and inverse give A⁻¹ (A A⁻¹ = I within 1e-14)', () => {
    for (const inv of [m.inverseSpd(a, 3)!, m.inverse(a, 3)!]) prod(a, inv, 3).forEach((v, i) => expect(Math.abs(v - (i % 4 === 0 ? 1 : 0))).toBeLessThan(1e-14));
  });
  it('null for a singular or not positive-definite matrix (the rule of the former Gauss–Jordan inverses)', () => {
    expect(m.inverse(Float64Array.from([1, 2, 2, 4]), 2)).toBeNull();
    expect(m.inverse(Float64Array.from([1, 2, 2, 4 + 1e-14]), 2)).toBeNull(); // pivot below 1e-12 of the scale
    expect(m.inverseSpd(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
    expect(m.solve(Float64Array.from([2, 0, 0, 4]), Float64Array.from([2, 8]), 2)).toEqual(Float64Array.from([1, 2]));
  });
});

describe('far tails beyond R 4.2 (round trips)', () => {
  it('qnorm on the log scale to log p = −1e5 inverts pnorm within 1e-14 relative', () => {
    for (const lp of [-800, -5000, -1e5]) {
      const x = m.qnorm(lp, true, true);
      expect(Math.abs(m.pnorm(x, true, true) / lp - 1)).toBeLessThan(1e-14);
    }
  });
  it('qt for ν ≤ 1 in the far tail (|t| up to 1e300, beyond the logit of x = ν/(ν + t²)) inverts pt within 1e-12 relative', () => {
    for (const [df, p] of [[1, 1e-300], [0.9, 1e-250], [0.5, 1e-150]] as const) {
      const t = m.qt(p, df);
      expect(Math.abs(m.pt(t, df) / p - 1)).toBeLessThan(1e-12);
    }
  });
  it('χ² p-values stay in [0, 1] over a grid of df and x around the branch switch', () => {
    for (const df of [1, 2, 7.5, 100, 3825, 1e5])
      for (const r of [0, 0.25, 0.5, 0.99, 1, 1.01, 1.5, 2, 4])
        for (const d of [-1, 0, 1]) {
          const x = r * df + d;
          const p = m.pchisqUpper(x, df);
          expect(p >= 0 && p <= 1, `pchisqUpper(${x}, ${df}) = ${p}`).toBe(true);
          expect(Math.abs(p + m.pchisq(x, df) - 1)).toBeLessThan(1e-14); // tails add to 1
        }
  });
});

describe('ends of the ranges', () => {
  it('probabilities at ±∞ and quantiles at 0 and 1 (as R)', () => {
    expect([m.pnorm(Infinity), m.pnorm(-Infinity), m.pnorm(Infinity, false), m.pnorm(-Infinity, true, true)]).toEqual([1, 0, 0, -Infinity]);
    expect([m.qnorm(0), m.qnorm(1), m.qnorm(-Infinity, true, true), m.qnorm(0, true, true)]).toEqual([-Infinity, Infinity, -Infinity, Infinity]);
    expect([m.pt(Infinity, 3), m.pt(-Infinity, 3), m.pchisq(Infinity, 3), m.pchisq(0, 3), m.pchisq(-1, 3, false)]).toEqual([1, 0, 1, 0, 1]);
    expect([m.qchisq(0, 3), m.qchisq(1, 3), m.qbeta(0, 2, 3), m.qbeta(1, 2, 3), m.qt(0.5, 5), m.qt(0, 5), m.qt(1, 5)]).toEqual([0, Infinity, 0, 1, 0, -Infinity, Infinity]);
    expect([m.pbeta(0, 2, 3), m.pbeta(1, 2, 3), m.pf(Infinity, 2, 3), m.pchisqNc(0, 3, 5), m.pchisqNc(Infinity, 3, 5)]).toEqual([0, 1, 1, 0, 1]);
    expect(Number.isNaN(m.pchisq(NaN, 3))).toBe(true);
  });
});
