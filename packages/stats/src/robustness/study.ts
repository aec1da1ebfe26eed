// One replicate of the robustness studies (issue 14), deterministic given (plan, kind, r):
//   bootstrap r    `subsample` items per benchmark drawn without replacement (stream bootstrap:r), every
//                  structure refitted; fit indices, statuses, the selected structure, standardized loadings
//   reference 0    every structure on the whole item pool (the full-data estimates of the aggregation)
//   permutation r  the analysis item set (drawn once from stream analysis:0) with its benchmark labels
//                  randomly reassigned, benchmark sizes kept (stream permutation:r); r = 0 is the observed
//                  labelling; the label-dependent structures refitted
//   oos r          fold r of `folds` over models (clustered by contributor when known; stream folds:0):
//                  sample statistics and fits on the training models only (pool statistics cached per model
//                  set), a random half of each held-out model's items per benchmark hidden (stream oos:r) and
//                  predicted from the visible half by every structure and two baselines
import type { ItemMeta } from '../data/leaderboard.js';
import { buildStructure, cfaSampleStats, fitAdmissible, fitCfa, prepareCfaData, type CfaResult, type CfaSampleStats, type CfaState, type StructureName } from '../cfa/index.js';
import { ResponseMatrix } from '../data/leaderboard.js';
import { pnorm } from '../math/index.js';
import { poolStats, replicateRng, selectStats, type ReplicateData, type ReplicateId } from '../replicate/index.js';
import type { Rng } from '../util/rng.js';
import { posterior, predictItem, predictor } from './oos.js';
import type { FitSummary, OosCells, RobustnessOptions, RobustnessPlan, RobustnessResult } from './types.js';

export const LABEL_FREE: readonly string[] = ['general'];

/** Benchmarks of the pool in first-appearance order with their pool item indices. */
export function benchmarkGroups(items: readonly ItemMeta[]): [string, number[]][] {
  const m = new Map<string, number[]>();
  items.forEach((it, j) => {
    if (!m.has(it.benchmark)) m.set(it.benchmark, []);
    m.get(it.benchmark)!.push(j);
  });
  return [...m.entries()];
}

/** k items per benchmark without replacement (all when a benchmark has ≤ k), ascending pool indices. */
export function drawItems(rng: Rng, items: readonly ItemMeta[], k: number): number[] {
  const out: number[] = [];
  for (const [, idx] of benchmarkGroups(items)) {
    if (idx.length <= k) out.push(...idx);
    else out.push(...rng.shuffle([...idx]).slice(0, k));
  }
  return out.sort((a, b) => a - b);
}

export function analysisItems(plan: RobustnessPlan, data: ReplicateData): number[] {
  return drawItems(replicateRng(plan, { kind: 'analysis', r: 0 }), data.items, plan.options.subsample);
}

/** Folds over models: clusters (contributor, else the model itself) in a seeded order, each to the currently smallest fold. */
export function foldsOf(plan: RobustnessPlan, data: ReplicateData): Int32Array {
  const K = plan.options.folds;
  const clusters = new Map<string, number[]>();
  data.models.forEach((id, m) => {
    const key = data.contributors[m] ? `c:${data.contributors[m]}` : `m:${id}`;
    if (!clusters.has(key)) clusters.set(key, []);
    clusters.get(key)!.push(m);
  });
  const keys = [...clusters.keys()].sort();
  replicateRng(plan, { kind: 'folds', r: 0 }).shuffle(keys);
  const size = new Array<number>(K).fill(0);
  const fold = new Int32Array(data.models.length);
  for (const key of keys) {
    let best = 0;
    for (let f = 1; f < K; f++) if (size[f]! < size[best]!) best = f;
    for (const m of clusters.get(key)!) fold[m] = best;
    size[best] = size[best]! + clusters.get(key)!.length;
  }
  return fold;
}

function summarize(r: CfaResult, withLoadings: boolean): FitSummary {
  const f = r.fit;
  const out: FitSummary = {
    structure: r.structure,
    status: r.status,
    n_parameters: r.n_parameters,
    df: f ? f.df : null,
    chisq_scaled_df: f && f.df > 0 ? f.chisq_scaled / f.df : null,
    cfi_scaled: f ? f.cfi_scaled : null,
    tli_scaled: f ? f.tli_scaled : null,
    rmsea_scaled: f ? f.rmsea_scaled : null,
    srmr: f ? f.srmr : null,
    fmin: r.converged ? r.fmin : null,
    ecv: r.bifactor_indices?.ecv ?? null,
    omega_h: r.bifactor_indices?.omega_h ?? null,
  };
  if (withLoadings && (r.status === 'admissible' || r.status === 'boundary')) out.loadings = r.loadings.map((l) => [l.factor, l.item, l.std_all, l.std_se]);
  return out;
}

