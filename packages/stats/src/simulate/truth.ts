// truth.json of a simulation: every generating value on the scales the estimators report (population)
// and, separately, the values realised in this sample. The model is described in ./generator.ts.
import { normQuantile } from '@cartograph/core-wasm';
import { ARCHITECTURES, DEPLOYMENTS, populationFactorCorrelations, type Simulation } from './generator.js';
import { pearson } from '../math/index.js';

function levelVariance(x: readonly number[]): number {
  return x.length < 2 ? 0 : meanSd(x).sd ** 2;
}

/** Sample mean and SD (n − 1). */
export function meanSd(x: ArrayLike<number>): { mean: number; sd: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Pearson correlation: the numerics floor's one definition (re-exported: tests import it from here). */
export { pearson };

/** Column `c` of a row-major matrix with `w` columns. */
export function column(a: Float64Array, w: number, c: number): Float64Array {
  const n = a.length / w;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i * w + c]!;
  return out;
}

export interface SimulationSample {
  log10Params: Float64Array;
  /** Latents in factor order g, s_1 … s_B (each nModels long). */
  factors: Float64Array[];
  corrWithLog10Params: number[];
  factorCorrelations: number[][];
  /** Observed proportion correct and count per item. */
  pCorrect: number[];
  nObserved: number[];
  missingCells: number;
}

/** Realised statistics of a simulation (what the many-seeds test compares with the population). */
export function sampleStatistics(sim: Simulation): SimulationSample {
  const N = sim.models.length;
  const B = sim.benchmarks.length;
  const J = sim.items.length;
  const x = Float64Array.from(sim.models, (m) => m.log10Params);
  const factors = [sim.thetaG, ...Array.from({ length: B }, (_, b) => column(sim.thetaS, B, b))];
  const pCorrect: number[] = [];
  const nObserved: number[] = [];
  let missingCells = 0;
  for (let j = 0; j < J; j++) {
    let n = 0;
    let s = 0;
    for (let m = 0; m < N; m++) {
      const v = sim.responses[m * J + j]!;
      if (v === 255) missingCells++;
      else {
        n++;
        s += v;
      }
    }
    nObserved.push(n);
    pCorrect.push(n > 0 ? s / n : NaN);
  }
  return {
    log10Params: x,
    factors,
    corrWithLog10Params: factors.map((f) => pearson(f, x)),
    factorCorrelations: factors.map((f, i) => factors.map((g, k) => (i === k ? 1 : pearson(f, g)))),
    pCorrect,
    nObserved,
    missingCells,
  };
}

const r6 = (x: number): number => {
  const v = Math.round(x * 1e6) / 1e6;
  return v === 0 ? 0 : v; // no -0
};
const r6m = (m: number[][]): number[][] => m.map((row) => row.map(r6));
const num = (x: number): number | null => (Number.isFinite(x) ? r6(x) : null);

