// runCompare: is model A really better than model B? Per benchmark and over all, on the items both answered
// (formulas and sources in paired.ts):
// - diff (A − B), its SE (clustered by item group when asked) and 95 % Wald interval; a seeded paired
//   bootstrap percentile interval (items, or whole clusters, resampled with replacement) beside it;
// - McNemar exact and χ²; the verdict's test: the score test (= McNemar χ² without continuity correction)
//   with Tango's interval, or with clusters the Wald test on the clustered SE (McNemar assumes independent
//   items); multiplicity across benchmarks by Holm (default) or BH; the verdict's interval is at the level
//   matched to the adjusted p (paired.ts `matchedAlpha`), so interval and p-value never disagree;
// - mde_80 (the difference detectable at 80 % power with these items) and the items needed for `detect`;
// - with harness logs, the harness's own per-model stderr beside ours;
// - with `latent`, P(g_A > g_B) from 2PL posteriors (calibration uncertainty ignored; not a p-value).
// Tables without items: the independent-proportions test with the item counts (weaker: it ignores pairing).
// The `overall` row pools all shared items (each item once) and is a single, separate question: it is
// not part of the adjusted family.
import { pnorm as normCdf, qnorm as normQuantile } from '../math/index.js';
import { ResponseMatrix, MISSING, type Leaderboard } from '../data/leaderboard.js';
import { EstimationError, InputError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import type { RunCallbacks } from '../util/progress.js';
import { fitIrt, scoreIrt } from '../irt/index.js';
import type { InputFile } from '../io/index.js';
import { comparableWarnings } from '../comparable/index.js';
import { checkComparable } from './gate.js';
import type { HarnessStderr } from './harness.js';
import { clusterLabels, findModel, sharedItems } from './models.js';
import {
  adjustP,
  clusteredSe,
  detectable,
  exactMcNemarInterval,
  independentProportions,
  itemsNeeded,
  matchedAlpha,
  mcnemarChisq,
  mcnemarExact,
  pairedSe,
  quantile7,
  tangoInterval,
  waldP,
  type Adjustment,
  type PairedCounts,
} from './paired.js';

export interface CompareOptions extends RunCallbacks {
  /** Model A and B: id or display name. */
  a: string;
  b: string;
  /** Item clusters: a column of the items file, or 'prefix' (item id up to its last '.'). */
  cluster?: string | null;
  /** Multiplicity adjustment across benchmarks (default 'holm'). */
  adjust?: 'holm' | 'bh';
  /** Two-sided level (default 0.05). */
  alpha?: number;
  /** Difference to plan for, as a proportion (default 0.02 = 2 points). */
  detect?: number;
  /** Bootstrap draws (default 2000; 0 = none) and seed (default 1). */
  bootstrap?: number;
  seed?: number;
  /** The harness's own stderr (readHarnessStderr), when the inputs are lm-eval logs. */
  harness?: readonly HarnessStderr[] | null;
  /** Fit a 2PL calibration per benchmark for P(θ_A > θ_B). */
  latent?: boolean;
  /** Harness files of the runs, for the setup check (differences become warnings). */
  setupFiles?: readonly InputFile[] | null;
  allowMismatch?: readonly string[];
}

export interface HarnessComparison {
  metric: string;
  stderr_a: number;
  stderr_b: number;
  /** √(s_A² + s_B²): the SE of the difference if the two runs were independent. */
  unpaired_se: number;
  /** Our SE / unpaired_se. */
  ratio: number;
  note: string;
}

export interface LatentComparison {
  model: '2PL';
  mean_a: number;
  sd_a: number;
  mean_b: number;
  sd_b: number;
  /** Φ((μ_A − μ_B)/√(σ_A² + σ_B²)). */
  p_a_greater: number;
  note: string;
}

export interface CompareRow {
  benchmark: string;
  /** Items answered by both (tables: the item count behind each score, possibly an effective fractional count). */
  n_items: number;
  /** A right and B wrong / B right and A wrong (null for tables). */
  a_only: number | null;
  b_only: number | null;
  score_a: number;
  score_b: number;
  /** A − B as a proportion. */
  diff: number;
  /** SE of diff: of the per-item differences (clustered when clusters are given); tables: unpooled. */
  se: number;
  se_unclustered: number | null;
  clusters: number | null;
  /** 95 % (1 − alpha) Wald interval diff ± z·se. */
  ci_low: number;
  ci_high: number;
  bootstrap_low: number | null;
  bootstrap_high: number | null;
  p_exact: number | null;
  p_chisq: number | null;
  /** The verdict's test and its p-value, before and after adjustment. */
  test: 'score' | 'exact' | 'clustered_wald' | 'independent_wald';
  p_value: number;
  p_adjusted: number;
  /** The verdict's interval, at level 1 − verdict_alpha matched to p_adjusted. */
  verdict_alpha: number;
  verdict_ci_low: number;
  verdict_ci_high: number;
  significant: boolean;
  mde_80: number;
  items_needed: number | null;
  harness: HarnessComparison | null;
  latent: LatentComparison | null;
  verdict: string;
}

export interface CompareReport {
  schema_version: 1;
  kind: 'compare';
  model_a: string;
  model_b: string;
  source: 'responses' | 'scores';
  alpha: number;
  adjustment: 'holm' | 'bh';
  adjustment_note: string;
  cluster: string | null;
  cluster_note: string | null;
  detect: number;
  bootstrap: { draws: number; seed: number; method: string } | null;
  benchmarks: CompareRow[];
  overall: CompareRow | null;
  skipped: { part: string; reason: string }[];
  notes: string[];
  warnings: string[];
}

/** Below this many discordant items the verdict uses the exact McNemar test (and its conditional interval). */
const EXACT_BELOW = 25;

const ADJ_NAME: Record<'holm' | 'bh' | 'none', string> = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'unadjusted' };

