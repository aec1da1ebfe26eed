// cartograph simulate — a synthetic leaderboard with known truth. THE one description of the generator
// (the README's "simulate" section summarises it; keep the two in step).
//
// Bifactor normal-ogive model (a bifactor item factor model with probit link; Gibbons & Hedeker 1992,
// Psychometrika 57:423–436), N models × B benchmarks × K items per benchmark:
//
//   x_m        = log10(parameter count) ~ N(μx, σx²), rounded to 4 decimals; centre c = μx
//   θg_m       = γg·(x_m − c) + u[contributor_m] + a[architecture_m] + d[deployment_m] + σeg·z_m
//   θs_m,b     = γs_b·(x_m − c) + σes_b·z_m,b                                   (b = 1..B)
//   y*_m,j     = λg_j·θg_m + λs_j·θs_m,b(j) + e_m,j,    Var(e_m,j) = ψ_j
//   correct_mj = 1{ y*_m,j > τ_j }
//
// Ecosystem effects belong to the population (drawn with the STRUCTURE seed, like the items): one effect
// per contributor, architecture and deployment type, drawn N(0, 1) and then centred and scaled so that,
// weighted by the population category probabilities, their mean is 0 and their variance is exactly σc²,
// σa², σd² (u_c = σc·(z_c − Σp z)/√(Σp (z − Σp z)²), likewise a, d; then rounded to 6 decimals).
// Contributors are Zipf-distributed: contributor of rank r (1..C) is chosen with probability
// p_r = r^−s / Σ r'^−s. Architectures and deployment types come from fixed categorical distributions
// (ARCHITECTURES, DEPLOYMENTS below). All z's are independent N(0, 1). (Had the effects been redrawn
// with every data set, a Zipf head contributor holding ~20 % of the models would shift a whole sample's
// mean ability by ~0.1 SD, and no single data set could recover population thresholds.)
//
// Scales (what truth.json reports, and what estimators report):
// - The POPULATION mean of every latent is 0 and its variance is 1: σeg² = 1 − γg²σx² − Vc − Va − Vd
//   (V = the weighted variance of the rounded effects, σ² up to 1e-6) and σes_b² = 1 − γs_b²σx²
//   (options leaving no room for the noise are rejected). θs_b ~ N(0, 1) exactly; θg is a normal plus
//   the discrete ecosystem term D = u + a + d, i.e. a finite mixture of normals with the first two
//   moments of N(0, 1) — close to, not exactly, normal.
// - Size moves θg and every θs, so the factors are NOT orthogonal. Population correlations:
//     corr(θg, θs_b) = γg·γs_b·σx²,  corr(θs_b, θs_b') = γs_b·γs_b'·σx²,
//     corr(θg, x) = γg·σx,  corr(θs_b, x) = γs_b·σx.
// - ψ_j = 1 − λg_j² − λs_j² − 2·λg_j·λs_j·corr(θg, θs_b(j)), so Var(y*) = 1: the standardized loadings
//   are λg, λs and the thresholds are τ. The population proportion correct is computed exactly over the
//   mixture, p_j = Σ_{c,a,d} p_c p_a p_d Φ((λg_j·(u_c + a + d) − τ_j) / √(1 − λg_j²·V_D)), V_D = Vc + Va + Vd;
//   truth.json also gives threshold_normal = −Φ⁻¹(p_j), the threshold a normal-theory estimator
//   (tetrachoric, WLSMV) converges to (it differs from τ_j by the mixture's departure from normality).
// - Variance shares of θg (population, model-weighted, sum to 1): size γg²σx², contributor Vc,
//   architecture Va, deployment Vd, residual σeg². (A random-intercept model such as lme4 estimates the
//   unweighted variance of the level effects instead; truth.json gives that too.)
// - Local dependence: P planted pairs inside a benchmark (pair p in benchmark p mod B, or the next one
//   with two items not yet in a pair) and Q pairs across two random benchmarks share an extra residual term: e_j = √(ψ_j − δ)·z_j + √δ·η, e_k = √(ψ_k − δ)·z_k
//   + √δ·η with δ = r·√(ψ_j ψ_k), so the residual covariance of y*_j, y*_k is δ and their residual
//   correlation is r (clamped to 0.95·√(min ψ / max ψ) so both residual parts stay positive).
// - Missing cells: a model lacks a whole benchmark with probability `missingBenchmarkRate`, and any
//   remaining cell is missing with probability `missingRate` (both MCAR).
//
// Item structure: benchmark difficulty δ_b ~ U(−0.7, 0.5); τ_j = δ_b + U(−0.9, 0.9);
// λg_j ~ U(loadingG), λs_j ~ U(loadingS); when the communality exceeds 0.85 both loadings are scaled down
// to 0.85. γs_b ~ U(−0.6, 0.6) unless given. Generating values are rounded (loadings, thresholds, γs to 4
// decimals, effects to 6) BEFORE use, so truth.json holds exactly the values that generated the data.
//
// Randomness (seeded() only; same seeds → same bytes on every platform): the structure (γs, item
// parameters, local-dependence pairs, ecosystem effects) comes from `structureSeed` (default: `seed`), so
// recovery studies can hold the instrument fixed and redraw the population; everything else from `seed`. Each stage draws
// from its own fork, so e.g. changing the missing rate leaves the responses unchanged:
//   structure.fork(1) γs; fork(2) item parameters; fork(3) local-dependence pairs; fork(4) ecosystem effects;
//   data.fork(1) models (contributor, architecture, deployment, x, latent noise); fork(2) response
//   residuals; fork(3) missingness.
import { normCdfArray } from '@cartograph/core-wasm';
import { InputError } from '../util/errors.js';
import { seeded, type Rng } from '../util/rng.js';

