// Reduction of the robustness replicates into the report (order-independent: collectResults sorts by
// kind and r before anything is summed; every random step of the reduction has its own stream).
import { FIT_STATUSES } from '../cfa/index.js';
import { qnorm } from '../math/index.js';
import { replicateRng } from '../replicate/index.js';
import { isUsable, LABEL_FREE, ruleDescription } from './study.js';
import type { FitSummary, OosCells, Quantiles, RobustnessPlan, RobustnessResult } from './types.js';

export const FIT_INDICES = ['chisq_scaled_df', 'cfi_scaled', 'tli_scaled', 'rmsea_scaled', 'srmr'] as const;
type FitIndex = (typeof FIT_INDICES)[number];
/** Direction of better fit. */
const HIGHER_IS_BETTER: Record<FitIndex, boolean> = { chisq_scaled_df: false, cfi_scaled: true, tli_scaled: true, rmsea_scaled: false, srmr: false };

/** Type-7 quantile of sorted values. */
function q7(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

export function quantiles(values: number[]): Quantiles {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = v.length;
  const mean = n ? v.reduce((s, x) => s + x, 0) / n : null;
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean!) ** 2, 0) / (n - 1)) : null;
  return { n, mean, sd, q025: q7(v, 0.025), q25: q7(v, 0.25), q50: q7(v, 0.5), q75: q7(v, 0.75), q975: q7(v, 0.975) };
}

