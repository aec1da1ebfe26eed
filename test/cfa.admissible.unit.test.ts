// Regression: an admissible correlated fit under random benchmark labels (the permutation control of
// issue 14) whose optimum lies where Ψ is singular. In the spherical-coordinate parameterization the
// angles' derivatives vanish there, so Levenberg–Marquardt crawls (relative decrease ≈ 1e-11 per
// iteration) and used to run into the 2,000-iteration cap: not_converged, counted by the permutation
// test as "at least as good as the observed labels". The stall rule now stops such a crawl.
// The case: `simulate --items-per-benchmark 40` (seed 1), the permutation study's analysis items
// (15 per benchmark, plan seed 7) with the labels of permutation r = 104.
import { describe, expect, it } from 'vitest';
import { simulate, simulationLeaderboard } from '../packages/stats/src/simulate/index.js';
import { robustnessPlan } from '../packages/stats/src/robustness/run.js';
import { analysisItems } from '../packages/stats/src/robustness/study.js';
import { poolStats, replicateData, replicateRng, selectStats } from '../packages/stats/src/replicate/index.js';
import { buildStructure, fitAdmissible, prepareCfaData } from '../packages/stats/src/cfa/index.js';
import { MAX_ITERATIONS } from '../packages/stats/src/cfa/admissible.js';

describe('admissible correlated fit with a singular Ψ under permuted labels', () => {
  it('converges (boundary) within the cap, at the level a 2,000-iteration crawl reaches', () => {
    const data = replicateData(simulationLeaderboard(simulate({ itemsPerBenchmark: 40, seed: 1 })));
    const plan = robustnessPlan(data, { structures: ['correlated'], bootstrap: 0, permutations: 200, folds: 0, subsample: 15, seed: 7, reference: false });
    const rng = replicateRng(plan, { kind: 'permutation', r: 104 });
    const sel = analysisItems(plan, data);
    const labels = rng.shuffle(sel.map((j) => data.items[j]!.benchmark));
    const items = sel.map((j, u) => ({ id: data.items[j]!.id, benchmark: labels[u]!, extra: {} }));
    const cd = prepareCfaData(selectStats(poolStats(data, null), sel));
    const { result } = fitAdmissible(cd, buildStructure('correlated', items));
    expect(result.converged).toBe(true);
    expect(result.status).toBe('boundary');
    expect(result.iterations).toBeLessThan(MAX_ITERATIONS);
    expect(result.constraints!.active.some((a) => a.startsWith('smallest eigenvalue of Ψ'))).toBe(true);
    // Before the fix the fit crawled to f = 11.160229150797347 in 2,000 iterations (fmin = (N−1)/N · f/2,
    // N = 600) without converging. Tolerance: the stall stops within 1e-6 relative of that level (the crawl
    // gains ≈ 3e-8 relative; 1e-6 relative of fmin is ≈ 0.003 in χ² at 600 models, far below any fit index's digits).
    const crawl = (599 / 600) * (11.160229150797347 / 2);
    expect(Math.abs(result.fmin! - crawl) / crawl).toBeLessThan(1e-6);
    expect(Number.isFinite(result.fit!.cfi_scaled)).toBe(true);
  }, 300_000);
});