export function isUsable(f: FitSummary): boolean {
  return (f.status === 'admissible' || f.status === 'boundary') && f.cfi_scaled !== null && f.rmsea_scaled !== null && Number.isFinite(f.cfi_scaled) && Number.isFinite(f.rmsea_scaled);
}

/** The selection rule (named in the report by ruleDescription). */
export function selectStructure(fits: readonly FitSummary[], o: Pick<RobustnessOptions, 'rule' | 'cfi_margin' | 'rmsea_margin'>): string | null {
  const usable = fits.filter(isUsable);
  if (usable.length === 0) return null;
  const byParsimony = (a: FitSummary, b: FitSummary) => a.n_parameters - b.n_parameters || a.rmsea_scaled! - b.rmsea_scaled! || (a.structure < b.structure ? -1 : 1);
  if (o.rule === 'cfi') return [...usable].sort((a, b) => b.cfi_scaled! - a.cfi_scaled! || byParsimony(a, b))[0]!.structure;
  if (o.rule === 'rmsea') return [...usable].sort((a, b) => a.rmsea_scaled! - b.rmsea_scaled! || byParsimony(a, b))[0]!.structure;
  const bestCfi = Math.max(...usable.map((f) => f.cfi_scaled!));
  const bestRmsea = Math.min(...usable.map((f) => f.rmsea_scaled!));
  const cands = usable.filter((f) => f.cfi_scaled! >= bestCfi - o.cfi_margin && f.rmsea_scaled! <= bestRmsea + o.rmsea_margin);
  return cands.sort(byParsimony)[0]!.structure;
}

export function ruleDescription(o: Pick<RobustnessOptions, 'rule' | 'cfi_margin' | 'rmsea_margin'>): string {
  if (o.rule === 'cfi') return 'highest scaled CFI among usable fits (status admissible or boundary); ties → fewer parameters';
  if (o.rule === 'rmsea') return 'lowest scaled RMSEA among usable fits (status admissible or boundary); ties → fewer parameters';
  return `parsimony (default): among usable fits (status admissible or boundary), the structure with the fewest free parameters whose scaled CFI is within ${o.cfi_margin} of the best and whose scaled RMSEA is within ${o.rmsea_margin} of the best (ties → lower scaled RMSEA). At thousands of models every difference test rejects and the highest CFI favours the most parameters; a rule that only ranks by fit would make the answer automatic.`;
}

/** Fits the structures on one set of sample statistics; items carry the (possibly permuted) labels. */
export function fitStructures(stats: CfaSampleStats, items: ItemMeta[], structures: readonly StructureName[], admissible: boolean, withLoadings: boolean): { fits: FitSummary[]; states: Map<string, CfaState> } {
  const data = prepareCfaData(stats);
  const fits: FitSummary[] = [];
  const states = new Map<string, CfaState>();
  for (const s of structures) {
    try {
      const spec = buildStructure(s, items);
      const { result, state } = admissible ? fitAdmissible(data, spec) : fitCfa(data, spec);
      fits.push(summarize(result, withLoadings));
      if (state && (result.status === 'admissible' || result.status === 'boundary')) states.set(s, state);
    } catch (e) {
      fits.push({ structure: s, status: 'not_converged', n_parameters: 0, df: null, chisq_scaled_df: null, cfi_scaled: null, tli_scaled: null, rmsea_scaled: null, srmr: null, fmin: null, ecv: null, omega_h: null });
      void e;
    }
  }
  return { fits, states };
}

export function runRobustnessReplicate(plan: RobustnessPlan, data: ReplicateData, id: ReplicateId): RobustnessResult {
  const o = plan.options;
  const base = { plan_hash: plan.plan_hash, kind: id.kind, r: id.r };
  const rng = replicateRng(plan, id);
  if (id.kind === 'bootstrap' || id.kind === 'reference') {
    const sel = id.kind === 'reference' ? data.items.map((_, j) => j) : drawItems(rng, data.items, o.subsample);
    // With resample_models, the models are drawn with replacement by cluster (contributor, else the model):
    // the statistics change with the model set, so they are computed on the drawn rows and the selected items.
    const stats = id.kind === 'bootstrap' && o.resample_models ? resampledStats(data, sel, rng) : selectStats(poolStats(data, null), sel);
    const { fits } = fitStructures(stats, sel.map((j) => data.items[j]!), o.structures, o.admissible, true);
    return { ...base, items: sel, fits, selected: selectStructure(fits, o) };
  }
  if (id.kind === 'permutation') {
    const sel = analysisItems(plan, data);
    const truth = sel.map((j) => data.items[j]!.benchmark);
    const labels = id.r === 0 ? truth : rng.shuffle([...truth]);
    const items = sel.map((j, u) => ({ id: data.items[j]!.id, benchmark: labels[u]!, extra: {} }));
    const stats = selectStats(poolStats(data, null), sel);
    const structures = o.structures.filter((s) => !LABEL_FREE.includes(s));
    const { fits } = fitStructures(stats, items, structures, o.admissible, false);
    return { ...base, items: sel, labels, fits };
  }
  if (id.kind === 'oos') return runOosFold(plan, data, id.r, rng, base);
  throw new RangeError(`unknown replicate kind '${id.kind}'`);
}