export const ARCHITECTURES: readonly { name: string; probability: number }[] = [
  { name: 'LlamaForCausalLM', probability: 0.35 },
  { name: 'Qwen2ForCausalLM', probability: 0.2 },
  { name: 'MistralForCausalLM', probability: 0.15 },
  { name: 'Gemma2ForCausalLM', probability: 0.1 },
  { name: 'Phi3ForCausalLM', probability: 0.1 },
  { name: 'GPT2LMHeadModel', probability: 0.1 },
];

export const DEPLOYMENTS: readonly { name: string; probability: number }[] = [
  { name: 'pretrained', probability: 0.3 },
  { name: 'chat', probability: 0.3 },
  { name: 'fine-tuned', probability: 0.25 },
  { name: 'merge', probability: 0.15 },
];

const BENCHMARK_NAMES = ['reasoning', 'knowledge', 'math', 'reading', 'coding', 'commonsense', 'science', 'language', 'safety', 'instruction'];

export interface SimulateOptions {
  models: number;
  benchmarks: number;
  itemsPerBenchmark: number;
  seed: number;
  /** Seed of the instrument (γs, item parameters, dependent pairs); default `seed`. */
  structureSeed: number;
  /** Number of distinct contributors C; default round(models / 6) (the real v2 table has ≈ 6 models per contributor). */
  contributors: number;
  /** Zipf exponent s of the contributor distribution. */
  zipfExponent: number;
  log10ParamsMean: number;
  log10ParamsSd: number;
  /** γg: slope of θg on log10 params. */
  gammaG: number;
  /** γs per benchmark (one value is recycled); null = drawn U(−0.6, 0.6) from the structure seed. */
  gammaS: number[] | null;
  contributorVariance: number;
  architectureVariance: number;
  deploymentVariance: number;
  loadingG: [number, number];
  loadingS: [number, number];
  /** Locally dependent pairs within a benchmark. */
  ldPairs: number;
  /** Locally dependent pairs across two benchmarks. */
  ldCross: number;
  /** Residual correlation r of a dependent pair on the y* scale. */
  ldCorrelation: number;
  missingRate: number;
  missingBenchmarkRate: number;
  /** Benchmark names; default reasoning, knowledge, math, … (bench11, bench12, … beyond ten). */
  benchmarkNames: string[] | null;
}