/** Wilson score interval for x of n at 95 % (Wilson 1927). */
export function wilson(x: number, n: number, level = 0.95): [number, number] | null {
  if (n === 0) return null;
  const z = qnorm(1 - (1 - level) / 2);
  const p = x / n;
  const den = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / den;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

export interface BootstrapReport {
  replicates: number;
  failed: { r: number; error: string }[];
  /** Replicates with at least one usable fit (the denominator of the selection rates). */
  replicates_with_usable_fit: number;
  rule: string;
  structures: {
    structure: string;
    status_counts: Record<string, number>;
    /** Usable fits (admissible or boundary): the denominator of this structure's fit distributions. */
    usable: number;
    fit: Record<FitIndex, Quantiles>;
    selected: number;
    selection_rate: number | null;
    selection_interval: [number, number] | null;
  }[];
  interpretation: string;
}

function bootstrapReport(plan: RobustnessPlan, res: RobustnessResult[]): BootstrapReport {
  const o = plan.options;
  const ok = res.filter((r) => !r.error && r.fits);
  const failed = res.filter((r) => r.error).map((r) => ({ r: r.r, error: r.error! }));
  const withUsable = ok.filter((r) => r.selected !== null).length;
  const structures = o.structures.map((s) => {
    const fits = ok.map((r) => r.fits!.find((f) => f.structure === s)).filter((f): f is FitSummary => !!f);
    const status_counts: Record<string, number> = {};
    for (const st of FIT_STATUSES) status_counts[st] = fits.filter((f) => f.status === st).length;
    const usable = fits.filter(isUsable);
    const fit = Object.fromEntries(FIT_INDICES.map((k) => [k, quantiles(usable.map((f) => f[k]!).filter((x) => x !== null))])) as Record<FitIndex, Quantiles>;
    const selected = ok.filter((r) => r.selected === s).length;
    return { structure: s, status_counts, usable: usable.length, fit, selected, selection_rate: withUsable ? selected / withUsable : null, selection_interval: wilson(selected, withUsable) };
  });
  const top = [...structures].sort((a, b) => b.selected - a.selected)[0];
  return {
    replicates: res.length,
    failed,
    replicates_with_usable_fit: withUsable,
    rule: ruleDescription(o),
    structures,
    interpretation: `Selection rates are the share of item-resampled replicates (${o.subsample} items per benchmark drawn without replacement; ${o.resample_models ? 'models resampled by contributor cluster' : 'models fixed'}) in which each structure is selected by the rule above (Lubke et al. 2017, Struct. Equ. Modeling 24:230–245), with 95 % Wilson intervals over the ${withUsable} replicates with a usable fit. ${top && top.selection_rate !== null ? `'${top.structure}' is selected in ${(100 * top.selection_rate).toFixed(0)} % of them.` : ''} The rates say how stable the choice is under a change of items, not how likely a structure is to be true; replicates share models and most items, so the interval is for this design, not for new models.`,
  };
}

export interface PermutationReport {
  permutations: number;
  failed: { r: number; error: string }[];
  structures: {
    structure: string;
    observed_status: string | null;
    observed: Record<FitIndex, number | null>;
    /** Permuted fits per status. */
    permuted_status_counts: Record<string, number>;
    permuted: Record<FitIndex, Quantiles>;
    /** p = (1 + #{permuted at least as good, or unusable}) / (1 + P) per index (null when the observed fit is unusable). */
    p_values: Record<FitIndex, number | null>;
  }[];
  interpretation: string;
}

function permutationReport(plan: RobustnessPlan, res: RobustnessResult[]): PermutationReport {
  const o = plan.options;
  const obs = res.find((r) => r.r === 0 && !r.error);
  const perm = res.filter((r) => r.r > 0);
  const failed = res.filter((r) => r.error).map((r) => ({ r: r.r, error: r.error! }));
  const P = perm.length;
  const structures = o.structures
    .filter((s) => !LABEL_FREE.includes(s))
    .map((s) => {
      const of = obs?.fits?.find((f) => f.structure === s) ?? null;
      const usableObs = of !== null && isUsable(of);
      const pf = perm.map((r) => (r.error ? null : r.fits?.find((f) => f.structure === s) ?? null));
      const permuted_status_counts: Record<string, number> = { error: pf.filter((f) => f === null).length };
      for (const st of FIT_STATUSES) permuted_status_counts[st] = pf.filter((f) => f?.status === st).length;
      const usablePf = pf.filter((f): f is FitSummary => f !== null && isUsable(f));
      const observed = Object.fromEntries(FIT_INDICES.map((k) => [k, of ? of[k] : null])) as Record<FitIndex, number | null>;
      const permuted = Object.fromEntries(FIT_INDICES.map((k) => [k, quantiles(usablePf.map((f) => f[k]!).filter((x) => x !== null))])) as Record<FitIndex, Quantiles>;
      const p_values = Object.fromEntries(
        FIT_INDICES.map((k) => {
          if (!usableObs || of![k] === null) return [k, null];
          const v = of![k]!;
          let asGood = 0;
          for (const f of pf) {
            if (f === null || !isUsable(f) || f[k] === null) asGood++; // conservative: a failed or inadmissible permuted fit counts as at least as good
            else if (HIGHER_IS_BETTER[k] ? f[k]! >= v : f[k]! <= v) asGood++;
          }
          return [k, (1 + asGood) / (1 + P)];
        }),
      ) as Record<FitIndex, number | null>;
      return { structure: s, observed_status: of?.status ?? null, observed, permuted_status_counts, permuted, p_values };
    });
  return {
    permutations: P,
    failed,
    structures,
    interpretation: `Each permutation reassigns the ${obs?.items?.length ?? '?'} analysis items to benchmarks at random, keeping the benchmark sizes, and refits every structure that depends on the labels. p = (1 + #{permuted fits at least as good}) / (1 + ${P}); a permuted fit that fails or is inadmissible counts as at least as good (conservative). A small p says the benchmark labels organise the residual structure better than random labels; the permuted fit levels show how much fit a flexible structure keeps under random labels. The smallest possible p is ${(1 / (1 + P)).toPrecision(2)}.`,
  };
}

// ------------------------------------------------------------------ OOS

interface Pooled {
  model: Int32Array;
  y: Uint8Array;
  pred: Map<string, Float64Array>; // NaN = no prediction
  nModels: number;
}

function pool(res: RobustnessResult[], predictors: string[]): Pooled {
  const cells = res.filter((r) => r.oos && !r.error).map((r) => r.oos!) as OosCells[];
  const n = cells.reduce((s, c) => s + c.y.length, 0);
  const model = new Int32Array(n);
  const y = new Uint8Array(n);
  const pred = new Map(predictors.map((p) => [p, new Float64Array(n).fill(NaN)]));
  let off = 0;
  let maxM = 0;
  for (const c of cells) {
    for (let i = 0; i < c.y.length; i++) {
      model[off + i] = c.model[i]!;
      y[off + i] = c.y[i]!;
      maxM = Math.max(maxM, c.model[i]!);
      for (const p of predictors) {
        const v = c.pred[p]?.[i];
        pred.get(p)![off + i] = v === null || v === undefined ? NaN : v;
      }
    }
    off += c.y.length;
  }
  return { model, y, pred, nModels: maxM + 1 };
}

/** Weighted AUC (Mann–Whitney with ties ½) over cells where mask holds, weights per cell. */
function auc(score: Float64Array, y: Uint8Array, w: Float64Array, order: Int32Array): number {
  let negBelow = 0;
  let num = 0;
  let wPos = 0;
  let wNeg = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let tp = 0;
    let tn = 0;
    while (j < order.length && score[order[j]!] === score[order[i]!]) {
      const c = order[j]!;
      if (y[c]) tp += w[c]!;
      else tn += w[c]!;
      j++;
    }
    num += tp * (negBelow + tn / 2);
    negBelow += tn;
    wPos += tp;
    wNeg += tn;
    i = j;
  }
  return wPos > 0 && wNeg > 0 ? num / (wPos * wNeg) : NaN;
}

