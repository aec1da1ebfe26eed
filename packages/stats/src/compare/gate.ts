// runGate: a regression gate for CI. Per benchmark, on the items both the baseline and the candidate
// answered, Δ = candidate − baseline with Tango's (1998) score statistic for paired proportions (paired.ts):
// - regression: the one-sided test of H0: Δ ≥ −margin against H1: Δ < −margin, p = Φ(Z(−margin)),
//   Holm-adjusted over the benchmarks; a benchmark regresses when its adjusted p < α, i.e. exactly when its
//   one-sided upper confidence bound — taken at the level matched to the adjusted p — is below −margin;
// - non-inferiority (shown when the one-sided lower bound at level 1 − α is above −margin): the gate's
//   "require non-inferiority" asks it of every benchmark — an intersection–union test (Berger 1982,
//   Technometrics 24:295–300), which needs no multiplicity adjustment, so the lower bounds are unadjusted;
// - power at the margin: the chance of showing non-inferiority if the two were truly equal, with these items
//   and this discordance (normal approximation: Φ(margin/σ₀ − z_{1−α}), σ₀ = √(discordant share / n));
//   regression_mde_80: the true regression flagged with 80 % power at the strictest Holm level α/m.
// Comparability (the readers issue's check, packages/stats/src/comparable): with the harness logs of both
// runs (or setup columns of a models file), the two sides' setups are compared key by key; a difference not
// allowed makes the gate "not comparable" — exit 4, whatever the numbers say (a difference would mix the
// models with the setup). Without setup information the check is skipped with its reason.
// Exit codes (for the command): 4 not comparable, 5 regression (or non-inferiority not shown when required), 0 pass.
import { pnorm as normCdf, qnorm as normQuantile } from '../math/index.js';
import type { Leaderboard } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import type { RunCallbacks } from '../util/progress.js';
import { comparableWarnings, runComparable, setupFromLmEvalResults, setupFromModelMeta, type ComparableReport } from '../comparable/index.js';
import type { InputFile } from '../io/index.js';
import { lmEvalResultsByModel } from './harness.js';
import { findModel, sharedItems } from './models.js';
import { adjustP, matchedAlpha, tangoBound, tangoP } from './paired.js';

export interface GateOptions extends RunCallbacks {
  baseline: string;
  candidate: string;
  /** Largest tolerated drop, as a proportion (default 0.01 = 1 point). */
  margin?: number;
  /** One-sided level (default 0.05). */
  alpha?: number;
  requireNoninferiority?: boolean;
  /** lm-evaluation-harness files of the runs (results_*.json are used) for the comparability check. */
  setupFiles?: readonly InputFile[] | null;
  /** Setup keys whose differences are accepted by the comparability check. */
  allowMismatch?: readonly string[];
}

export interface GateComparability {
  comparable: boolean;
  source: string;
  differences: { key: string; task: string; baseline: string; candidate: string; why: string; allowed: boolean }[];
  not_reported: string[];
}

export interface GateRow {
  benchmark: string;
  n_items: number;
  /** Candidate right, baseline wrong / baseline right, candidate wrong. */
  candidate_only: number;
  baseline_only: number;
  score_baseline: number;
  score_candidate: number;
  /** candidate − baseline. */
  diff: number;
  /** One-sided upper bound at level 1 − upper_alpha (matched to p_regression_adjusted). */
  upper: number;
  upper_alpha: number;
  /** One-sided lower bound at level 1 − alpha (unadjusted; see the header). */
  lower: number;
  p_regression: number;
  p_regression_adjusted: number;
  p_noninferiority: number;
  regression: boolean;
  noninferior: boolean;
  power_at_margin: number;
  regression_mde_80: number;
  verdict: 'regression' | 'non-inferior' | 'inconclusive';
  sentence: string;
}

export interface GateReport {
  schema_version: 1;
  kind: 'gate';
  baseline: string;
  candidate: string;
  margin: number;
  alpha: number;
  require_noninferiority: boolean;
  method: string;
  benchmarks: GateRow[];
  status: 'pass' | 'regression' | 'noninferiority_not_shown' | 'not_comparable';
  exit_code: 0 | 4 | 5;
  /** The setup check of the two runs (null when neither logs nor setup columns say how they were run). */
  comparability: GateComparability | null;
  summary: string;
  skipped: { part: string; reason: string }[];
  warnings: string[];
}