export const SIMULATE_DEFAULTS: Omit<SimulateOptions, 'structureSeed' | 'contributors'> = {
  models: 600,
  benchmarks: 6,
  itemsPerBenchmark: 15,
  seed: 1,
  zipfExponent: 1,
  log10ParamsMean: 9.85,
  log10ParamsSd: 0.5,
  gammaG: 1,
  gammaS: null,
  contributorVariance: 0.15,
  architectureVariance: 0.05,
  deploymentVariance: 0.1,
  loadingG: [0.45, 0.8],
  loadingS: [0.25, 0.55],
  ldPairs: 3,
  ldCross: 1,
  ldCorrelation: 0.4,
  missingRate: 0,
  missingBenchmarkRate: 0,
  benchmarkNames: null,
};

/** Fills defaults and validates; a bad option throws an InputError naming it. */
export function resolveSimulateOptions(partial: Partial<SimulateOptions> = {}): SimulateOptions {
  const o = { ...SIMULATE_DEFAULTS, ...stripUndefined(partial) } as SimulateOptions;
  o.structureSeed = partial.structureSeed ?? o.seed;
  o.contributors = partial.contributors ?? Math.max(1, Math.round(o.models / 6));
  const bad = (opt: string, detail: string): never => {
    throw new InputError(`simulate option ${opt}`, 0, 0, detail);
  };
  const int = (opt: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) bad(opt, `must be an integer ≥ ${min}, got ${v}`);
  };
  int('models', o.models, 2);
  int('benchmarks', o.benchmarks, 1);
  int('itemsPerBenchmark', o.itemsPerBenchmark, 1);
  int('seed', o.seed, 0);
  int('structureSeed', o.structureSeed, 0);
  int('contributors', o.contributors, 1);
  int('ldPairs', o.ldPairs, 0);
  int('ldCross', o.ldCross, 0);
  if (o.seed > 0xffffffff || o.structureSeed > 0xffffffff) bad('seed', 'must be below 2^32');
  const fin = (opt: string, v: number, lo: number, hi: number): void => {
    if (!Number.isFinite(v) || v < lo || v > hi) bad(opt, `must be in [${lo}, ${hi}], got ${v}`);
  };
  fin('zipfExponent', o.zipfExponent, 0, 10);
  fin('log10ParamsSd', o.log10ParamsSd, 1e-6, 5);
  fin('log10ParamsMean', o.log10ParamsMean, 0, 20);
  fin('gammaG', o.gammaG, -100, 100);
  fin('contributorVariance', o.contributorVariance, 0, 1);
  fin('architectureVariance', o.architectureVariance, 0, 1);
  fin('deploymentVariance', o.deploymentVariance, 0, 1);
  fin('ldCorrelation', o.ldCorrelation, 0, 0.95);
  fin('missingRate', o.missingRate, 0, 0.99);
  fin('missingBenchmarkRate', o.missingBenchmarkRate, 0, 0.99);
  for (const [opt, r] of [['loadingG', o.loadingG], ['loadingS', o.loadingS]] as const) {
    if (r.length !== 2 || !(r[0] >= 0 && r[0] <= r[1] && r[1] < 1)) bad(opt, `must be MIN,MAX with 0 ≤ MIN ≤ MAX < 1, got ${r.join(',')}`);
  }
  const sx2 = o.log10ParamsSd ** 2;
  const residG = 1 - o.gammaG ** 2 * sx2 - o.contributorVariance - o.architectureVariance - o.deploymentVariance;
  if (!(residG > 0.01)) {
    bad('gammaG / variances', `γg²σx² + σc² + σa² + σd² = ${(1 - residG).toFixed(4)} leaves no residual variance for θg (must be < 0.99)`);
  }
  if (o.gammaS !== null) {
    if (o.gammaS.length !== 1 && o.gammaS.length !== o.benchmarks) bad('gammaS', `give one value or one per benchmark (${o.benchmarks}), got ${o.gammaS.length}`);
    for (const g of o.gammaS) {
      if (!Number.isFinite(g) || !(g * g * sx2 < 0.99)) bad('gammaS', `γs²σx² must be < 0.99, got γs = ${g}`);
    }
  }
  if (o.benchmarkNames !== null) {
    if (o.benchmarkNames.length !== o.benchmarks) bad('benchmarkNames', `need ${o.benchmarks} names, got ${o.benchmarkNames.length}`);
    if (new Set(o.benchmarkNames).size !== o.benchmarkNames.length) bad('benchmarkNames', 'names must be distinct');
  }
  if (o.ldPairs > 0 && o.itemsPerBenchmark < 2) bad('ldPairs', 'needs at least 2 items per benchmark');
  if (o.ldCross > 0 && o.benchmarks < 2) bad('ldCross', 'needs at least 2 benchmarks');
  if (2 * (o.ldPairs + o.ldCross) > o.benchmarks * o.itemsPerBenchmark) bad('ldPairs', 'more dependent pairs than items allow');
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface SimItem {
  id: string;
  benchmark: string;
  benchmarkIndex: number;
  loadingG: number;
  loadingS: number;
  threshold: number;
  /** ψ: residual variance of y* (includes the shared part of a dependent pair). */
  residualVariance: number;
  /** Population proportion correct Φ(−τ). */
  pCorrect: number;
}

