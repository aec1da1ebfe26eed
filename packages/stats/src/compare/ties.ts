// runTies: which of the top N models can be told apart? Marginal rank confidence sets (Mogstad, Romano,
// Shaikh & Wilhelm 2024, "Inference for ranks with applications to mobility across neighbourhoods and
// academic achievement across countries", Rev. Econ. Stud. 91(1):476–518, §3): for model j, simultaneous
// two-sided intervals for its differences to every other model k,
//     δ_jk ∈ δ̂_jk ± ĉ_j·se_jk,   ĉ_j = the (1 − α) quantile of max_{k≠j} |δ*_jk − δ̂_jk| / se_jk
// over a paired bootstrap of the items (the same resampled items for every model, within each benchmark).
// Then, with K models, rank(j) ∈ [1 + #{k: interval of δ_kj above 0}, K − #{k: interval of δ_jk above 0}]
// covers j's true rank with probability ≥ 1 − α (asymptotically). "Not significantly different" is a
// statement about one pair's interval, so the sets need no transitivity.
// The top N are the N highest scores on the chosen items (ties broken by input order). The sets are computed
// against all K models (ranks are ranks among all K, and a model outside the top N that cannot be told apart
// widens a band), which is how the selection of the N is accounted for: each band is a marginal statement
// about a model's rank among all models. The joint bands (joint_rank_lo/hi) use one critical value for all
// comparisons involving a top-N model, so all N bands hold together with probability ≥ 1 − α.
// Score = mean of the benchmark means (the leaderboard's average), or one benchmark's accuracy.
import { MISSING, benchmarksOf, type Leaderboard } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { quantile7 } from './paired.js';
import type { RunCallbacks } from '../util/progress.js';

export interface TiesOptions extends RunCallbacks {
  /** How many of the best models to report (default 10). */
  top?: number;
  /** Rank on one benchmark (default: the mean of the benchmark means over all benchmarks). */
  benchmark?: string | null;
  alpha?: number;
  /** Bootstrap draws (default 1000) and seed (default 1). */
  draws?: number;
  seed?: number;
}

export interface TiesModel {
  model: string;
  score: number;
  /** 1 + the number of models with a higher score. */
  rank: number;
  rank_lo: number;
  rank_hi: number;
  joint_rank_lo: number;
  joint_rank_hi: number;
  /** Critical value ĉ_j of the model's simultaneous intervals. */
  critical_value: number;
  /** Top-N models this one cannot be told apart from. */
  tied_with: string[];
  /** Models (of all K) whose interval is entirely above / below. */
  n_better: number;
  n_worse: number;
  band: string;
}

export interface TiesReport {
  schema_version: 1;
  kind: 'ties';
  scope: string;
  n_models: number;
  n_items: number;
  benchmarks: string[];
  top: number;
  alpha: number;
  draws: number;
  seed: number;
  joint_critical_value: number;
  rule: string;
  method: string;
  models: TiesModel[];
  /** Groups of consecutive top-N models that cannot be told apart from the first of the group. */
  tie_groups: string[][];
  excluded_models: number;
  skipped: { part: string; reason: string }[];
  notes: string[];
}

