// Many-seeds test of the simulator: with the instrument held fixed (structureSeed) and the population
// redrawn (seed = 1..S), the realised statistics scatter around truth.json's POPULATION values as sampling
// theory says. Each assertion compares the mean over seeds with the population value in units of its
// standard error (seed-to-seed SD / √S), and the seed-to-seed SD with the textbook sampling SD.
// Bounds: 3 SE for a single quantity; for a family of m quantities a Bonferroni bound z such that
// 2·(1 − Φ(z))·m = 0.002 (printed). Models are iid given the structure, so the textbook formulas apply:
// SD of a Pearson r ≈ (1 − ρ²)/√(N − 1) (bivariate normal), SD of a proportion = √(p(1 − p)/N).
import { describe, expect, it } from 'vitest';
import { normQuantile } from '@cartograph/core-wasm';
import { populationFactorCorrelations, sampleStatistics, simulate, type Simulation } from '../src/index.js';
import { column, meanSd } from '../src/simulate/truth.js';

const SEEDS = 40;
const N = 300;
const STRUCTURE_SEED = 2026;
const bonferroni = (m: number): number => -normQuantile(0.001 / m);

interface Run {
  sim: Simulation;
  rG: number;
  factorCorr: number[][];
  p: number[];
  thetaGVar: number;
  parts: number[];
}

const runs: Run[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const sim = simulate({ models: N, seed, structureSeed: STRUCTURE_SEED });
  const s = sampleStatistics(sim);
  runs.push({
    sim,
    rG: s.corrWithLog10Params[0]!,
    factorCorr: s.factorCorrelations,
    p: s.pCorrect,
    thetaGVar: meanSd(sim.thetaG).sd ** 2,
    parts: [0, 1, 2, 3, 4].map((c) => meanSd(column(sim.thetaGParts, 5, c)).sd ** 2),
  });
}
const first = runs[0]!.sim;
const o = first.options;

function zOf(values: number[], population: number): { z: number; mean: number; sd: number } {
  const { mean, sd } = meanSd(values);
  return { z: (mean - population) / (sd / Math.sqrt(values.length)), mean, sd };
}

describe(`simulate over ${SEEDS} seeds (N = ${N}, structure seed ${STRUCTURE_SEED})`, () => {
  it('the instrument is the same in every run (the population values do not move)', () => {
    for (const r of runs) expect(r.sim.items).toEqual(first.items);
  });

  it('corr(θg, log10 params): mean within 3 SE of γg·σx; seed-to-seed SD within [0.7, 1.4] × (1 − ρ²)/√(N − 1)', () => {
    const rho = o.gammaG * o.log10ParamsSd;
    const { z, sd } = zOf(runs.map((r) => r.rG), rho);
    expect(Math.abs(z), `z = ${z}`).toBeLessThan(3);
    const ratio = sd / ((1 - rho * rho) / Math.sqrt(N - 1));
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
  });

  it('factor correlations (all pairs of g, s_1..s_B): mean within a Bonferroni bound of the population φ; pooled SD ratio in [0.8, 1.25]', () => {
    const phi = populationFactorCorrelations(o, first.gammaS);
    const F = phi.length;
    const m = (F * (F - 1)) / 2;
    const bound = bonferroni(m);
    let worst = 0;
    let obsVar = 0;
    let theoryVar = 0;
    for (let i = 0; i < F; i++) {
      for (let k = i + 1; k < F; k++) {
        const { z, sd } = zOf(runs.map((r) => r.factorCorr[i]![k]!), phi[i]![k]!);
        worst = Math.max(worst, Math.abs(z));
        obsVar += sd * sd;
        theoryVar += (1 - phi[i]![k]! ** 2) ** 2 / (N - 1);
      }
    }
    expect(worst, `max |z| = ${worst}, bound ${bound}`).toBeLessThan(bound);
    const ratio = Math.sqrt(obsVar / theoryVar);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  });

  it('item proportions correct: mean within a Bonferroni bound of the population p_j; pooled SD ratio vs binomial in [0.8, 1.25]', () => {
    const J = first.items.length;
    const bound = bonferroni(J);
    let worst = 0;
    let obsVar = 0;
    let theoryVar = 0;
    first.items.forEach((it, j) => {
      const { z, sd } = zOf(runs.map((r) => r.p[j]!), it.pCorrect);
      worst = Math.max(worst, Math.abs(z));
      obsVar += sd * sd;
      theoryVar += (it.pCorrect * (1 - it.pCorrect)) / N;
    });
    expect(worst, `max |z| = ${worst}, bound ${bound}`).toBeLessThan(bound);
    const ratio = Math.sqrt(obsVar / theoryVar);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  });

  it('θg: variance within 3 SE of 1, and each variance component within a Bonferroni bound of its population share', () => {
    expect(Math.abs(zOf(runs.map((r) => r.thetaGVar), 1).z)).toBeLessThan(3);
    const shares = [
      o.gammaG ** 2 * o.log10ParamsSd ** 2,
      first.ecosystemVariance.contributor,
      first.ecosystemVariance.architecture,
      first.ecosystemVariance.deployment,
      first.residualVarianceG,
    ];
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    const bound = bonferroni(5);
    shares.forEach((share, c) => {
      const { z } = zOf(runs.map((r) => r.parts[c]!), share);
      expect(Math.abs(z), `component ${c}: z = ${z}`).toBeLessThan(bound);
    });
  });
});