/** MAE in percentage points of the predicted benchmark score (mean over a model × benchmark's hidden cells). */
function mae(score: Float64Array, y: Uint8Array, w: Float64Array, units: Int32Array, nUnits: number, cellsOf: number[][]): number {
  let s = 0;
  let ws = 0;
  for (let u = 0; u < nUnits; u++) {
    const cs = cellsOf[u]!;
    if (cs.length === 0) continue;
    const wu = w[cs[0]!]!;
    if (wu === 0) continue;
    let p = 0;
    let o = 0;
    for (const c of cs) {
      p += score[c]!;
      o += y[c]!;
    }
    s += wu * Math.abs(p - o) / cs.length;
    ws += wu;
  }
  void units;
  return ws > 0 ? (100 * s) / ws : NaN;
}

export interface OosReport {
  folds: number;
  failed: { r: number; error: string }[];
  held_out_models: number;
  hidden_cells: number;
  /** Cells every predictor predicts (the comparison set). */
  common_cells: number;
  predictors: {
    predictor: string;
    kind: 'structure' | 'baseline';
    /** Folds in which the structure had a usable fit (predictions). */
    folds_usable: number;
    /** Statuses of the structure's training fits over the folds (null for a baseline). */
    status_counts: Record<string, number> | null;
    auc: number | null;
    auc_interval: [number, number] | null;
    mae_pp: number | null;
    mae_interval: [number, number] | null;
    /** Difference to the general structure on the common cells, with its interval (bootstrap over models). */
    auc_minus_general: number | null;
    auc_minus_general_interval: [number, number] | null;
    mae_minus_general: number | null;
    mae_minus_general_interval: [number, number] | null;
  }[];
  interpretation: string;
}

