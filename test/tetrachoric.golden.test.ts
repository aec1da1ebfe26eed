// Golden test: thresholds, tetrachoric correlations and DWLS weights against lavaan 0.6.14 on the
// committed sim600 data (600 models × 90 items). Reference values: test/fixtures/tetrachoric/run.R.
import { describe, expect, it } from 'vitest';
import { tetrachoric, pairItems, pairIndex, fBlock, fColumn } from '../packages/stats/src/tetrachoric/index.js';
import { bvnCdf, normCdf } from '../packages/core-wasm/src/index.js';
import { readWide, readCsvRows } from './fixtures/tetrachoric/read.js';

const dir = new URL('./fixtures/tetrachoric/', import.meta.url).pathname;
const data = readWide(new URL('./fixtures/data/sim600/responses_wide.csv', import.meta.url).pathname);
const res = tetrachoric(data.responses, { itemIds: data.items });
const J = data.items.length;

describe('tetrachoric vs lavaan 0.6.14 (sim600: 600 × 90)', () => {
  it('thresholds within 1e-8 absolute; p_correct exact', () => {
    const { header, rows } = readCsvRows(dir + 'thresholds.csv');
    expect(header).toEqual(['item_id', 'threshold', 'p_correct']);
    expect(rows.map((r) => r[0])).toEqual(data.items);
    let worst = 0;
    rows.forEach((r, j) => {
      worst = Math.max(worst, Math.abs(res.thresholds[j]! - Number(r[1])));
      expect(Math.abs(res.pCorrect[j]! - Number(r[2]))).toBeLessThan(1e-15);
    });
    expect(worst).toBeLessThan(1e-8); // absolute
  });
  it('every correlation within 1e-6 absolute', () => {
    const { header, rows } = readCsvRows(dir + 'tetrachoric.csv');
    expect(header.slice(1)).toEqual(data.items);
    let worst = 0;
    for (let i = 0; i < J; i++)
      for (let j = 0; j < J; j++) worst = Math.max(worst, Math.abs(res.correlation[i * J + j]! - Number(rows[i]![j + 1])));
    expect(worst).toBeLessThan(1e-6); // absolute
  });
  it('DWLS weights (diag WLS.V) within 1e-6 relative', () => {
    const { rows } = readCsvRows(dir + 'wls_v_diag.csv');
    expect(rows.length).toBe(J + (J * (J - 1)) / 2);
    const { pairI, pairJ } = pairItems(J);
    expect(rows[J]![0]).toBe(`${data.items[pairI[0]!]}~~${data.items[pairJ[0]!]}`);
    expect(rows[rows.length - 1]![0]).toBe(`${data.items[pairI[pairI.length - 1]!]}~~${data.items[pairJ[pairJ.length - 1]!]}`);
    let worst = 0;
    rows.forEach((r, p) => {
      worst = Math.max(worst, Math.abs(res.weights![p]! / Number(r[1]) - 1));
    });
    expect(worst).toBeLessThan(1e-6); // relative
  });
  it('F blocks reproduce the weights: N·colSums(F²) = 1/W', () => {
    const s = res.scores!;
    const N = s.nobs;
    const cols = [0, 5, J, J + 17, J + 4004];
    for (const c of cols) {
      const f = fColumn(s, c);
      const ss = f.reduce((a, v) => a + v * v, 0);
      expect(Math.abs((N * ss) / res.gammaDiag![c]! - 1)).toBeLessThan(1e-12);
      const blk = fBlock(s, 100, 300, c, c + 1);
      for (let r = 0; r < 200; r++) expect(blk[r]).toBe(f[100 + r]);
    }
  });
  it('reports: smallest eigenvalue, no smoothing by default', () => {
    expect(res.smoothed).toBe(false);
    expect(Number.isFinite(res.minEigenvalue)).toBe(true);
    expect(res.failedPairs).toEqual([]);
  });
});

// Pairwise-missing golden: first 30 sim600 items with 8 % of cells missing at random, lavaan with
// missing = "pairwise" (test/fixtures/tetrachoric/run-missing.R).
describe('tetrachoric vs lavaan 0.6.14, missing = "pairwise" (sim600 items 1–30, 8 % missing)', () => {
  const m = readWide(dir + 'missing/responses_wide.csv');
  const r = tetrachoric(m.responses, { itemIds: m.items, missing: 'pairwise' });
  const K = m.items.length;
  it('has missing cells', () => {
    expect(m.responses.hasMissing()).toBe(true);
  });
  it('thresholds within 1e-8, correlations within 1e-6 absolute', () => {
    const th = readCsvRows(dir + 'missing/thresholds.csv').rows;
    let w1 = 0;
    th.forEach((row, j) => (w1 = Math.max(w1, Math.abs(r.thresholds[j]! - Number(row[1])))));
    expect(w1).toBeLessThan(1e-8);
    const R = readCsvRows(dir + 'missing/tetrachoric.csv').rows;
    let w2 = 0;
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) w2 = Math.max(w2, Math.abs(r.correlation[i * K + j]! - Number(R[i]![j + 1])));
    expect(w2).toBeLessThan(1e-6);
  });
  it('DWLS weights within 1e-6 relative', () => {
    const W = readCsvRows(dir + 'missing/wls_v_diag.csv').rows;
    let w3 = 0;
    W.forEach((row, p) => (w3 = Math.max(w3, Math.abs(r.weights![p]! / Number(row[1]) - 1))));
    expect(w3).toBeLessThan(1e-6);
  });
});