export function runTies(lb: Leaderboard, options: TiesOptions = {}): TiesReport {
  const alpha = options.alpha ?? 0.05;
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  if (!lb.responses) throw new InputError('(scores)', 0, 0, 'tie groups need item responses (a paired bootstrap over items); a benchmark-score table has none');
  if (!(draws >= 100)) throw new RangeError(`runTies: at least 100 bootstrap draws, got ${draws}`);
  const r = lb.responses;
  const J0 = r.nItems;
  const allBench = benchmarksOf(lb.items);
  let benches = allBench;
  if (options.benchmark) {
    if (!allBench.includes(options.benchmark)) throw new InputError('(items)', 0, 0, `unknown benchmark "${options.benchmark}" (benchmarks: ${allBench.join(', ')})`);
    benches = [options.benchmark];
  }
  const cols = benches.map((b) => lb.items.map((it, j) => (it.benchmark === b ? j : -1)).filter((j) => j >= 0));
  // complete-case models on these items
  const models: number[] = [];
  for (let m = 0; m < r.nModels; m++) {
    let ok = true;
    for (const cs of cols) {
      for (const j of cs) if (r.values[m * J0 + j] === MISSING) { ok = false; break; }
      if (!ok) break;
    }
    if (ok) models.push(m);
  }
  const excluded = r.nModels - models.length;
  const K = models.length;
  if (K < 2) throw new InputError('(responses)', 0, 0, `fewer than 2 models answered every item of ${options.benchmark ?? 'all benchmarks'} (${K}); rank sets need models compared on the same items`);
  const top = Math.min(options.top ?? 10, K);
  if (!(top >= 1)) throw new RangeError('runTies: top must be at least 1');
  const flat = cols.flat();
  const n = flat.length;
  const nB = cols.length;
  // Y: K × n (items grouped by benchmark); weight of item i = 1/(nB·n_b)
  const Y = new Uint8Array(K * n);
  models.forEach((m, k) => flat.forEach((j, t) => (Y[k * n + t] = r.values[m * J0 + j]!)));
  const w = new Float64Array(n);
  const stratum = new Int32Array(n);
  {
    let o = 0;
    cols.forEach((cs, b) => {
      for (let t = 0; t < cs.length; t++) {
        w[o + t] = 1 / (nB * cs.length);
        stratum[o + t] = b;
      }
      o += cs.length;
    });
  }
  const score = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += w[t]! * Y[k * n + t]!;
    score[k] = s;
  }
  const order = Array.from({ length: K }, (_, k) => k).sort((x, y) => score[y]! - score[x]! || x - y);
  const topIdx = order.slice(0, top);
  // se_jk for j in the top N: Var(Σ_b mean_b(d)/nB) = Σ_b s²_b/(n_b·nB²)
  const se = topIdx.map((j) => {
    const out = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      if (k === j) continue;
      let v = 0;
      let o = 0;
      for (const cs of cols) {
        const nb = cs.length;
        let s1 = 0;
        let s2 = 0;
        for (let t = o; t < o + nb; t++) {
          const d = Y[j * n + t]! - Y[k * n + t]!;
          s1 += d;
          s2 += d * d;
        }
        if (nb > 1) v += (s2 - (s1 * s1) / nb) / (nb - 1) / nb / (nB * nB);
        o += nb;
      }
      out[k] = Math.sqrt(Math.max(0, v));
    }
    return out;
  });
  // bootstrap of the max statistics
  const rng = new Rng(seed);
  const strataStart: number[] = [];
  {
    let o = 0;
    for (const cs of cols) {
      strataStart.push(o);
      o += cs.length;
    }
  }
  const cnt = new Float64Array(n);
  const sStar = new Float64Array(K);
  const T = topIdx.map(() => new Float64Array(draws));
  const Tjoint = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    if (d % 50 === 0) options.onProgress?.({ stage: 'bootstrap', done: d, total: draws });
    cnt.fill(0);
    cols.forEach((cs, b) => {
      const o = strataStart[b]!;
      for (let t = 0; t < cs.length; t++) cnt[o + rng.int(cs.length)]! += 1;
    });
    const used: number[] = [];
    for (let t = 0; t < n; t++) if (cnt[t]! > 0) used.push(t);
    for (let k = 0; k < K; k++) {
      let s = 0;
      const row = k * n;
      for (const t of used) if (Y[row + t]) s += cnt[t]! * w[t]!;
      sStar[k] = s;
    }
    let jm = 0;
    topIdx.forEach((j, q) => {
      let mx = 0;
      const sej = se[q]!;
      const dj = sStar[j]! - score[j]!;
      for (let k = 0; k < K; k++) {
        if (k === j) continue;
        const s = sej[k]!;
        if (!(s > 0)) continue;
        const v = Math.abs(dj - (sStar[k]! - score[k]!)) / s;
        if (v > mx) mx = v;
      }
      T[q]![d] = mx;
      if (mx > jm) jm = mx;
    });
    Tjoint[d] = jm;
  }
  const crit = T.map((t) => quantile7(t.slice().sort(), 1 - alpha));
  const cJoint = quantile7(Tjoint.slice().sort(), 1 - alpha);
  const ids = models.map((m) => lb.models[m]!.id);
  const rankOf = (k: number): number => {
    let c = 1;
    for (let i = 0; i < K; i++) if (score[i]! > score[k]!) c++;
    return c;
  };
  const bands = (q: number, c: number): { lo: number; hi: number; better: number[]; worse: number[] } => {
    const j = topIdx[q]!;
    const better: number[] = [];
    const worse: number[] = [];
    for (let k = 0; k < K; k++) {
      if (k === j) continue;
      const dlt = score[j]! - score[k]!;
      const s = se[q]![k]!;
      const h = s > 0 ? c * s : 0;
      if (dlt - h > 0) worse.push(k);
      else if (dlt + h < 0) better.push(k);
    }
    return { lo: 1 + better.length, hi: K - worse.length, better, worse };
  };
  const out: TiesModel[] = topIdx.map((j, q) => {
    const m = bands(q, crit[q]!);
    const mj = bands(q, cJoint);
    const sep = new Set([...m.better, ...m.worse]);
    const tied = topIdx.filter((k) => k !== j && !sep.has(k)).map((k) => ids[k]!);
    return {
      model: ids[j]!,
      score: score[j]!,
      rank: rankOf(j),
      rank_lo: m.lo,
      rank_hi: m.hi,
      joint_rank_lo: mj.lo,
      joint_rank_hi: mj.hi,
      critical_value: crit[q]!,
      tied_with: tied,
      n_better: m.better.length,
      n_worse: m.worse.length,
      band: `${ids[j]!}: rank ${m.lo === m.hi ? m.lo : `${m.lo}–${m.hi}`}`,
    };
  });
  // tie groups: walk down the top N; a group = the first model and the following ones it cannot be told apart from
  const groups: string[][] = [];
  let q = 0;
  while (q < top) {
    const g = [out[q]!.model];
    let e = q + 1;
    while (e < top && out[q]!.tied_with.includes(out[e]!.model)) g.push(out[e++]!.model);
    groups.push(g);
    q = e;
  }
  const scope = options.benchmark ? `accuracy on ${options.benchmark}` : nB > 1 ? `mean of the ${nB} benchmark accuracies` : `accuracy on ${benches[0]}`;
  const notes = [
    `Each band covers that model's rank among all ${K} models with probability ≥ ${Math.round(100 * (1 - alpha))} % (marginal); the joint bands hold for all ${top} together.`,
    'Two models "cannot be told apart" when the simultaneous interval of their difference contains 0; this needs no transitivity (A ~ B and B ~ C does not imply A ~ C).',
    'Uncertainty is over the items (a different draw of items from the same population); the models are fixed.',
  ];
  if (excluded > 0) notes.push(`${excluded} models without a response on every item of the scope were left out (ranks are among the ${K} complete models).`);
  return {
    schema_version: 1,
    kind: 'ties',
    scope,
    n_models: K,
    n_items: n,
    benchmarks: benches,
    top,
    alpha,
    draws,
    seed,
    joint_critical_value: cJoint,
    rule: `top ${top} = the ${top} highest ${scope} (ties broken by input order); rank sets computed against all ${K} models`,
    method: `Mogstad, Romano, Shaikh & Wilhelm (2024) marginal rank confidence sets: simultaneous intervals of each top model's differences to all others from the ${Math.round(100 * (1 - alpha))} % quantile of the bootstrap max-|t| statistic (${draws} paired draws of the items${nB > 1 ? ', within each benchmark' : ''}, seed ${seed})`,
    models: out,
    tie_groups: groups,
    excluded_models: excluded,
    skipped: [],
    notes,
  };
}