/** Percentage points with a typographic minus. */
const pts = (x: number, digits = 1): string => {
  const s = (100 * Math.abs(x)).toFixed(digits);
  return x < 0 && Number(s) !== 0 ? `−${s}` : s;
};
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(1)}`;
export function fmtP(p: number): string {
  if (Number.isNaN(p)) return '—';
  if (p < 0.0001) return p === 0 ? '< 1e-300' : p.toExponential(1).replace('e', 'e');
  if (p < 0.001) return p.toFixed(4);
  return p.toFixed(3);
}

function verdictSentence(r: CompareRow, a: string, b: string, adj: string): string {
  const on = r.benchmark === 'overall' ? 'over all shared items' : `on ${r.benchmark}`;
  if (r.significant) {
    const [w, l, d, lo, hi] = r.diff > 0 ? [a, b, r.diff, r.verdict_ci_low, r.verdict_ci_high] : [b, a, -r.diff, -r.verdict_ci_high, -r.verdict_ci_low];
    return `${w} beats ${l} ${on} by ${pts(d)} points [${pts(lo)}, ${pts(hi)}] (${adj}), p = ${fmtP(r.p_adjusted)}`;
  }
  return `${a} vs ${b} ${on}: ${signed(r.diff)} points [${pts(r.verdict_ci_low)}, ${pts(r.verdict_ci_high)}] (${adj}) is within noise, p = ${fmtP(r.p_adjusted)} (detectable with these items: ${pts(r.mde_80)} points)`;
}

/** Percentile bootstrap of the mean difference: resample units (items or clusters) within strata. */
function bootstrapDiff(d: Int8Array, units: Int32Array, nUnits: number, strata: Int32Array, draws: number, rng: Rng, alpha: number): { lo: number; hi: number } {
  // unit sums and sizes, units grouped by stratum
  const sum = new Float64Array(nUnits);
  const size = new Float64Array(nUnits);
  const unitStratum = new Int32Array(nUnits);
  for (let i = 0; i < d.length; i++) {
    sum[units[i]!]! += d[i]!;
    size[units[i]!]! += 1;
    unitStratum[units[i]!] = strata[i]!;
  }
  const byStratum = new Map<number, number[]>();
  for (let u = 0; u < nUnits; u++) {
    const s = unitStratum[u]!;
    let l = byStratum.get(s);
    if (!l) byStratum.set(s, (l = []));
    l.push(u);
  }
  const groups = [...byStratum.keys()].sort((x, y) => x - y).map((k) => Int32Array.from(byStratum.get(k)!));
  const est = new Float64Array(draws);
  for (let r = 0; r < draws; r++) {
    let s = 0;
    let n = 0;
    for (const g of groups) {
      for (let k = 0; k < g.length; k++) {
        const u = g[rng.int(g.length)]!;
        s += sum[u]!;
        n += size[u]!;
      }
    }
    est[r] = s / n;
  }
  est.sort();
  return { lo: quantile7(est, alpha / 2), hi: quantile7(est, 1 - alpha / 2) };
}

interface RawRow {
  benchmark: string;
  counts: PairedCounts | null;
  n: number;
  scoreA: number;
  scoreB: number;
  diff: number;
  se: number;
  seUnclustered: number | null;
  clusters: number | null;
  pExact: number | null;
  pChisq: number | null;
  test: CompareRow['test'];
  p: number;
  boot: { lo: number; hi: number } | null;
}

function pairedRow(benchmark: string, a: Uint8Array, b: Uint8Array, cl: string[] | null, strata: Int32Array, opts: { draws: number; rng: Rng | null; alpha: number }): RawRow {
  const n = a.length;
  const c: PairedCounts = { n, both: 0, aOnly: 0, bOnly: 0, neither: 0 };
  const d = new Int8Array(n);
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i]!;
    sb += b[i]!;
    d[i] = a[i]! - b[i]!;
    if (a[i] && b[i]) c.both++;
    else if (a[i]) c.aOnly++;
    else if (b[i]) c.bOnly++;
    else c.neither++;
  }
  // a benchmark whose items are all clusters of their own is not clustered (its SE would only lose the n − 1)
  if (cl && new Set(cl).size === n) cl = null;
  const diff = (c.aOnly - c.bOnly) / n;
  const seU = pairedSe(c);
  let se = seU;
  let clusters: number | null = null;
  if (cl) {
    const r = clusteredSe(d, cl);
    se = r.se;
    clusters = r.clusters;
  }
  const pExact = mcnemarExact(c.aOnly, c.bOnly);
  const pChisq = mcnemarChisq(c.aOnly, c.bOnly).p;
  // the verdict's test: Wald on the clustered SE; else exact McNemar for fewer than 25 discordant items (where
  // the χ² approximation is poor), else the score test (McNemar's χ², inverted by Tango's interval)
  const test: CompareRow['test'] = cl ? 'clustered_wald' : c.aOnly + c.bOnly > 0 && c.aOnly + c.bOnly < EXACT_BELOW ? 'exact' : 'score';
  const p = test === 'clustered_wald' ? waldP(diff, se) : test === 'exact' ? pExact : pChisq;
  let boot: { lo: number; hi: number } | null = null;
  if (opts.draws > 0 && opts.rng) {
    const ids = new Map<string, number>();
    const units = Int32Array.from({ length: n }, (_, i) => {
      if (!cl) return i;
      const key = cl[i]!;
      let u = ids.get(key);
      if (u === undefined) ids.set(key, (u = ids.size));
      return u;
    });
    boot = bootstrapDiff(d, units, cl ? ids.size : n, strata, opts.draws, opts.rng, opts.alpha);
  }
  return { benchmark, counts: c, n, scoreA: sa / n, scoreB: sb / n, diff, se, seUnclustered: cl ? seU : null, clusters, pExact, pChisq, test, p, boot };
}

function finishRow(raw: RawRow, pAdj: number, m: number, adjust: Adjustment, alpha: number, detect: number, a: string, b: string): CompareRow {
  const z = normQuantile(1 - alpha / 2);
  const va = matchedAlpha(alpha, raw.p, pAdj, m);
  let lo: number;
  let hi: number;
  if (raw.test === 'score' || raw.test === 'exact') {
    const t = (raw.test === 'score' ? tangoInterval : exactMcNemarInterval)(raw.counts!.aOnly, raw.counts!.bOnly, raw.n, va);
    lo = t.lo;
    hi = t.hi;
  } else {
    const zz = normQuantile(1 - va / 2);
    lo = Math.max(-1, raw.diff - zz * raw.se);
    hi = Math.min(1, raw.diff + zz * raw.se);
  }
  const significant = pAdj < alpha;
  const omega2 = raw.n * raw.se * raw.se;
  const row: CompareRow = {
    benchmark: raw.benchmark,
    n_items: raw.n,
    a_only: raw.counts ? raw.counts.aOnly : null,
    b_only: raw.counts ? raw.counts.bOnly : null,
    score_a: raw.scoreA,
    score_b: raw.scoreB,
    diff: raw.diff,
    se: raw.se,
    se_unclustered: raw.seUnclustered,
    clusters: raw.clusters,
    ci_low: Math.max(-1, raw.diff - z * raw.se),
    ci_high: Math.min(1, raw.diff + z * raw.se),
    bootstrap_low: raw.boot ? raw.boot.lo : null,
    bootstrap_high: raw.boot ? raw.boot.hi : null,
    p_exact: raw.pExact,
    p_chisq: raw.pChisq,
    test: raw.test,
    p_value: raw.p,
    p_adjusted: pAdj,
    verdict_alpha: va,
    verdict_ci_low: lo,
    verdict_ci_high: hi,
    significant,
    mde_80: detectable(raw.se, alpha, 0.8),
    items_needed: omega2 > 0 && detect > 0 ? itemsNeeded(omega2, detect, alpha, 0.8) : null,
    harness: null,
    latent: null,
    verdict: '',
  };
  row.verdict = verdictSentence(row, a, b, ADJ_NAME[adjust]);
  return row;
}

/** Latent comparison on a calibration of `cols` (2PL by MML-EM over every model that answered them). */
function latentFor(lb: Leaderboard, cols: number[], ia: number, ib: number): LatentComparison {
  const r = lb.responses!;
  const J0 = r.nItems;
  const rows: number[] = [];
  for (let m = 0; m < r.nModels; m++) {
    for (const j of cols) if (r.values[m * J0 + j] !== MISSING) { rows.push(m); break; }
  }
  const sub = new ResponseMatrix(rows.length, cols.length);
  rows.forEach((m, i) => cols.forEach((j, t) => (sub.values[i * cols.length + t] = r.values[m * J0 + j]!)));
  // EAPs need the item parameters only roughly: EM stops at a largest parameter change of 1e-3 (or 500 iterations)
  const fit = fitIrt(sub, { model: '2PL', se: false, tol: 1e-3, maxIter: 500, itemIds: cols.map((j) => lb.items[j]!.id) });
  const sc = scoreIrt(fit, sub);
  const pa = rows.indexOf(ia);
  const pb = rows.indexOf(ib);
  const ma = sc.eap[0]![pa]!;
  const mb = sc.eap[0]![pb]!;
  const sa = sc.psd[0]![pa]!;
  const sb = sc.psd[0]![pb]!;
  const s = Math.sqrt(sa * sa + sb * sb);
  return {
    model: '2PL',
    mean_a: ma,
    sd_a: sa,
    mean_b: mb,
    sd_b: sb,
    p_a_greater: s > 0 ? normCdf((ma - mb) / s) : ma > mb ? 1 : ma < mb ? 0 : 0.5,
    note: `from a 2PL calibrated on ${rows.length} models × ${cols.length} items (EM: ${fit.iterations} iterations to a largest parameter change of 1e-3${fit.converged ? '' : ', not reached'}); treats the two posteriors as independent normals and ignores the calibration's uncertainty; a posterior probability, not a p-value`,
  };
}