const pts = (x: number, d = 1): string => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(d)}`;

export function runGate(lb: Leaderboard, options: GateOptions): GateReport {
  const margin = options.margin ?? 0.01;
  const alpha = options.alpha ?? 0.05;
  if (!(margin >= 0 && margin < 1)) throw new RangeError(`runGate: margin must be in [0, 1), got ${margin}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`runGate: alpha must be in (0, 0.5), got ${alpha}`);
  const ib = findModel(lb, options.baseline, 'baseline');
  const ic = findModel(lb, options.candidate, 'candidate');
  const base = lb.models[ib]!.id;
  const cand = lb.models[ic]!.id;
  if (ib === ic) throw new InputError('(models)', 0, 0, `baseline and candidate are the same model ("${base}")`);
  if (!lb.responses) throw new InputError('(scores)', 0, 0, 'the gate needs item responses of both models (a paired test); benchmark-score tables cannot show a paired difference');
  const skipped: { part: string; reason: string }[] = [];
  const warnings: string[] = [];
  const comp = checkComparable(lb, ib, ic, options, skipped);
  if (comp) for (const w of comparableWarnings(comp)) {
    warnings.push(w);
    options.onWarning?.(w);
  }
  const shared = sharedItems(lb, ic, ib); // a = candidate, b = baseline
  const used = shared.filter((s) => {
    if (s.items.length === 0) {
      skipped.push({ part: s.benchmark, reason: `no items answered by both ${base} and ${cand}` });
      const m = `${s.benchmark}: not gated — no items answered by both models`;
      warnings.push(m);
      options.onWarning?.(m);
      return false;
    }
    return true;
  });
  if (used.length === 0) throw new InputError('(responses)', 0, 0, `no items answered by both ${base} and ${cand}`);
  const m = used.length;
  const zA = normQuantile(1 - alpha);
  const raw = used.map((s) => {
    let b = 0;
    let c = 0;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < s.a.length; i++) {
      sa += s.a[i]!;
      sb += s.b[i]!;
      if (s.a[i] && !s.b[i]) b++;
      else if (!s.a[i] && s.b[i]) c++;
    }
    const n = s.a.length;
    return { s, n, b, c, sa, sb, pReg: tangoP(b, c, n, -margin, 'less'), pNi: tangoP(b, c, n, -margin, 'greater') };
  });
  const adj = adjustP(raw.map((r) => r.pReg), 'holm');
  const rows: GateRow[] = raw.map((r, k) => {
    const pAdj = adj[k]!;
    const ua = matchedAlpha(alpha, r.pReg, pAdj, m);
    const upper = tangoBound(r.b, r.c, r.n, ua, 'upper');
    const lower = tangoBound(r.b, r.c, r.n, alpha, 'lower');
    const diff = (r.b - r.c) / r.n;
    const sigma0 = Math.sqrt((r.b + r.c) / r.n / r.n);
    const regression = pAdj < alpha;
    const noninferior = lower > -margin;
    const verdict: GateRow['verdict'] = regression ? 'regression' : noninferior ? 'non-inferior' : 'inconclusive';
    const sentence =
      verdict === 'regression'
        ? `${r.s.benchmark}: the candidate is worse by more than the margin: ${pts(diff)} points, upper bound ${pts(upper)} < −${(100 * margin).toFixed(1)} (Holm)`
        : verdict === 'non-inferior'
          ? `${r.s.benchmark}: non-inferior: ${pts(diff)} points, lower bound ${pts(lower)} > −${(100 * margin).toFixed(1)}`
          : `${r.s.benchmark}: no regression beyond the margin shown, but non-inferiority not shown either: ${pts(diff)} points [${pts(lower)}, ${pts(upper)}] (power at the margin ${Math.round(100 * (sigma0 > 0 ? normCdf(margin / sigma0 - zA) : 1))} %)`;
    return {
      benchmark: r.s.benchmark,
      n_items: r.n,
      candidate_only: r.b,
      baseline_only: r.c,
      score_baseline: r.sb / r.n,
      score_candidate: r.sa / r.n,
      diff,
      upper,
      upper_alpha: ua,
      lower,
      p_regression: r.pReg,
      p_regression_adjusted: pAdj,
      p_noninferiority: r.pNi,
      regression,
      noninferior,
      power_at_margin: sigma0 > 0 ? normCdf(margin / sigma0 - zA) : 1,
      regression_mde_80: margin + (normQuantile(1 - alpha / m) + normQuantile(0.8)) * sigma0,
      verdict,
      sentence,
    };
  });
  const anyReg = rows.some((r) => r.regression);
  const allNi = rows.every((r) => r.noninferior);
  const comparable = !comp || comp.comparable;
  const status: GateReport['status'] = !comparable ? 'not_comparable' : anyReg ? 'regression' : options.requireNoninferiority && !allNi ? 'noninferiority_not_shown' : 'pass';
  const summary =
    status === 'not_comparable'
      ? `NOT COMPARABLE: ${base} and ${cand} were not evaluated the same way (${comp!.differences.filter((d) => !d.allowed).map((d) => `${d.key}${d.task !== '*' ? ` on ${d.task}` : ''}`).join(', ')}); a score difference would mix the models with the setup. The numbers are shown but not gated.`
      : status === 'regression'
      ? `FAIL: ${cand} regresses against ${base} by more than ${(100 * margin).toFixed(1)} points on ${rows.filter((r) => r.regression).map((r) => r.benchmark).join(', ')}.`
      : status === 'noninferiority_not_shown'
        ? `FAIL: non-inferiority of ${cand} to ${base} (margin ${(100 * margin).toFixed(1)} points) is not shown on ${rows.filter((r) => !r.noninferior).map((r) => r.benchmark).join(', ')} — the comparison may be underpowered (see power at the margin).`
        : `PASS: no regression of ${cand} against ${base} beyond ${(100 * margin).toFixed(1)} points${allNi ? '; non-inferior on every benchmark' : `; non-inferiority not shown on ${rows.filter((r) => !r.noninferior).length} of ${rows.length} benchmarks (not required)`}.`;
  return {
    schema_version: 1,
    kind: 'gate',
    baseline: base,
    candidate: cand,
    margin,
    alpha,
    require_noninferiority: !!options.requireNoninferiority,
    method: `Tango (1998) score statistic for paired proportions, one-sided at level ${alpha}; regression tests Holm-adjusted over ${m} benchmarks (upper bounds at the matched levels); non-inferiority lower bounds unadjusted (intersection–union test over benchmarks).`,
    benchmarks: rows,
    status,
    exit_code: status === 'pass' ? 0 : status === 'not_comparable' ? 4 : 5,
    comparability: comp
      ? {
          comparable: comp.comparable,
          source: comp.a.source,
          differences: comp.differences.map((d) => ({ key: d.key, task: d.task, baseline: d.a, candidate: d.b, why: d.why, allowed: d.allowed })),
          not_reported: [...new Set(comp.unknown.map((u) => u.key))],
        }
      : null,
    summary,
    skipped,
    warnings,
  };
}