function runOosFold(plan: RobustnessPlan, data: ReplicateData, fold: number, rng: Rng, base: { plan_hash: string; kind: string; r: number }): RobustnessResult {
  const o = plan.options;
  const folds = foldsOf(plan, data);
  const train: number[] = [];
  const test: number[] = [];
  folds.forEach((f, m) => (f === fold ? test : train).push(m));
  const sel = analysisItems(plan, data);
  const stats = selectStats(poolStats(data, train), sel);
  const items = sel.map((j) => data.items[j]!);
  const { fits, states } = fitStructures(stats, items, o.structures, o.admissible, false);
  const predictors = new Map<string, ReturnType<typeof predictor>>();
  for (const [s, st] of states) {
    try {
      predictors.set(s, predictor(st));
    } catch {
      /* no prediction from this structure in this fold (its cells stay null) */
    }
  }
  // Item difficulty on the training models: P(correct) = 1 − Φ(τ).
  const pTrain = sel.map((_, u) => pnorm(-stats.thresholds[u]!));
  const groups = new Map<string, number[]>();
  items.forEach((it, u) => {
    if (!groups.has(it.benchmark)) groups.set(it.benchmark, []);
    groups.get(it.benchmark)!.push(u);
  });
  const J = data.items.length;
  const cells: OosCells = { model: [], item: [], y: [], pred: {} };
  const names = [...o.structures, 'visible_proportion', 'item_difficulty'];
  for (const n of names) cells.pred[n] = [];
  for (const m of test) {
    const hidden: number[] = [];
    const visible: number[] = [];
    const visProp = new Map<number, number>();
    for (const [, us] of groups) {
      const order = rng.shuffle([...us]);
      const h = order.slice(0, Math.floor(us.length / 2)).sort((a, b) => a - b);
      const v = order.slice(Math.floor(us.length / 2)).sort((a, b) => a - b);
      hidden.push(...h);
      visible.push(...v);
      let s = 0;
      for (const u of v) s += data.responses.values[m * J + sel[u]!]!;
      const p = v.length ? s / v.length : 0.5;
      for (const u of h) visProp.set(u, p);
    }
    const yVis = visible.map((u) => data.responses.values[m * J + sel[u]!]!);
    const post = new Map<string, { mu: Float64Array; sigma: Float64Array }>();
    for (const [s, p] of predictors) post.set(s, posterior(p, visible, yVis));
    for (const u of hidden.sort((a, b) => a - b)) {
      cells.model.push(m);
      cells.item.push(sel[u]!);
      cells.y.push(data.responses.values[m * J + sel[u]!]!);
      for (const s of o.structures) {
        const p = predictors.get(s);
        const q = post.get(s);
        cells.pred[s]!.push(p && q ? predictItem(p, u, q.mu, q.sigma) : null);
      }
      cells.pred.visible_proportion!.push(visProp.get(u)!);
      cells.pred.item_difficulty!.push(pTrain[u]!);
    }
  }
  return { ...base, items: sel, fits, oos: cells };
}

/** Clusters of models: contributor where known, else the model itself (sorted keys, deterministic). */
function modelClusters(data: ReplicateData): number[][] {
  const m = new Map<string, number[]>();
  data.models.forEach((id, i) => {
    const key = data.contributors[i] ? `c:${data.contributors[i]}` : `m:${id}`;
    if (!m.has(key)) m.set(key, []);
    m.get(key)!.push(i);
  });
  return [...m.keys()].sort().map((k) => m.get(k)!);
}

/** Sample statistics of the items `sel` on a cluster bootstrap of the models. */
function resampledStats(data: ReplicateData, sel: number[], rng: Rng): CfaSampleStats {
  const clusters = modelClusters(data);
  const rows: number[] = [];
  for (let c = 0; c < clusters.length; c++) rows.push(...clusters[rng.int(clusters.length)]!);
  const J = data.items.length;
  const resp = new ResponseMatrix(rows.length, sel.length);
  rows.forEach((m, n) => sel.forEach((j, u) => (resp.values[n * sel.length + u] = data.responses.values[m * J + j]!)));
  return cfaSampleStats(resp, sel.map((j) => data.items[j]!.id), { missing: 'listwise' }).stats;
}