/** The truth.json object (numbers rounded to 6 decimals; keys in a fixed order). */
export function simulationTruth(sim: Simulation): unknown {
  const o = sim.options;
  const sx = o.log10ParamsSd;
  const sx2 = sx * sx;
  const factorNames = ['g', ...sim.benchmarks.map((b) => `s_${b}`)];
  const sizeShare = o.gammaG ** 2 * sx2;
  const eco = sim.ecosystemVariance;
  const s = sampleStatistics(sim);
  const N = sim.models.length;
  const partNames = ['size', 'contributor', 'architecture', 'deployment', 'residual'] as const;
  const partVar = partNames.map((_, c) => meanSd(column(sim.thetaGParts, 5, c)).sd ** 2);
  const totalVar = meanSd(sim.thetaG).sd ** 2;
  const count = (key: (m: Simulation['models'][number]) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const m of sim.models) out[key(m)] = (out[key(m)] ?? 0) + 1;
    return out;
  };
  const contribCounts = count((m) => m.contributor);
  const cw = Math.max(3, String(o.contributors).length);
  const itemIndex = (j: number): string => sim.items[j]!.id;

  return {
    generator: 'cartograph simulate: bifactor normal-ogive leaderboard (see packages/stats/src/simulate/generator.ts)',
    format_version: 1,
    options: {
      models: o.models,
      benchmarks: o.benchmarks,
      items_per_benchmark: o.itemsPerBenchmark,
      seed: o.seed,
      structure_seed: o.structureSeed,
      contributors: o.contributors,
      zipf_exponent: o.zipfExponent,
      log10_params_mean: o.log10ParamsMean,
      log10_params_sd: o.log10ParamsSd,
      gamma_g: o.gammaG,
      gamma_s: o.gammaS,
      contributor_variance: o.contributorVariance,
      architecture_variance: o.architectureVariance,
      deployment_variance: o.deploymentVariance,
      loading_g: o.loadingG,
      loading_s: o.loadingS,
      ld_pairs: o.ldPairs,
      ld_cross: o.ldCross,
      ld_correlation: o.ldCorrelation,
      missing_rate: o.missingRate,
      missing_benchmark_rate: o.missingBenchmarkRate,
    },
    population: {
      log10_params: { distribution: 'normal', mean: o.log10ParamsMean, sd: sx, centre: o.log10ParamsMean },
      factor_names: factorNames,
      factor_variances: factorNames.map(() => 1),
      factor_correlations: r6m(populationFactorCorrelations(o, sim.gammaS)),
      slopes_on_log10_params: Object.fromEntries(factorNames.map((f, i) => [f, r6(i === 0 ? o.gammaG : sim.gammaS[i - 1]!)])),
      corr_with_log10_params: Object.fromEntries(factorNames.map((f, i) => [f, r6((i === 0 ? o.gammaG : sim.gammaS[i - 1]!) * sx)])),
      theta_g_variance_shares: {
        size: r6(sizeShare),
        contributor: r6(eco.contributor),
        architecture: r6(eco.architecture),
        deployment: r6(eco.deployment),
        residual: r6(sim.residualVarianceG),
      },
      ecosystem_effects: {
        note: 'population values (structure seed); model-weighted mean 0 and variance = the share above; level_variance = unweighted variance over levels (divisor L − 1), what a random-intercept model (lme4) estimates',
        contributor: {
          level_variance: r6(levelVariance(sim.contributorEffects)),
          levels: sim.contributorEffects.map((e, c) => ({ name: `org-${String(c + 1).padStart(cw, '0')}`, probability: r6(sim.contributorProbabilities[c]!), effect: e })),
        },
        architecture: {
          level_variance: r6(levelVariance(sim.architectureEffects)),
          levels: ARCHITECTURES.map((a, i) => ({ name: a.name, probability: a.probability, effect: sim.architectureEffects[i]! })),
        },
        deployment: {
          level_variance: r6(levelVariance(sim.deploymentEffects)),
          levels: DEPLOYMENTS.map((d, i) => ({ name: d.name, probability: d.probability, effect: sim.deploymentEffects[i]! })),
        },
      },
      theta_s_residual_variances: Object.fromEntries(sim.benchmarks.map((b, i) => [`s_${b}`, r6(1 - sim.gammaS[i]! ** 2 * sx2)])),
      contributor_distribution: { kind: 'zipf', count: o.contributors, exponent: o.zipfExponent },
      items: sim.items.map((it) => ({
        item_id: it.id,
        benchmark: it.benchmark,
        loading_g: it.loadingG,
        loading_s: it.loadingS,
        threshold: it.threshold,
        threshold_normal: r6(-normQuantile(it.pCorrect)),
        residual_variance: r6(it.residualVariance),
        p_correct: r6(it.pCorrect),
      })),
      local_dependence: sim.pairs.map((p) => ({
        item_a: itemIndex(p.itemA),
        item_b: itemIndex(p.itemB),
        across_benchmarks: p.acrossBenchmarks,
        residual_covariance: r6(p.residualCovariance),
        residual_correlation: p.residualCorrelation,
      })),
    },
    sample: {
      n_models: N,
      n_items: sim.items.length,
      missing_cells: s.missingCells,
      factor_means: Object.fromEntries(factorNames.map((f, i) => [f, r6(meanSd(s.factors[i]!).mean)])),
      factor_sds: Object.fromEntries(factorNames.map((f, i) => [f, r6(meanSd(s.factors[i]!).sd)])),
      factor_correlations: r6m(s.factorCorrelations),
      corr_with_log10_params: Object.fromEntries(factorNames.map((f, i) => [f, r6(s.corrWithLog10Params[i]!)])),
      log10_params: { mean: r6(meanSd(s.log10Params).mean), sd: r6(meanSd(s.log10Params).sd) },
      theta_g_variance_components: Object.fromEntries(partNames.map((p, c) => [p, r6(partVar[c]!)])),
      theta_g_variance: r6(totalVar),
      models_per_contributor: Object.fromEntries(Object.entries(contribCounts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      models_per_architecture: count((m) => m.architecture),
      models_per_deployment: count((m) => m.deployment),
      items: sim.items.map((it, j) => ({ item_id: it.id, p_correct: num(s.pCorrect[j]!), n_observed: s.nObserved[j]! })),
    },
  };
}