/** The setup check of the two sides: harness results files, else a models file's setup columns; null (skipped) otherwise. */
export function checkComparable(lb: Leaderboard, ib: number, ic: number, options: Pick<GateOptions, 'setupFiles' | 'allowMismatch'>, skipped: { part: string; reason: string }[]): ComparableReport | null {
  const base = lb.models[ib]!;
  const cand = lb.models[ic]!;
  const allow = { allow: options.allowMismatch ?? [] };
  if (options.setupFiles && options.setupFiles.length > 0) {
    const byModel = lmEvalResultsByModel(options.setupFiles);
    const fb = byModel.get(base.id);
    const fc = byModel.get(cand.id);
    if (!fb || !fc) {
      skipped.push({ part: 'comparability', reason: `no harness results file for ${!fb ? base.id : cand.id}` });
      return null;
    }
    let sb;
    let sc;
    try {
      sb = setupFromLmEvalResults(fb);
      sc = setupFromLmEvalResults(fc);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      skipped.push({ part: 'comparability', reason: `the results files do not say how the runs were set up: ${e.message}` });
      return null;
    }
    return runComparable(sb, sc, allow);
  }
  const sb = setupFromModelMeta(base);
  const sc = setupFromModelMeta(cand);
  if (sb && sc) return runComparable(sb, sc, allow);
  skipped.push({ part: 'comparability', reason: 'no evaluation setup given (harness logs, or setup columns of a models file): not checked' });
  return null;
}