export interface SimPair {
  itemA: number;
  itemB: number;
  acrossBenchmarks: boolean;
  residualCovariance: number;
  residualCorrelation: number;
}

export interface SimModel {
  id: string;
  name: string;
  log10Params: number;
  paramsB: number;
  contributor: string;
  contributorRank: number;
  architecture: string;
  deployment: string;
}

export interface Simulation {
  options: SimulateOptions;
  benchmarks: string[];
  /** γs per benchmark as used. */
  gammaS: number[];
  items: SimItem[];
  pairs: SimPair[];
  models: SimModel[];
  /** Population probability of each contributor (Zipf), in rank order. */
  contributorProbabilities: number[];
  /** Ecosystem effects (population values; weighted mean 0, weighted variance σ²). */
  contributorEffects: number[];
  architectureEffects: number[];
  deploymentEffects: number[];
  /** Population (model-weighted) variance of each ecosystem effect, from the rounded effects. */
  ecosystemVariance: { contributor: number; architecture: number; deployment: number };
  /** σeg²: variance of θg's own noise. */
  residualVarianceG: number;
  /** nModels: θg; nModels × B row-major: θs. */
  thetaG: Float64Array;
  thetaS: Float64Array;
  /** Per model, the components of θg: size, contributor, architecture, deployment, residual (nModels × 5). */
  thetaGParts: Float64Array;
  /** nModels × nItems, 0/1/255 = missing (same coding as ResponseMatrix). */
  responses: Uint8Array;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const uniformIn = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();

function categorical(rng: Rng, cumulative: readonly number[]): number {
  const u = rng.uniform() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumulative[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumsum(w: readonly number[]): number[] {
  let s = 0;
  return w.map((x) => (s += x));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function benchmarkNames(o: SimulateOptions): string[] {
  if (o.benchmarkNames) return [...o.benchmarkNames];
  return Array.from({ length: o.benchmarks }, (_, b) => BENCHMARK_NAMES[b] ?? `bench${b + 1}`);
}

/** Population factor correlation between θg and θs_b, and between θs_b and θs_b'. */
export function populationFactorCorrelations(o: SimulateOptions, gammaS: readonly number[]): number[][] {
  const sx2 = o.log10ParamsSd ** 2;
  const slopes = [o.gammaG, ...gammaS];
  return slopes.map((gi, i) => slopes.map((gk, k) => (i === k ? 1 : gi * gk * sx2)));
}

/** Draws one synthetic leaderboard. Pure: no I/O. */
export function simulate(partial: Partial<SimulateOptions> = {}): Simulation {
  const o = resolveSimulateOptions(partial);
  const N = o.models;
  const B = o.benchmarks;
  const K = o.itemsPerBenchmark;
  const J = B * K;
  const sx2 = o.log10ParamsSd ** 2;
  const names = benchmarkNames(o);

  // ---- structure ------------------------------------------------------------------------------
  const structure = seeded(o.structureSeed);
  const sGamma = structure.fork(1);
  const sItems = structure.fork(2);
  const sPairs = structure.fork(3);
  const sEffects = structure.fork(4);
  const gammaS = Array.from({ length: B }, (_, b) => (o.gammaS ? o.gammaS[o.gammaS.length === 1 ? 0 : b]! : r4(uniformIn(sGamma, -0.6, 0.6))));
  const rhoGS = gammaS.map((g) => o.gammaG * g * sx2);

  const zipfWeights = Array.from({ length: o.contributors }, (_, r) => Math.pow(r + 1, -o.zipfExponent));
  const zipfTotal = zipfWeights.reduce((a, b) => a + b, 0);
  const zipfProbabilities = zipfWeights.map((w) => w / zipfTotal);
  const archP = ARCHITECTURES.map((a) => a.probability);
  const depP = DEPLOYMENTS.map((d) => d.probability);
  const contributorEffects = standardizedEffects(sEffects, zipfProbabilities, o.contributorVariance);
  const architectureEffects = standardizedEffects(sEffects, archP, o.architectureVariance);
  const deploymentEffects = standardizedEffects(sEffects, depP, o.deploymentVariance);
  const ecoVariance = {
    contributor: weightedMoments(contributorEffects, zipfProbabilities).variance,
    architecture: weightedMoments(architectureEffects, archP).variance,
    deployment: weightedMoments(deploymentEffects, depP).variance,
  };
  const vD = ecoVariance.contributor + ecoVariance.architecture + ecoVariance.deployment;
  const residualVarianceG = 1 - o.gammaG ** 2 * sx2 - vD;
  // The (a + d) combinations with their probabilities, for the exact mixture proportions below.
  const adValue: number[] = [];
  const adProb: number[] = [];
  architectureEffects.forEach((a, i) => deploymentEffects.forEach((d, k) => (adValue.push(a + d), adProb.push(archP[i]! * depP[k]!))));

  const itemWidth = Math.max(2, String(K).length);
  const items: SimItem[] = [];
  for (let b = 0; b < B; b++) {
    const difficulty = uniformIn(sItems, -0.7, 0.5);
    for (let k = 0; k < K; k++) {
      let lg = uniformIn(sItems, o.loadingG[0], o.loadingG[1]);
      let ls = uniformIn(sItems, o.loadingS[0], o.loadingS[1]);
      const tau = r4(difficulty + uniformIn(sItems, -0.9, 0.9));
      const comm = lg * lg + ls * ls + 2 * lg * ls * rhoGS[b]!;
      if (comm > 0.85) {
        const f = Math.sqrt(0.85 / comm);
        lg *= f;
        ls *= f;
      }
      lg = r4(lg);
      ls = r4(ls);
      const psi = 1 - lg * lg - ls * ls - 2 * lg * ls * rhoGS[b]!;
      items.push({
        id: `${names[b]}_${pad(k + 1, itemWidth)}`,
        benchmark: names[b]!,
        benchmarkIndex: b,
        loadingG: lg,
        loadingS: ls,
        threshold: tau,
        residualVariance: psi,
        pCorrect: mixtureProportion(lg, tau, vD, contributorEffects, zipfProbabilities, adValue, adProb),
      });
    }
  }

  // Dependent pairs: within benchmark p mod B (or the next one with two free items), then across two
  // distinct benchmarks drawn at random (moved on to the next benchmarks with a free item when needed).
  const used = new Uint8Array(J);
  const freeIn = (b: number): number[] => {
    const free: number[] = [];
    for (let k = 0; k < K; k++) if (!used[b * K + k]) free.push(b * K + k);
    return free;
  };
  const noRoom = (): never => {
    throw new InputError('simulate option ldPairs/ldCross', 0, 0, `${o.ldPairs} within-benchmark and ${o.ldCross} cross-benchmark dependent pairs do not fit in ${B} benchmarks × ${K} items (each item is in at most one pair); lower --ld-pairs / --ld-cross`);
  };
  const nextWith = (start: number, need: number, avoid = -1): number => {
    for (let i = 0; i < B; i++) {
      const b = (start + i) % B;
      if (b !== avoid && freeIn(b).length >= need) return b;
    }
    return noRoom();
  };
  const pickFree = (b: number): number => {
    const free = freeIn(b);
    const j = free[sPairs.int(free.length)]!;
    used[j] = 1;
    return j;
  };
  const pairs: SimPair[] = [];
  const addPair = (a: number, c: number, across: boolean): void => {
    const pa = items[a]!.residualVariance;
    const pc = items[c]!.residualVariance;
    const r = r4(Math.min(o.ldCorrelation, 0.95 * Math.sqrt(Math.min(pa, pc) / Math.max(pa, pc))));
    pairs.push({ itemA: Math.min(a, c), itemB: Math.max(a, c), acrossBenchmarks: across, residualCorrelation: r, residualCovariance: r * Math.sqrt(pa * pc) });
  };
  for (let p = 0; p < o.ldPairs; p++) {
    const b = nextWith(p % B, 2);
    const a = pickFree(b);
    addPair(a, pickFree(b), false);
  }
  for (let q = 0; q < o.ldCross; q++) {
    const b1 = nextWith(sPairs.int(B), 1);
    const b2 = nextWith((b1 + 1 + sPairs.int(B - 1)) % B, 1, b1);
    addPair(pickFree(b1), pickFree(b2), true);
  }
  const pairOf = new Int32Array(J).fill(-1);
  pairs.forEach((p, i) => {
    pairOf[p.itemA] = i;
    pairOf[p.itemB] = i;
  });

  // ---- population draw ------------------------------------------------------------------------
  const data = seeded(o.seed);
  const dModels = data.fork(1);
  const dResp = data.fork(2);
  const dMiss = data.fork(3);

  const zipfCum = cumsum(zipfProbabilities);
  const archCum = cumsum(ARCHITECTURES.map((a) => a.probability));
  const depCum = cumsum(DEPLOYMENTS.map((d) => d.probability));
  const seg = Math.sqrt(residualVarianceG);
  const ses = gammaS.map((g) => Math.sqrt(1 - g * g * sx2));
  const centre = o.log10ParamsMean;

  const modelWidth = Math.max(4, String(N).length);
  const contribWidth = Math.max(3, String(o.contributors).length);
  const models: SimModel[] = [];
  const thetaG = new Float64Array(N);
  const thetaS = new Float64Array(N * B);
  const parts = new Float64Array(N * 5);
  for (let m = 0; m < N; m++) {
    const c = categorical(dModels, zipfCum);
    const a = categorical(dModels, archCum);
    const d = categorical(dModels, depCum);
    const x = r4(o.log10ParamsMean + o.log10ParamsSd * dModels.normal());
    const size = o.gammaG * (x - centre);
    const resid = seg * dModels.normal();
    parts.set([size, contributorEffects[c]!, architectureEffects[a]!, deploymentEffects[d]!, resid], m * 5);
    thetaG[m] = size + contributorEffects[c]! + architectureEffects[a]! + deploymentEffects[d]! + resid;
    for (let b = 0; b < B; b++) thetaS[m * B + b] = gammaS[b]! * (x - centre) + ses[b]! * dModels.normal();
    const paramsB = Number((10 ** (x - 9)).toPrecision(4));
    const contributor = `org-${pad(c + 1, contribWidth)}`;
    const family = ARCHITECTURES[a]!.name.replace(/For.*|LMHead.*/, '').toLowerCase();
    models.push({
      id: `m${pad(m + 1, modelWidth)}`,
      name: `${contributor}/${family}-${formatSize(paramsB)}-${DEPLOYMENTS[d]!.name}-${pad(m + 1, modelWidth)}`,
      log10Params: x,
      paramsB,
      contributor,
      contributorRank: c + 1,
      architecture: ARCHITECTURES[a]!.name,
      deployment: DEPLOYMENTS[d]!.name,
    });
  }

  // ---- responses ------------------------------------------------------------------------------
  const responses = new Uint8Array(N * J);
  const eta = new Float64Array(pairs.length);
  const share = pairs.map((p) => Math.sqrt(p.residualCovariance));
  const own = items.map((it, j) => Math.sqrt(it.residualVariance - (pairOf[j]! >= 0 ? pairs[pairOf[j]!]!.residualCovariance : 0)));
  for (let m = 0; m < N; m++) {
    for (let p = 0; p < pairs.length; p++) eta[p] = dResp.normal();
    const tg = thetaG[m]!;
    for (let j = 0; j < J; j++) {
      const it = items[j]!;
      const p = pairOf[j]!;
      const e = own[j]! * dResp.normal() + (p >= 0 ? share[p]! * eta[p]! : 0);
      const ystar = it.loadingG * tg + it.loadingS * thetaS[m * B + it.benchmarkIndex]! + e;
      responses[m * J + j] = ystar > it.threshold ? 1 : 0;
    }
  }

  // ---- missingness (MCAR) ---------------------------------------------------------------------
  if (o.missingRate > 0 || o.missingBenchmarkRate > 0) {
    for (let m = 0; m < N; m++) {
      for (let b = 0; b < B; b++) {
        const dropBench = dMiss.uniform() < o.missingBenchmarkRate;
        for (let k = 0; k < K; k++) {
          const dropCell = dMiss.uniform() < o.missingRate;
          if (dropBench || dropCell) responses[m * J + b * K + k] = 255;
        }
      }
    }
  }

  return {
    options: o,
    benchmarks: names,
    gammaS,
    items,
    pairs,
    models,
    contributorProbabilities: zipfProbabilities,
    contributorEffects,
    architectureEffects,
    deploymentEffects,
    ecosystemVariance: ecoVariance,
    residualVarianceG,
    thetaG,
    thetaS,
    thetaGParts: parts,
    responses,
  };
}

/** Weighted mean and variance Σp x, Σp (x − mean)². */
export function weightedMoments(x: readonly number[], p: readonly number[]): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += p[i]! * x[i]!;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += p[i]! * (x[i]! - mean) ** 2;
  return { mean, variance };
}

/** N(0,1) draws centred and scaled to weighted mean 0 and weighted variance `variance`, rounded to 6 decimals. */
function standardizedEffects(rng: Rng, p: readonly number[], variance: number): number[] {
  const z = p.map(() => rng.normal());
  if (variance === 0 || p.length < 2) return z.map(() => 0);
  const { mean, variance: v } = weightedMoments(z, p);
  const f = Math.sqrt(variance / v);
  return z.map((x) => r6((x - mean) * f));
}

/** Exact population P(y* > τ) over the ecosystem mixture (see the header). */
function mixtureProportion(
  lg: number,
  tau: number,
  vD: number,
  contributorEffects: readonly number[],
  contributorP: readonly number[],
  adValue: readonly number[],
  adProb: readonly number[],
): number {
  const s = Math.sqrt(1 - lg * lg * vD);
  const n = contributorEffects.length * adValue.length;
  const args = new Float64Array(n);
  let i = 0;
  for (const u of contributorEffects) for (const ad of adValue) args[i++] = (lg * (u + ad) - tau) / s;
  const cdf = normCdfArray(args);
  let p = 0;
  i = 0;
  for (const pc of contributorP) for (const pad of adProb) p += pc * pad * cdf[i++]!;
  return p;
}

function formatSize(paramsB: number): string {
  return paramsB >= 1 ? `${Number(paramsB.toPrecision(2))}b` : `${Number((paramsB * 1000).toPrecision(2))}m`;
}