function oosReport(plan: RobustnessPlan, res: RobustnessResult[], itemBenchmarks: string[]): OosReport {
  const o = plan.options;
  const names = [...o.structures, 'visible_proportion', 'item_difficulty'];
  const pd = pool(res, names);
  const n = pd.y.length;
  // Common cells: every structure with any prediction and both baselines predict them.
  const present = names.filter((p) => pd.pred.get(p)!.some((v) => !Number.isNaN(v)));
  const common: number[] = [];
  for (let c = 0; c < n; c++) if (present.every((p) => !Number.isNaN(pd.pred.get(p)![c]!))) common.push(c);
  // Units (model × benchmark) = consecutive cells of a model with the same benchmark prefix: group by model and by item's benchmark via cell order.
  const cellsRes = res.filter((r) => r.oos && !r.error).map((r) => r.oos!);
  const unitKey: string[] = [];
  for (const c of cellsRes) for (let i = 0; i < c.y.length; i++) unitKey.push(`${c.model[i]}|${itemBenchmarks[c.item[i]!]}`);
  const unitIdx = new Map<string, number>();
  const unitOfCell = new Int32Array(n);
  unitKey.forEach((k, c) => {
    if (!unitIdx.has(k)) unitIdx.set(k, unitIdx.size);
    unitOfCell[c] = unitIdx.get(k)!;
  });
  const nUnits = unitIdx.size;
  const rng = replicateRng(plan, { kind: 'oos-interval', r: 0 });
  const models = [...new Set(Array.from(pd.model))].sort((a, b) => a - b);
  const B = o.oos_interval_resamples;
  const weightsOf = (mult: Map<number, number> | null): Float64Array => {
    const w = new Float64Array(n);
    for (const c of common) w[c] = mult ? mult.get(pd.model[c]!) ?? 0 : 1;
    return w;
  };
  const cellsOfUnit = (): number[][] => {
    const out: number[][] = Array.from({ length: nUnits }, () => []);
    for (const c of common) out[unitOfCell[c]!]!.push(c);
    return out;
  };
  const unitCells = cellsOfUnit();
  const orders = new Map<string, Int32Array>();
  for (const p of present) {
    const s = pd.pred.get(p)!;
    orders.set(p, Int32Array.from([...common].sort((a, b) => s[a]! - s[b]! || a - b)));
  }
  const stat = (w: Float64Array) => {
    const out = new Map<string, { auc: number; mae: number }>();
    for (const p of present) out.set(p, { auc: auc(pd.pred.get(p)!, pd.y, w, orders.get(p)!), mae: mae(pd.pred.get(p)!, pd.y, w, unitOfCell, nUnits, unitCells) });
    return out;
  };
  const full = stat(weightsOf(null));
  const boots: Map<string, { auc: number; mae: number }>[] = [];
  for (let b = 0; b < B; b++) {
    const mult = new Map<number, number>();
    for (let k = 0; k < models.length; k++) {
      const m = models[rng.int(models.length)]!;
      mult.set(m, (mult.get(m) ?? 0) + 1);
    }
    boots.push(stat(weightsOf(mult)));
  }
  const pi = (vals: number[]): [number, number] | null => {
    const v = vals.filter(Number.isFinite).sort((a, b) => a - b);
    return v.length ? [q7(v, 0.025)!, q7(v, 0.975)!] : null;
  };
  const hasGeneral = present.includes('general');
  const fin = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);
  const predictors = names.map((p) => {
    const isS = (o.structures as string[]).includes(p);
    const foldsUsable = res.filter((r) => r.fits?.find((f) => f.structure === p && isUsable(f))).length;
    const status_counts = isS ? Object.fromEntries(FIT_STATUSES.map((st) => [st, res.filter((r) => r.fits?.find((f) => f.structure === p)?.status === st).length])) : null;
    if (!present.includes(p)) return { predictor: p, kind: (isS ? 'structure' : 'baseline') as 'structure' | 'baseline', folds_usable: foldsUsable, status_counts, auc: null, auc_interval: null, mae_pp: null, mae_interval: null, auc_minus_general: null, auc_minus_general_interval: null, mae_minus_general: null, mae_minus_general_interval: null };
    const f = full.get(p)!;
    const g = hasGeneral ? full.get('general')! : null;
    return {
      predictor: p,
      kind: (isS ? 'structure' : 'baseline') as 'structure' | 'baseline',
      folds_usable: isS ? foldsUsable : res.filter((r) => r.oos).length,
      status_counts,
      auc: fin(f.auc),
      auc_interval: pi(boots.map((b) => b.get(p)!.auc)),
      mae_pp: fin(f.mae),
      mae_interval: pi(boots.map((b) => b.get(p)!.mae)),
      auc_minus_general: g && p !== 'general' ? fin(f.auc - g.auc) : null,
      auc_minus_general_interval: g && p !== 'general' ? pi(boots.map((b) => b.get(p)!.auc - b.get('general')!.auc)) : null,
      mae_minus_general: g && p !== 'general' ? fin(f.mae - g.mae) : null,
      mae_minus_general_interval: g && p !== 'general' ? pi(boots.map((b) => b.get(p)!.mae - b.get('general')!.mae)) : null,
    };
  });
  const hiddenPerUnit = nUnits ? common.length / nUnits : 0;
  return {
    folds: o.folds,
    failed: res.filter((r) => r.error).map((r) => ({ r: r.r, error: r.error! })),
    held_out_models: models.length,
    hidden_cells: n,
    common_cells: common.length,
    predictors,
    interpretation: `Models are split into ${o.folds} folds${''} (clustered by contributor where the metadata names one); thresholds, tetrachorics, weights and every structure are fitted on the training models only. For each held-out model and benchmark a random half of its items is hidden and predicted from the factor-score posterior given the visible half (Laplace approximation: mode and inverse curvature), P = Φ((λ′μ − τ)/√(θ + λ′Σλ)). AUC is over all hidden cells that every predictor predicts; MAE is the absolute error of the predicted benchmark score on the hidden items, in percentage points. Intervals: 95 % percentile intervals from ${B} bootstrap resamples of the held-out models. With about ${hiddenPerUnit.toFixed(1)} hidden items per model and benchmark the MAE is dominated by binomial noise (≈ ${(100 * Math.sqrt(0.25 / Math.max(hiddenPerUnit, 1)) * 0.8).toFixed(0)} points), so it compares structures with each other, not with metabench's full-benchmark yardstick. Baselines: the model's proportion correct on the visible half of the same benchmark, and the item's proportion correct among the training models (difficulty alone).`,
  };
}