// lavaan's edge cases (test/fixtures/tetrachoric/run-edge.R): two empty cells (ρ = ±1, scored with
// lavaan's limits), one empty cell (+0.5 keeping margins), both thresholds exactly 0 (closed form).
// Known, documented difference: for h (= a AND noise) with a, b (= a) and e (= 1 − a) lavaan's nlminb ends
// at its bound ±0.999, because lavaan floors cell probabilities at √ε (1.49e-8) in the objective and drops
// such cells from the gradient, which past ρ ≈ 0.99 pulls to the bound. Its own objective is higher at our
// exact ML estimate (±0.977) than at ±0.999; we keep the ML estimate and check that instead.
const ARTIFACT = new Set(['h~~a', 'h~~b', 'h~~e']);
describe('tetrachoric vs lavaan 0.6.14: edge cases (run-edge.R, 300 × 8)', () => {
  const e = readWide(dir + 'edge/responses_wide.csv');
  const r = tetrachoric(e.responses, { itemIds: e.items });
  const K = e.items.length;
  const R = readCsvRows(dir + 'edge/tetrachoric.csv').rows;
  it('thresholds within 1e-8; correlations within 1e-6 absolute (incl. exact ±1 and zero thresholds)', () => {
    const th = readCsvRows(dir + 'edge/thresholds.csv').rows;
    th.forEach((row, j) => expect(Math.abs(r.thresholds[j]! - Number(row[1]))).toBeLessThan(1e-8));
    let checked = 0;
    for (let i = 0; i < K; i++)
      for (let j = 0; j < i; j++) {
        if (ARTIFACT.has(`${e.items[i]}~~${e.items[j]}`)) continue;
        const d = Math.abs(r.correlation[i * K + j]! - Number(R[i]![j + 1]));
        if (!(d < 1e-6)) expect.fail(`${e.items[i]}, ${e.items[j]}: ours ${r.correlation[i * K + j]}, lavaan ${R[i]![j + 1]}`);
        checked++;
      }
    expect(checked).toBe(25);
    expect(r.emptyCellPairs.length).toBe(6); // lavaan's zero.cell.tables
    expect(r.correlation[1 * K + 0]).toBe(1); // b = a
    expect(r.correlation[4 * K + 0]).toBe(-1); // e = 1 − a
  });
  it("lavaan's bound estimates for h: our estimate scores higher on lavaan's own (floored) objective", () => {
    const sqrtEps = Math.sqrt(2.220446049250313e-16);
    for (const name of ARTIFACT) {
      const [a, b] = name.split('~~');
      const i = e.items.indexOf(a!);
      const j = e.items.indexOf(b!);
      const k = pairIndex(i, j, K);
      const lav = Number(R[i]![j + 1]);
      expect(Math.abs(lav)).toBe(0.999);
      const c = Array.from(r.counts.subarray(4 * k, 4 * k + 4));
      const z = c.indexOf(0);
      const d = z === 0 || z === 3 ? 0.5 : -0.5; // zero.add keeping margins
      const n = [c[0]! + d, c[1]! - d, c[2]! - d, c[3]! + d];
      const ti = r.thresholds[i]!;
      const tj = r.thresholds[j]!;
      const obj = (rho: number): number => {
        const p00 = bvnCdf(ti, tj, rho);
        const p = [p00, normCdf(ti) - p00, normCdf(tj) - p00, 1 - normCdf(ti) - normCdf(tj) + p00];
        return n.reduce((s, x, q) => s + x * Math.log(Math.max(p[q]!, sqrtEps)), 0);
      };
      expect(obj(r.rho[k]!)).toBeGreaterThan(obj(lav) + 1); // log-likelihood units
    }
  });
  it('DWLS weights within 1e-6 relative (incl. the ±1 pairs)', () => {
    const W = readCsvRows(dir + 'edge/wls_v_diag.csv').rows;
    let checked = 0;
    W.forEach((row, p) => {
      if (ARTIFACT.has(row[0]!)) return;
      const d = Math.abs(r.weights![p]! / Number(row[1]) - 1);
      if (!(d < 1e-6)) expect.fail(`${row[0]}: ours ${r.weights![p]}, lavaan ${row[1]}`);
      checked++;
    });
    expect(checked).toBe(8 + 25);
  });
});
