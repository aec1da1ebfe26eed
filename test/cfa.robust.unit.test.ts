// The robust stage's score Jacobian Gᵀ = (F W Δ)ᵀ for complete binary data by the bilinear form of F
// (robust.ts scoreJacobianBinary: one SIMD product for the item-local columns of Δ, core-wasm's
// cfaScoreJacobian for the rest) equals core-wasm's per-nonzero kernel on every column of Δ.
import { describe, expect, it } from 'vitest';
import { cfaScoreJacobian } from '@cartograph/core-wasm';
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import { buildParTable, buildStructure, cfaSampleStats, prepareCfaData } from '../packages/stats/src/cfa/index.js';
import { derivatives, objective } from '../packages/stats/src/cfa/objective.js';
import { startValues } from '../packages/stats/src/cfa/start.js';
import { scoreJacobianBinary } from '../packages/stats/src/cfa/robust.js';
import { robustDataTermsBinary, robustDataTermsDense } from '../packages/stats/src/cfa/data.js';

describe('score Jacobian for complete binary data', () => {
  const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 8, seed: 3 }));
  const { stats } = cfaSampleStats(lb.responses!, lb.items.map((it) => it.id), { missing: 'listwise' });
  const data = prepareCfaData(stats, { robust: false });
  const s = stats.scores!;
  for (const name of ['general', 'second-order', 'correlated', 'bifactor-correlated'] as const) {
    it(`${name}: equals the per-nonzero kernel within 1e-12 relative (start values; item-local loadings and global covariances/regressions)`, () => {
      const pt = buildParTable(buildStructure(name, lb.items), stats.items);
      const x = new Float64Array(pt.params.length);
      x.set(startValues(pt, stats.rho));
      const d = derivatives(pt, data.target, objective(pt, data.target, x));
      const J = stats.items.length;
      const q = pt.nStruct + J;
      const w = stats.weights.subarray(J);
      const want = cfaScoreJacobian({ n: s.nobs, codes: s.codes, pair: s.pair, pairI: data.pairI, pairJ: data.pairJ, w, rowPtr: d.delta.rowPtr, col: d.delta.col, val: d.delta.val, q });
      const got = scoreJacobianBinary(s.codes, s.pair, s.nobs, J, data.pairI, data.pairJ, w, d.delta, q);
      let scale = 0;
      let diff = 0;
      for (let u = 0; u < want.length; u++) {
        scale = Math.max(scale, Math.abs(want[u]!));
        diff = Math.max(diff, Math.abs(want[u]! - got[u]!));
      }
      expect(scale).toBeGreaterThan(0);
      expect(diff / scale).toBeLessThan(1e-12); // rounding only: the same sums in another order
    });
  }
});

describe('data-only robust terms for complete binary data', () => {
  it('the bilinear/count path equals the dense A = F W F′ within 1e-10 relative (300 models × 24 items, seed 4)', () => {
    const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 8, seed: 4 }));
    const { stats } = cfaSampleStats(lb.responses!, lb.items.map((it) => it.id), { missing: 'listwise' });
    const d = prepareCfaData(stats, { robust: false });
    const b = robustDataTermsBinary(stats, d.pairI, d.pairJ);
    const x = robustDataTermsDense(stats, d.pairI, d.pairJ);
    for (const k of ['sumWF2Th', 'sumWF2Corr', 'normA2', 'normACorr2', 'thAth'] as const) expect(Math.abs(b[k] - x[k]) / Math.abs(x[k]), k).toBeLessThan(1e-10);
    let scale = 0;
    let diff = 0;
    for (let u = 0; u < x.a.length; u++) {
      scale = Math.max(scale, Math.abs(x.a[u]!));
      diff = Math.max(diff, Math.abs(x.a[u]! - b.a[u]!));
    }
    expect(diff / scale).toBeLessThan(1e-10); // rounding only
  });
});
