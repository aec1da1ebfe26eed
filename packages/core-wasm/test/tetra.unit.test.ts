// Tetrachoric kernels, WASM and TS reference: popcount tables against direct counting, lavaan's
// empty-cell rules, the ML estimate as the root of the score, and WASM = reference on random data.
import { describe, expect, it } from 'vitest';
import * as wasmImpl from '../src/tetra.js';
import { ref, bvnCdf, normCdf, normQuantile, memoryBytes, TetraFlag } from '../src/index.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

type Impl = typeof wasmImpl;
const impls: [string, Impl][] = [
  ['wasm', wasmImpl],
  ['ts', ref.tetra as unknown as Impl],
];

// Seeded generator shared by the tests (test/helpers/rng.ts, mulberry32); the seed is in the test name.
const rng = mulberry32;

/** Random 0/1/255 responses with some missing. */
function randomResponses(seed: number, N: number, J: number, missingRate: number): Uint8Array {
  const r = rng(seed);
  const v = new Uint8Array(N * J);
  for (let m = 0; m < N; m++) {
    const theta = 2 * r() - 1;
    for (let j = 0; j < J; j++) v[m * J + j] = r() < missingRate ? 255 : r() < 0.3 + 0.4 * (theta + 1) / 2 ? 1 : 0;
  }
  return v;
}

// log-likelihood of a 2×2 table at ρ (cells 2·y_i + y_j), thresholds fixed
function loglik(n: number[], ti: number, tj: number, r: number): number {
  const p00 = bvnCdf(ti, tj, r);
  const p = [p00, normCdf(ti) - p00, normCdf(tj) - p00, 1 - normCdf(ti) - normCdf(tj) + p00];
  return n.reduce((s, c, i) => s + (c > 0 ? c * Math.log(p[i]!) : 0), 0);
}

