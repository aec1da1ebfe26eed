// Pooling rules of the scaling analysis: Rubin's rules with Barnard–Rubin df, the t quantile, and the
// slope reliability with its components (hand-computed values; R: qt(0.975, 10) = 2.228138851986274).
import { describe, expect, it } from 'vitest';
import { rubin, slopeReliability, tQuantileTwoSided } from '../src/scaling/pool.js';

describe('pooling', () => {
  it('t quantile matches R qt to 1e-9', () => {
    expect(tQuantileTwoSided(0.05, 10)).toBeCloseTo(2.228138851986274, 9);
    expect(tQuantileTwoSided(0.05, 1e9)).toBeCloseTo(1.959963984540054, 6);
    expect(tQuantileTwoSided(0.01, 3)).toBeCloseTo(5.840909309733349, 8);
  });
  it("Rubin's rules: mean, W + (1 + 1/M)B, Barnard–Rubin df (hand-computed)", () => {
    const r = rubin([1, 1.2, 0.8, 1.1, 0.9], [0.1, 0.1, 0.1, 0.1, 0.1], 100);
    // qbar = 1, W = 0.01, B = 0.025, T = 0.01 + 1.2·0.025 = 0.04, λ = 0.75
    expect(r.estimate).toBeCloseTo(1, 12);
    expect(r.se).toBeCloseTo(0.2, 12);
    expect(r.fmi).toBeCloseTo(0.75, 12);
    // ν_old = 4/0.5625 = 7.1111; ν_obs = (101/103)·100·0.25 = 24.5146; ν = 1/(1/7.1111 + 1/24.5146) = 5.512160
    expect(r.df).toBeCloseTo(5.51216018, 6);
    const t = tQuantileTwoSided(0.05, r.df);
    expect(r.hi - r.estimate).toBeCloseTo(t * 0.2, 12);
  });
  it('one set: Rubin reduces to the complete-data estimate', () => {
    const r = rubin([0.5], [0.2], 50);
    expect(r.se).toBe(0.2);
    expect(r.between).toBe(0);
  });
  it('slope reliability R = β̄²/(β̄² + var across + mean SE²) with inverse-variance pooling', () => {
    const s = slopeReliability([1, 2], [1, 0.5]);
    // weights 1 and 4: β̄ = (1 + 8)/5 = 1.8; var across = 0.5; mean SE² = (1 + 0.25)/2 = 0.625
    expect(s.pooled).toBeCloseTo(1.8, 12);
    expect(s.varianceAcross).toBeCloseTo(0.5, 12);
    expect(s.meanSe2).toBeCloseTo(0.625, 12);
    expect(s.reliability).toBeCloseTo(3.24 / (3.24 + 1.125), 12);
    expect(() => slopeReliability([1], [1])).toThrow(/two/);
  });
});

describe('scalingAnalysis', () => {
  it('same seed → identical report; models without a parameter count are left out and named', async () => {
    const { scalingAnalysis } = await import('../src/scaling/index.js');
    const { simulate, simulationLeaderboard } = await import('../src/simulate/index.js');
    const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 6, seed: 3 }));
    lb.models[4] = { ...lb.models[4]!, log10Params: null, paramsB: null };
    const opts = { seed: 8, pvDraws: 2, replicates: 1, quadrature: { points: 11, range: 5 }, specificQuadrature: { points: 11, range: 5 }, tol: 1e-4 };
    const a = scalingAnalysis(lb, opts);
    const b = scalingAnalysis(lb, opts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.droppedModels).toEqual([{ id: lb.models[4]!.id, reason: 'no parameter count' }]);
    expect(a.nModels).toBe(299);
    expect(a.irt.oneStepConverged).toBe(true);
    expect(a.perturbations).toHaveLength(4 * 5 * 2); // factors × specifications × (full test + 1 replicate)
    expect(a.vector.map((r) => r.factor)).toEqual(['g', ...new Set(lb.items.map((i) => i.benchmark))]);
  }, 300_000);
});

describe('scalingAnalysis with a missing benchmark', () => {
  it('models without any response on a benchmark have no manifest score there; every specification still gives a finite manifest slope', async () => {
    const { scalingAnalysis } = await import('../src/scaling/index.js');
    const { simulate, simulationLeaderboard } = await import('../src/simulate/index.js');
    const lb = simulationLeaderboard(simulate({ models: 300, benchmarks: 3, itemsPerBenchmark: 6, seed: 4 }));
    const J = lb.responses!.nItems;
    for (let i = 0; i < 30; i++) for (let j = 0; j < 6; j++) lb.responses!.values[i * J + j] = 255; // first benchmark missing for 30 models
    const rep = scalingAnalysis(lb, { seed: 2, pvDraws: 2, replicates: 0, twoStep: false, quadrature: { points: 11, range: 5 }, specificQuadrature: { points: 11, range: 5 }, tol: 1e-4 });
    for (const p of rep.perturbations) expect(Number.isFinite(p.manifest.estimate) && Number.isFinite(p.manifest.se)).toBe(true);
    expect(Number.isFinite(rep.vector[1]!.reliability!.manifest.reliability)).toBe(true);
  }, 300_000);
});