// ------------------------------------------------------------------ aggregation

export interface AggregateRow {
  structure: string;
  quantity: string;
  /** Replicates that estimated it. */
  n: number;
  /** Inverse-variance weighted mean over replicates (w = 1/SE²), the paper's aggregation; null without SEs. */
  iv_mean: number | null;
  mean: number | null;
  /** Spread across replicates: the uncertainty (never 1/√Σw: replicates share models and most items). */
  sd: number | null;
  interval: [number, number] | null;
  full_data: number | null;
  full_data_se: number | null;
}

function aggregate(plan: RobustnessPlan, boot: RobustnessResult[], ref: RobustnessResult | undefined): AggregateRow[] {
  const rows: AggregateRow[] = [];
  for (const s of plan.options.structures) {
    const vals = new Map<string, { v: number[]; se: (number | null)[] }>();
    const add = (q: string, v: number | null, se: number | null) => {
      if (v === null || !Number.isFinite(v)) return;
      if (!vals.has(q)) vals.set(q, { v: [], se: [] });
      vals.get(q)!.v.push(v);
      vals.get(q)!.se.push(se);
    };
    for (const r of boot) {
      const f = r.fits?.find((x) => x.structure === s);
      if (!f || !isUsable(f)) continue;
      add('ecv', f.ecv, null);
      add('omega_h', f.omega_h, null);
      for (const [fac, item, est, se] of f.loadings ?? []) add(`loading ${fac}=~${item}`, est, se);
    }
    const rf = ref?.fits?.find((x) => x.structure === s);
    const refMap = new Map<string, [number, number | null]>();
    if (rf && isUsable(rf)) {
      if (rf.ecv !== null) refMap.set('ecv', [rf.ecv, null]);
      if (rf.omega_h !== null) refMap.set('omega_h', [rf.omega_h, null]);
      for (const [fac, item, est, se] of rf.loadings ?? []) refMap.set(`loading ${fac}=~${item}`, [est, se]);
    }
    for (const [q, { v, se }] of vals) {
      const qs = quantiles(v);
      let sw = 0;
      let swv = 0;
      let allSe = true;
      v.forEach((x, i) => {
        const e = se[i];
        if (e === null || e === undefined || !(e > 0)) {
          allSe = false;
          return;
        }
        sw += 1 / (e * e);
        swv += x / (e * e);
      });
      const rv = refMap.get(q);
      rows.push({ structure: s, quantity: q, n: v.length, iv_mean: allSe && sw > 0 ? swv / sw : null, mean: qs.mean, sd: qs.sd, interval: qs.q025 !== null ? [qs.q025, qs.q975!] : null, full_data: rv ? rv[0] : null, full_data_se: rv ? rv[1] : null });
    }
  }
  return rows;
}