for (const [name, T] of impls) {
  describe(`tetrachoric kernels (${name})`, () => {
    it('tables: popcount counts equal direct counting, with and without missing (seed 77)', () => {
      for (const [N, J, miss] of [[1, 2, 0], [63, 5, 0], [64, 4, 0.1], [130, 9, 0.2], [200, 3, 0]] as const) {
        const resp = randomResponses(77 + N, N, J, miss);
        const t = T.tetraTables(resp, N, J);
        // direct counting
        let k = 0;
        for (let j = 0; j < J - 1; j++)
          for (let i = j + 1; i < J; i++, k++) {
            const c = [0, 0, 0, 0];
            for (let m = 0; m < N; m++) {
              const a = resp[m * J + i]!;
              const b = resp[m * J + j]!;
              if (a !== 255 && b !== 255) c[2 * a + b]++;
            }
            expect(Array.from(t.counts.subarray(4 * k, 4 * k + 4))).toEqual(c);
          }
        for (let j = 0; j < J; j++) {
          let n0 = 0;
          let n1 = 0;
          for (let m = 0; m < N; m++) {
            if (resp[m * J + j] === 0) n0++;
            if (resp[m * J + j] === 1) n1++;
          }
          expect([t.itemCounts[2 * j], t.itemCounts[2 * j + 1]]).toEqual([n0, n1]);
        }
      }
      expect(() => T.tetraTables(new Uint8Array([0, 1, 2, 0]), 2, 2)).toThrow(/0, 1 or 255/);
    });
    it('ML estimate maximises the 2×2 likelihood (score root), within the bounds', () => {
      const ti = normQuantile(0.4);
      const tj = normQuantile(0.55);
      for (const n of [[120, 40, 25, 115], [30, 90, 80, 100], [200, 5, 7, 88]]) {
        const { rho, flags } = T.tetraRhoOne(n[0]!, n[1]!, n[2]!, n[3]!, ti, tj);
        expect(flags).toBe(0);
        const h = 1e-5;
        const l0 = loglik(n, ti, tj, rho);
        expect(l0).toBeGreaterThanOrEqual(loglik(n, ti, tj, rho + h));
        expect(l0).toBeGreaterThanOrEqual(loglik(n, ti, tj, rho - h));
        // central-difference score ≈ 0 (relative to the curvature scale)
        const score = (loglik(n, ti, tj, rho + 1e-6) - loglik(n, ti, tj, rho - 1e-6)) / 2e-6;
        expect(Math.abs(score)).toBeLessThan(1e-3);
      }
    });
    it('regression: a cell probability that rounds below 0 near ρ = −0.999 no longer flips the score (pairs stuck at −0.999)', () => {
      // table and thresholds from the recovery test that first exposed it (P11 computed as −2.8e-17)
      const r = T.tetraRhoOne(469, 2297, 9, 225, 1.4186537061727387, -0.9972015955239735);
      expect(r.flags).toBe(0);
      expect(Math.abs(r.rho - 0.35894618044328325)).toBeLessThan(1e-12);
    });
    it('on 2,000 random tables (seed 2718) the estimate is the likelihood maximum in [−0.999, 0.999]', () => {
      const r = rng(2718);
      let checked = 0;
      for (let t = 0; t < 2000; t++) {
        const scale = [5, 50, 500, 5000][Math.floor(r() * 4)]!;
        const n = [0, 0, 0, 0].map(() => (r() < 0.1 ? 0 : Math.floor(r() ** 3 * scale)));
        const N = n[0]! + n[1]! + n[2]! + n[3]!;
        const n0i = n[0]! + n[1]!;
        const n0j = n[0]! + n[2]!;
        if (n.includes(0) || n0i === 0 || n0i === N || n0j === 0 || n0j === N) continue;
        const ti = normQuantile(n0i / N);
        const tj = normQuantile(n0j / N);
        const { rho, flags } = T.tetraRhoOne(n[0]!, n[1]!, n[2]!, n[3]!, ti, tj);
        expect(flags & ~(TetraFlag.AtBound | TetraFlag.Independent)).toBe(0);
        const l0 = loglik(n, ti, tj, rho);
        const h = 1e-4;
        if (rho < 0.999) expect(l0).toBeGreaterThanOrEqual(loglik(n, ti, tj, Math.min(0.999, rho + h)) - 1e-9);
        if (rho > -0.999) expect(l0).toBeGreaterThanOrEqual(loglik(n, ti, tj, Math.max(-0.999, rho - h)) - 1e-9);
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
    });
    it("lavaan's special cases: two empty cells, one empty cell (+0.5 keeping margins), independence, zero thresholds, bounds", () => {
      const t = normQuantile(0.3);
      expect(T.tetraRhoOne(30, 0, 0, 70, t, t)).toEqual({ rho: 1, flags: TetraFlag.EmptyCell | TetraFlag.TwoEmptyCells });
      expect(T.tetraRhoOne(0, 30, 70, 0, t, -t)).toEqual({ rho: -1, flags: TetraFlag.EmptyCell | TetraFlag.TwoEmptyCells });
      // one empty cell: same estimate as the table with 0.5 moved in keeping margins
      const a = T.tetraRhoOne(0, 40, 30, 30, normQuantile(0.4), normQuantile(0.3));
      const b = T.tetraRhoOne(0.5, 39.5, 29.5, 30.5, normQuantile(0.4), normQuantile(0.3));
      expect(a.flags & TetraFlag.EmptyCell).toBe(TetraFlag.EmptyCell);
      expect(a.rho).toBe(b.rho);
      // independence n00·n11 = n01·n10
      expect(T.tetraRhoOne(20, 30, 40, 60, 0.1, 0.2)).toEqual({ rho: 0, flags: TetraFlag.Independent });
      // both thresholds 0: closed form −cos(2π n00/n)
      const z = T.tetraRhoOne(40, 10, 10, 40, 0, 0);
      expect(z.flags).toBe(TetraFlag.ZeroThresholds);
      expect(z.rho).toBeCloseTo(-Math.cos((2 * Math.PI * 40) / 100), 15);
      // an extreme table hits lavaan's bound 0.999
      const bnd = T.tetraRhoOne(500, 1, 1, 500, 0.001, 0.001);
      expect(bnd.rho).toBe(0.999);
      expect(bnd.flags & TetraFlag.AtBound).toBe(TetraFlag.AtBound);
      const neg = T.tetraRhoOne(1, 500, 500, 1, 0.001, 0.001);
      expect(neg.rho).toBe(-0.999);
      expect(neg.flags & TetraFlag.AtBound).toBe(TetraFlag.AtBound);
      expect(T.tetraRhoOne(0, 0, 0, 0, 0.1, 0.1)).toEqual({ rho: NaN, flags: TetraFlag.NoData });
    });
  });
}

describe('tetrachoric kernels: WASM against the TS reference (seed 4242)', () => {
  it('tables and ρ agree on random data with missing cells; a pair range equals the slice of the full run', () => {
    const N = 300;
    const J = 12;
    const resp = randomResponses(4242, N, J, 0.05);
    const w = wasmImpl.tetraTables(resp, N, J);
    const t = ref.tetra.tetraTables(resp, N, J);
    expect(Array.from(w.counts)).toEqual(Array.from(t.counts));
    const tau = new Float64Array(J).map((_, j) => normQuantile(w.itemCounts[2 * j]! / (w.itemCounts[2 * j]! + w.itemCounts[2 * j + 1]!)));
    const rw = wasmImpl.tetraRho(w.counts, tau, J);
    const rt = ref.tetra.tetraRho(t.counts, tau, J);
    expect(Array.from(rw.flags)).toEqual(Array.from(rt.flags));
    for (let k = 0; k < rw.rho.length; k++) expect(Math.abs(rw.rho[k]! - rt.rho[k]!)).toBeLessThan(1e-12);
    const part = wasmImpl.tetraRho(w.counts, tau, J, 10, 37);
    expect(Array.from(part.rho)).toEqual(Array.from(rw.rho.subarray(10, 37)));
  });
  it('score tables and diag(Γ) agree (1e-12 relative), and N·colSums(F²) built row by row equals diag(Γ)', () => {
    const N = 250;
    const J = 9;
    const resp = randomResponses(99, N, J, 0.08);
    const tab = wasmImpl.tetraTables(resp, N, J);
    const tau = new Float64Array(J).map((_, j) => normQuantile(tab.itemCounts[2 * j]! / (tab.itemCounts[2 * j]! + tab.itemCounts[2 * j + 1]!)));
    const { rho } = wasmImpl.tetraRho(tab.counts, tau, J);
    const w = wasmImpl.tetraScoreTables(tab.counts, tab.itemCounts, tau, rho, J, N);
    const t = ref.tetra.tetraScoreTables(tab.counts, tab.itemCounts, tau, rho, J, N);
    for (const key of ['th', 'pair', 'gamma'] as const)
      for (let i = 0; i < w[key].length; i++) expect(Math.abs(w[key][i]! - t[key][i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(t[key][i]!) + 1e-300);
    // explicit F, model by model (codes 0/1/2 = missing)
    const code = (m: number, j: number): number => (resp[m * J + j] === 255 ? 2 : resp[m * J + j]!);
    for (let j = 0; j < J; j++) {
      let ss = 0;
      for (let m = 0; m < N; m++) ss += w.th[3 * j + code(m, j)]! ** 2;
      expect(Math.abs((N * ss) / w.gamma[j]! - 1)).toBeLessThan(1e-12);
    }
    let k = 0;
    for (let j = 0; j < J - 1; j++)
      for (let i = j + 1; i < J; i++, k++) {
        let ss = 0;
        for (let m = 0; m < N; m++) ss += w.pair[9 * k + 3 * code(m, i) + code(m, j)]! ** 2;
        expect(Math.abs((N * ss) / w.gamma[J + k]! - 1)).toBeLessThan(1e-12);
      }
  });
  it('memory stays flat', () => {
    const N = 500;
    const J = 20;
    const resp = randomResponses(5, N, J, 0);
    const tab = wasmImpl.tetraTables(resp, N, J);
    const tau = new Float64Array(J).fill(0.1);
    wasmImpl.tetraRho(tab.counts, tau, J);
    const before = memoryBytes();
    for (let i = 0; i < 50; i++) {
      wasmImpl.tetraTables(resp, N, J);
      wasmImpl.tetraRho(tab.counts, tau, J);
    }
    expect(memoryBytes()).toBe(before);
  });
});
