// Recovery of the bifactor calibration and of the scaling vector on the simulator (bifactor normal-ogive
// data with known truth, packages/stats/src/simulate). 4,000 models × 6 benchmarks × 15 items, one seed:
// standardized loadings within RMSE 0.05 of the population loadings, and the unattenuated slope on g
// (plausible values from the conditioning model, mixed regression with contributor and architecture
// random intercepts, Rubin's rules) within 0.05 of the true γg. Then a 12-replicate coverage check at a
// smaller size (800 models × 6 × 10 items, quadrature 15 × 15, 5 proper plausible-value sets): every slope's
// 95 % interval must cover its true value in at least 10 of 12 replicates (binomial: P(X ≤ 9 | 12, 0.95)
// = 0.020), for g and for every specific factor (12, not 20, replicates: CI time). The 200-replicate study is bench/irt-coverage.mjs.
import { describe, expect, it } from 'vitest';
import { scalingAnalysis, simulate, simulationLeaderboard } from '../packages/stats/src/index.js';

describe('scaling vector on the simulator', () => {
  it('bifactor 4,000 × 6 × 15 (seed 11): loadings RMSE < 0.05, unattenuated γg within 0.05', () => {
    const sim = simulate({ models: 4000, benchmarks: 6, itemsPerBenchmark: 15, seed: 11 });
    const rep = scalingAnalysis(simulationLeaderboard(sim), { seed: 5, link: 'normal', pvDraws: 5, twoStep: false, reliability: false });
    let se = 0;
    rep.irt.loadings.forEach((l, j) => {
      const t = sim.items[j]!;
      expect(l.item).toBe(t.id);
      se += (l.general - t.loadingG) ** 2 + (l.specificLoading! - t.loadingS) ** 2;
    });
    const rmse = Math.sqrt(se / (2 * sim.items.length));
    const g = rep.vector[0]!;
    console.log(`recovery: loadings RMSE ${rmse.toFixed(4)}; γg ${g.unattenuated.estimate.toFixed(4)} [${g.unattenuated.lo.toFixed(3)}, ${g.unattenuated.hi.toFixed(3)}] (truth ${sim.options.gammaG}); one-step ${g.oneStep.toFixed(4)}`);
    expect(rep.irt.oneStepConverged).toBe(true);
    expect(rmse).toBeLessThan(0.05); // RMSE over 180 standardized loadings
    expect(Math.abs(g.unattenuated.estimate - sim.options.gammaG)).toBeLessThan(0.05); // absolute
  }, 600_000);

  it('12 seeded replicates: each slope\'s 95 % interval covers the truth in ≥ 10 of 12 (g and every specific)', async () => {
    const covered = new Map<string, number>();
    const opts = { models: 800, benchmarks: 6, itemsPerBenchmark: 10, structureSeed: 2026 };
    let truth: Record<string, number> = {};
    for (let r = 0; r < 12; r++) {
      await new Promise((res) => setTimeout(res, 0)); // let vitest's worker RPC breathe between replicates
      const sim = simulate({ ...opts, seed: 1000 + r });
      truth = { g: sim.options.gammaG, ...Object.fromEntries(sim.benchmarks.map((b, i) => [b, sim.gammaS[i]!])) };
      const rep = scalingAnalysis(simulationLeaderboard(sim), {
        seed: r,
        link: 'normal',
        pvDraws: 5,
        twoStep: false,
        reliability: false,
        quadrature: { points: 15, range: 5 },
        specificQuadrature: { points: 15, range: 5 },
        tol: 1e-4,
      });
      for (const row of rep.vector) {
        const t = truth[row.factor]!;
        if (row.unattenuated.lo <= t && t <= row.unattenuated.hi) covered.set(row.factor, (covered.get(row.factor) ?? 0) + 1);
        else covered.set(row.factor, covered.get(row.factor) ?? 0);
      }
    }
    console.log(`coverage (of 12): ${[...covered].map(([f, c]) => `${f} ${c}`).join(', ')}; truth ${JSON.stringify(truth)}`);
    expect(covered.size).toBe(7);
    for (const [, c] of covered) expect(c).toBeGreaterThanOrEqual(10); // binomial bound, see header
  }, 900_000);
});