/** Vega-Lite spec (plain JSON) of the rank bands: one row per model, a bar from rank_lo to rank_hi and a point at the rank. */
export function tiesChart(rep: TiesReport): Record<string, unknown> {
  const values = rep.models.map((m, i) => ({ model: m.model, order: i, rank: m.rank, rank_lo: m.rank_lo, rank_hi: m.rank_hi, joint_rank_lo: m.joint_rank_lo, joint_rank_hi: m.joint_rank_hi, score: m.score }));
  const y = { field: 'model', type: 'nominal', sort: { field: 'order' }, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Rank bands of the top ${rep.top} (${Math.round(100 * (1 - rep.alpha))} %, among ${rep.n_models} models)`, subtitle: rep.scope },
    width: 480,
    height: { step: 22 },
    data: { values },
    layer: [
      { mark: { type: 'rule', color: '#bbbbbb', strokeWidth: 2 }, encoding: { y, x: { field: 'joint_rank_lo', type: 'quantitative', title: 'rank (1 = best)', scale: { zero: false } }, x2: { field: 'joint_rank_hi' } } },
      { mark: { type: 'rule', color: '#3b6ea5', strokeWidth: 6 }, encoding: { y, x: { field: 'rank_lo', type: 'quantitative' }, x2: { field: 'rank_hi' }, tooltip: [{ field: 'model' }, { field: 'rank' }, { field: 'rank_lo' }, { field: 'rank_hi' }, { field: 'score', format: '.3f' }] } },
      { mark: { type: 'point', filled: true, color: '#000000', size: 40 }, encoding: { y, x: { field: 'rank', type: 'quantitative' } } },
    ],
  };
}