/** Compare two models (see the header). Throws InputError for an unknown model or no shared items. */
export function runCompare(lb: Leaderboard, options: CompareOptions): CompareReport {
  const alpha = options.alpha ?? 0.05;
  const adjust = options.adjust ?? 'holm';
  const detect = options.detect ?? 0.02;
  const draws = options.bootstrap ?? 2000;
  const seed = options.seed ?? 1;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`runCompare: alpha must be in (0, 1), got ${alpha}`);
  if (!(detect > 0 && detect < 1)) throw new RangeError(`runCompare: detect must be in (0, 1), got ${detect}`);
  const ia = findModel(lb, options.a, 'model A');
  const ib = findModel(lb, options.b, 'model B');
  const A = lb.models[ia]!.id;
  const B = lb.models[ib]!.id;
  if (ia === ib) throw new InputError('(models)', 0, 0, `model A and model B are the same model ("${A}")`);
  const skipped: { part: string; reason: string }[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  // the setup check: differences are warnings here (the gate turns them into exit 4)
  const comp = checkComparable(lb, ia, ib, { setupFiles: options.setupFiles ?? null, allowMismatch: options.allowMismatch ?? [] }, options.setupFiles ? skipped : []);
  if (comp) for (const w of comparableWarnings(comp)) warn(w);
  const raws: RawRow[] = [];
  let overallRaw: RawRow | null = null;
  let source: 'responses' | 'scores';
  let clusterNote: string | null = null;
  const rng = draws > 0 ? new Rng(seed) : null;
  const shared = lb.responses ? sharedItems(lb, ia, ib) : [];

  if (lb.responses && shared.some((s) => s.items.length > 0)) {
    source = 'responses';
    const labels = clusterLabels(lb, options.cluster);
    if (labels) {
      clusterNote = `SEs clustered by "${options.cluster}" (Miller 2024): √(Σ_c (Σ_{i∈c} e_i)²)/n, as sandwich::vcovCL(type = "HC0", cadjust = FALSE) — no G/(G − 1) small-sample factor; items without a value are clusters of their own, and a benchmark whose items are all clusters of their own is not clustered (clusters = null). McNemar's p-values (p_exact, p_chisq) assume independent items; on clustered benchmarks the verdict uses the Wald test on the clustered SE.`;
    }
    const benchStrata = new Map<string, number>();
    let k = 0;
    for (const s of shared) {
      options.onProgress?.({ stage: 'compare', done: k++, total: shared.length, message: s.benchmark });
      if (s.items.length === 0) {
        skipped.push({ part: s.benchmark, reason: `no items answered by both ${A} and ${B}` });
        continue;
      }
      if (s.items.length < 2) {
        skipped.push({ part: s.benchmark, reason: `only ${s.items.length} item answered by both` });
        continue;
      }
      benchStrata.set(s.benchmark, benchStrata.size);
      const cl = labels ? s.items.map((j) => labels[j]!) : null;
      raws.push(pairedRow(s.benchmark, s.a, s.b, cl, new Int32Array(s.items.length), { draws, rng: rng ? rng.fork(raws.length) : null, alpha }));
    }
    const used = shared.filter((s) => benchStrata.has(s.benchmark));
    const allA = new Uint8Array(used.reduce((t, s) => t + s.items.length, 0));
    const allB = new Uint8Array(allA.length);
    const strata = new Int32Array(allA.length);
    const allCl: string[] = [];
    let o = 0;
    for (const s of used) {
      allA.set(s.a, o);
      allB.set(s.b, o);
      strata.fill(benchStrata.get(s.benchmark)!, o, o + s.items.length);
      if (labels) for (const j of s.items) allCl.push(labels[j]!);
      o += s.items.length;
    }
    if (allA.length >= 2) overallRaw = pairedRow('overall', allA, allB, labels ? allCl : null, strata, { draws, rng: rng ? rng.fork(1_000_000) : null, alpha });
    if (labels) for (const r of raws) if (r.clusters !== null && r.clusters < 10) warn(`${r.benchmark}: only ${r.clusters} clusters — a clustered SE from so few clusters is itself very uncertain`);
  } else if (lb.scores) {
    source = 'scores';
    if (lb.responses) notes.push(`${A} and ${B} share no answered items; compared on the benchmark scores instead.`);
    if (options.cluster) skipped.push({ part: 'clustering', reason: 'benchmark-score tables have no items to cluster' });
    const sc = lb.scores;
    const Bn = sc.benchmarks.length;
    let totA = 0;
    let totB = 0;
    let totN = 0;
    sc.benchmarks.forEach((bench, k) => {
      const pa = sc.values[ia * Bn + k]!;
      const pb = sc.values[ib * Bn + k]!;
      const n = sc.itemCounts[k];
      if (Number.isNaN(pa) || Number.isNaN(pb)) {
        skipped.push({ part: bench, reason: `no score for ${Number.isNaN(pa) ? A : B}` });
        return;
      }
      if (n === null || n === undefined || !(n > 0)) {
        skipped.push({ part: bench, reason: 'the number of items behind the scores is unknown (give n_items or the items per benchmark)' });
        return;
      }
      const t = independentProportions(pa, n, pb, n);
      raws.push({ benchmark: bench, counts: null, n, scoreA: pa, scoreB: pb, diff: t.diff, se: t.se, seUnclustered: null, clusters: null, pExact: null, pChisq: t.pPooled, test: 'independent_wald', p: t.pWald, boot: null });
      totA += pa * n;
      totB += pb * n;
      totN += n;
    });
    if (totN > 0) {
      const t = independentProportions(totA / totN, totN, totB / totN, totN);
      overallRaw = { benchmark: 'overall', counts: null, n: totN, scoreA: totA / totN, scoreB: totB / totN, diff: t.diff, se: t.se, seUnclustered: null, clusters: null, pExact: null, pChisq: t.pPooled, test: 'independent_wald', p: t.pWald, boot: null };
    }
    notes.push('Benchmark-score table without items: the two scores are compared as independent proportions on the stated item counts (Wald test and interval; p_chisq is the pooled two-proportion test). This is weaker than the paired comparison — it cannot use that both models answered the same items, so its SE is typically larger — and it assumes both scores come from the stated number of items.');
  } else {
    throw new InputError('(responses)', 0, 0, `no items answered by both ${A} and ${B}, and no benchmark scores to fall back on`);
  }
  if (raws.length === 0) {
    throw new InputError(source === 'responses' ? '(responses)' : '(scores)', 0, 0, `nothing to compare: ${skipped.map((s) => `${s.part}: ${s.reason}`).join('; ')}`);
  }

  const m = raws.length;
  const pAdj = adjustP(raws.map((r) => r.p), adjust);
  const rows = raws.map((r, k) => finishRow(r, pAdj[k]!, m, adjust, alpha, detect, A, B));
  const overall = overallRaw ? finishRow(overallRaw, overallRaw.p, 1, 'none', alpha, detect, A, B) : null;

  // the harness's own stderr
  if (options.harness && options.harness.length > 0) {
    for (const row of rows) {
      const ha = options.harness.find((h) => h.model === A && h.task === row.benchmark);
      const hb = options.harness.find((h) => h.model === B && h.task === row.benchmark);
      if (!ha || !hb) {
        skipped.push({ part: `harness stderr ${row.benchmark}`, reason: `the results files report no stderr for this benchmark as a task for ${!ha ? A : B}` });
        continue;
      }
      const un = Math.sqrt(ha.stderr * ha.stderr + hb.stderr * hb.stderr);
      const ratio = row.se / un;
      const why: string[] = [];
      why.push(`the harness's stderr are per model, so combined as if the runs were independent they give ${pts(un, 2)} points; pairing on the same items gives ${pts(row.se_unclustered ?? row.se, 2)}`);
      if (row.se_unclustered !== null) why.push(`clustering by "${options.cluster}" gives ${pts(row.se, 2)}`);
      const agree = Math.abs(ratio - 1) < 0.1;
      row.harness = {
        metric: ha.metric,
        stderr_a: ha.stderr,
        stderr_b: hb.stderr,
        unpaired_se: un,
        ratio,
        note: `${agree ? 'Close to ours' : `Ours is ${ratio < 1 ? 'smaller' : 'larger'} (× ${ratio.toFixed(2)})`}: ${why.join('; ')}.`,
      };
    }
  }

  // the latent comparison
  if (options.latent) {
    if (source !== 'responses') skipped.push({ part: 'latent', reason: 'needs item responses for an IRT calibration' });
    else {
      rows.forEach((row, k) => {
        options.onProgress?.({ stage: 'latent', done: k, total: rows.length, message: row.benchmark });
        const cols = lb.items.map((it, j) => (it.benchmark === row.benchmark ? j : -1)).filter((j) => j >= 0);
        try {
          row.latent = latentFor(lb, cols, ia, ib);
        } catch (e) {
          if (!(e instanceof EstimationError || e instanceof RangeError)) throw e;
          skipped.push({ part: `latent ${row.benchmark}`, reason: e.message });
        }
      });
      if (overall && rows.length > 1) {
        skipped.push({ part: 'latent overall', reason: 'one latent ability across benchmarks needs a multidimensional (bifactor) calibration, which is the irt and ranks commands’ job; the per-benchmark 2PL comparisons are above' });
      } else if (overall && rows.length === 1) overall.latent = rows[0]!.latent;
    }
  }

  if (source === 'responses') {
    notes.push(
      `Per benchmark: diff = A − B over the items both answered; SE of the per-item differences; ${Math.round((1 - alpha) * 100)} % Wald interval diff ± z·SE and a paired bootstrap percentile interval; McNemar exact (binomial on the discordant items) and χ² (no continuity correction). The verdict uses the score test (McNemar's χ²) with Tango's score interval, or below ${EXACT_BELOW} discordant items the exact McNemar test with its conditional (Clopper–Pearson) interval${options.cluster ? ', or on clustered benchmarks the Wald test on the clustered SE (test = clustered_wald)' : ''}; p_adjusted by ${ADJ_NAME[adjust]} over the ${m} benchmarks, and the verdict's interval at the matched level (verdict_alpha), so it excludes 0 exactly when p_adjusted < ${alpha}.`,
    );
  }
  notes.push(`mde_80: the difference a two-sided level-${alpha} test detects with 80 % power on these items (normal approximation, before multiplicity adjustment) — not the power of the observed difference. items_needed: items with the same per-item variance needed to detect ${pts(detect)} points.`);
  notes.push('overall pools every shared item (each item once; the leaderboard average weights benchmarks equally instead) and is a single question outside the adjusted family.');
  return {
    schema_version: 1,
    kind: 'compare',
    model_a: A,
    model_b: B,
    source,
    alpha,
    adjustment: adjust,
    adjustment_note: `${ADJ_NAME[adjust]} over ${m} benchmark${m === 1 ? '' : 's'}; each verdict interval is at level 1 − verdict_alpha, matched to its adjusted p-value`,
    cluster: options.cluster ?? null,
    cluster_note: clusterNote,
    detect,
    bootstrap: draws > 0 && source === 'responses' ? { draws, seed, method: options.cluster ? 'percentile; clusters resampled with replacement (overall: within benchmark)' : 'percentile; items resampled with replacement (overall: within benchmark)' } : null,
    benchmarks: rows,
    overall,
    skipped,
    notes,
    warnings,
  };
}