export interface RobustnessReport {
  schema_version: 1;
  plan: RobustnessPlan;
  n_models: number;
  n_items_pool: number;
  benchmarks: { benchmark: string; items: number }[];
  design: string[];
  bootstrap: BootstrapReport | null;
  permutation: PermutationReport | null;
  oos: OosReport | null;
  aggregation: { rows: AggregateRow[]; interpretation: string } | null;
  reference: { fits: FitSummary[]; selected: string | null } | null;
  skipped: { part: string; reason: string }[];
}

export function reduceRobustness(plan: RobustnessPlan, results: RobustnessResult[]): RobustnessReport {
  const benchList: { benchmark: string; items: number }[] = [];
  for (const b of plan.options.pool.item_benchmarks) {
    const e = benchList.find((x) => x.benchmark === b);
    if (e) e.items++;
    else benchList.push({ benchmark: b, items: 1 });
  }
  const ctx = { n_models: plan.options.pool.n_models, benchmarks: benchList, item_benchmarks: plan.options.pool.item_benchmarks };
  const o = plan.options;
  const of = (k: string) => results.filter((r) => r.kind === k);
  const skipped: { part: string; reason: string }[] = [];
  const boot = of('bootstrap');
  const ref = of('reference')[0];
  const missing = (k: string) => (plan.replicates[k] ?? 0) - of(k).length;
  for (const k of Object.keys(plan.replicates)) if (missing(k) > 0) skipped.push({ part: `${k}`, reason: `${missing(k)} of ${plan.replicates[k]} replicates missing from the results (reduced over those present)` });
  const design = [
    `item pool: ${ctx.item_benchmarks.length} items in ${ctx.benchmarks.length} benchmarks; models complete on every pool item (listwise): ${ctx.n_models}`,
    `structures: ${o.structures.join(', ')}; ${o.admissible ? 'fitted in admissible mode (cfa --admissible): a fit counts when its status is admissible or boundary' : 'ordinary fits: a fit counts when its status is admissible'}`,
    `items per benchmark per replicate: ${o.subsample} drawn without replacement (all items of a benchmark with fewer)`,
    o.resample_models ? 'bootstrap replicates also resample the models with replacement, by cluster (contributor where the metadata names one, else the model itself)' : 'bootstrap replicates keep the models fixed (item resampling only)',
    `random streams: forked from base seed ${plan.base_seed} by kind and replicate index (never by run order)`,
  ];
  return {
    schema_version: 1,
    plan,
    n_models: ctx.n_models,
    n_items_pool: ctx.item_benchmarks.length,
    benchmarks: ctx.benchmarks,
    design,
    bootstrap: boot.length ? bootstrapReport(plan, boot) : null,
    permutation: of('permutation').length ? permutationReport(plan, of('permutation')) : null,
    oos: of('oos').length ? oosReport(plan, of('oos'), ctx.item_benchmarks) : null,
    aggregation: boot.length
      ? { rows: aggregate(plan, boot.filter((r) => !r.error), ref), interpretation: 'For each quantity estimated in many bootstrap replicates: the inverse-variance weighted mean over replicates (w = 1/SE², the paper\'s aggregation; for ECV and ω_h, which carry no SE here, only the plain mean), next to the full-data estimate and its SE when the reference fit ran. The uncertainty is the spread across replicates (SD and 2.5–97.5 % percentile interval), never 1/√Σw: replicates share models and most items, so they are not independent studies and Cochran\'s Q or I² would mean nothing.' }
      : null,
    reference: ref && ref.fits ? { fits: ref.fits.map(({ loadings, ...rest }) => (void loadings, rest)), selected: ref.selected ?? null } : null,
    skipped,
  };
}
