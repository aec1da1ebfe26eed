// Golden test: thresholds, tetrachoric correlations and DWLS weights against lavaan 0.6.14 on the
// committed sim600 data (600 models × 90 items). Reference values: test/fixtures/tetrachoric/run.R.
import { describe, expect, it } from 'vitest';
import { tetrachoric, pairItems, fBlock, fColumn } from '../packages/stats/src/tetrachoric/index.js';
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
