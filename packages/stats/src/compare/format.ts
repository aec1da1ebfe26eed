// Terminal text for compare, ties and gate reports, and gate.md (a pull-request comment). Plain text, no colours.
import { fmtP, type CompareReport, type CompareRow } from './compare.js';
import type { GateReport } from './gate.js';
import type { TiesReport } from './ties.js';

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Percentage points with a typographic minus (never "−0.0"). */
const pt = (x: number | null, d = 1): string => {
  if (x === null || Number.isNaN(x)) return '—';
  const s = (100 * Math.abs(x)).toFixed(d);
  return x < 0 && Number(s) !== 0 ? `−${s}` : s;
};
const sp = (x: number, d = 1): string => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(d)}`;

const TEST: Record<CompareRow['test'], string> = { score: 'χ²', exact: 'exact', clustered_wald: 'Wald-cl', independent_wald: 'Wald' };

export function formatCompare(rep: CompareReport): string {
  const out: string[] = [];
  const pct = Math.round(100 * (1 - rep.alpha));
  out.push(`cartograph compare — A = ${rep.model_a}, B = ${rep.model_b} (${rep.source === 'responses' ? 'paired, on the items both answered' : 'benchmark scores, independent proportions'})`);
  out.push('');
  const rows: CompareRow[] = [...rep.benchmarks, ...(rep.overall ? [rep.overall] : [])];
  const w = Math.max(9, ...rows.map((r) => Math.min(24, r.benchmark.length)));
  const head = [pad('benchmark', w), pad('items', 6, true), pad('A only', 7, true), pad('B only', 7, true), pad('A − B', 7, true), pad('SE', 5, true), pad(`${pct} % CI`, 15, true), pad('bootstrap', 15, true), pad('p exact', 8, true), pad('p χ²', 8, true), pad(`p ${rep.adjustment === 'holm' ? 'Holm' : 'BH'}`, 8, true), pad('test', 7, true), pad('mde80', 6, true), pad('need', 7, true)];
  out.push(head.join(' '));
  out.push('-'.repeat(head.join(' ').length));
  for (const r of rows) {
    if (r === rep.overall) out.push('');
    out.push([
      pad(cut(r.benchmark, 24), w),
      pad(Number.isInteger(r.n_items) ? String(r.n_items) : `≈${Math.round(r.n_items)}`, 6, true),
      pad(r.a_only === null ? '—' : String(r.a_only), 7, true),
      pad(r.b_only === null ? '—' : String(r.b_only), 7, true),
      pad(sp(r.diff), 7, true),
      pad(pt(r.se), 5, true),
      pad(`[${pt(r.ci_low)}, ${pt(r.ci_high)}]`, 15, true),
      pad(r.bootstrap_low === null ? '—' : `[${pt(r.bootstrap_low)}, ${pt(r.bootstrap_high)}]`, 15, true),
      pad(r.p_exact === null ? '—' : fmtP(r.p_exact), 8, true),
      pad(r.p_chisq === null ? '—' : fmtP(r.p_chisq), 8, true),
      pad(r === rep.overall ? '(single)' : fmtP(r.p_adjusted), 8, true),
      pad(TEST[r.test], 7, true),
      pad(pt(r.mde_80), 6, true),
      pad(r.items_needed === null ? '—' : String(r.items_needed), 7, true),
    ].join(' '));
  }
  out.push('');
  out.push(`p ${rep.adjustment === 'holm' ? 'Holm' : 'BH'} adjusts each verdict's test (χ² = McNemar's χ², the score test Tango's interval inverts; exact = exact McNemar, used below 25 discordant items; Wald-cl = Wald on the clustered SE; Wald = two independent proportions) over the ${rep.benchmarks.length} benchmark${rep.benchmarks.length === 1 ? '' : 's'}; overall is a single test.`);
  out.push(`Points (percentage points of accuracy). mde80 = difference detectable at 80 % power with these items; need = items to detect ${pt(rep.detect)} points.`);
  out.push('');
  out.push('Verdicts:');
  for (const r of rows) out.push(`- ${r.verdict}`);
  const hs = rows.filter((r) => r.harness);
  if (hs.length > 0) {
    out.push('');
    out.push("The harness's own stderr:");
    for (const r of hs) out.push(`- ${r.benchmark}: A ${pt(r.harness!.stderr_a, 2)}, B ${pt(r.harness!.stderr_b, 2)} → ${r.harness!.note}`);
  }
  const ls = rows.filter((r) => r.latent);
  if (ls.length > 0) {
    out.push('');
    out.push('Latent comparison, P(θ_A > θ_B | item parameters) — a posterior probability that ignores calibration uncertainty, not a p-value:');
    for (const r of ls) out.push(`- ${r.benchmark}: θ_A = ${r.latent!.mean_a.toFixed(2)} (SD ${r.latent!.sd_a.toFixed(2)}), θ_B = ${r.latent!.mean_b.toFixed(2)} (SD ${r.latent!.sd_b.toFixed(2)}): P = ${r.latent!.p_a_greater.toFixed(3)}`);
  }
  if (rep.cluster_note) out.push('', rep.cluster_note);
  for (const s of rep.skipped) out.push(`skipped ${s.part}: ${s.reason}`);
  out.push('');
  for (const n of rep.notes) out.push(n);
  return out.join('\n');
}

export function formatTies(rep: TiesReport): string {
  const out: string[] = [];
  out.push(`cartograph ties — top ${rep.top} of ${rep.n_models} models by ${rep.scope}, ${rep.n_items} items; ${Math.round(100 * (1 - rep.alpha))} % rank confidence sets`);
  out.push('');
  const w = Math.min(48, Math.max(5, ...rep.models.map((m) => m.model.length)));
  out.push([pad('model', w), pad('score', 6, true), pad('rank', 5, true), pad('rank set', 10, true), pad('joint set', 10, true), '  cannot be told apart from (of the top)'].join(' '));
  for (const m of rep.models) {
    out.push([
      pad(cut(m.model, w), w),
      pad(m.score.toFixed(3), 6, true),
      pad(String(m.rank), 5, true),
      pad(m.rank_lo === m.rank_hi ? String(m.rank_lo) : `${m.rank_lo}–${m.rank_hi}`, 10, true),
      pad(m.joint_rank_lo === m.joint_rank_hi ? String(m.joint_rank_lo) : `${m.joint_rank_lo}–${m.joint_rank_hi}`, 10, true),
      `  ${m.tied_with.length === 0 ? '—' : m.tied_with.length <= 3 ? m.tied_with.join(', ') : `${m.tied_with.length} models`}`,
    ].join(' '));
  }
  out.push('');
  out.push(`Tie groups (walking down the ranking): ${rep.tie_groups.map((g) => `{${g.length <= 3 ? g.join(', ') : `${g[0]} + ${g.length - 1} more`}}`).join(' ')}`);
  out.push(`Rule: ${rep.rule}.`);
  out.push(`Method: ${rep.method}.`);
  for (const n of rep.notes) out.push(n);
  return out.join('\n');
}

export function formatGate(rep: GateReport): string {
  const out: string[] = [];
  out.push(`cartograph gate — baseline ${rep.baseline}, candidate ${rep.candidate}, margin ${pt(rep.margin)} points, one-sided ${Math.round(100 * (1 - rep.alpha))} %`);
  out.push('');
  const w = Math.max(9, ...rep.benchmarks.map((r) => Math.min(24, r.benchmark.length)));
  out.push([pad('benchmark', w), pad('items', 6, true), pad('cand − base', 12, true), pad('lower', 7, true), pad('upper', 7, true), pad('p reg (Holm)', 13, true), pad('power@margin', 13, true), '  verdict'].join(' '));
  for (const r of rep.benchmarks) {
    out.push([pad(cut(r.benchmark, 24), w), pad(String(r.n_items), 6, true), pad(sp(r.diff), 12, true), pad(sp(r.lower), 7, true), pad(sp(r.upper), 7, true), pad(fmtP(r.p_regression_adjusted), 13, true), pad(`${Math.round(100 * r.power_at_margin)} %`, 13, true), `  ${r.verdict}`].join(' '));
  }
  out.push('');
  for (const r of rep.benchmarks) out.push(`- ${r.sentence}`);
  for (const d of rep.comparability?.differences ?? []) out.push(`${d.allowed ? '(allowed) ' : '✗ '}setup differs: ${d.key}${d.task !== '*' ? ` on ${d.task}` : ''}: baseline ${d.baseline} | candidate ${d.candidate} — ${d.why}`);
  if (rep.comparability && rep.comparability.differences.length === 0) out.push(`Setup check (${rep.comparability.source}): no difference in what both runs report${rep.comparability.not_reported.length ? ` (not reported by one side: ${rep.comparability.not_reported.join(', ')})` : ''}.`);
  for (const s of rep.skipped) out.push(`skipped ${s.part}: ${s.reason}`);
  out.push('');
  out.push(rep.method);
  out.push(rep.summary);
  return out.join('\n');
}

/** Markdown-escape a string from an input file (table cells, inline text). */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}

/** gate.md: a pull-request comment. */
export function gateMarkdown(rep: GateReport): string {
  const e = mdEscape;
  const icon = rep.status === 'pass' ? '✅' : '❌';
  const out: string[] = [];
  const head = { pass: 'pass', regression: 'regression', noninferiority_not_shown: 'non-inferiority not shown', not_comparable: 'not comparable (not evaluated the same way)' }[rep.status];
  out.push(`### ${icon} cartograph gate: ${head}`);
  out.push('');
  out.push(`Candidate **${e(rep.candidate)}** against baseline **${e(rep.baseline)}**, margin ${pt(rep.margin)} points, one-sided ${Math.round(100 * (1 - rep.alpha))} % bounds${rep.require_noninferiority ? ', non-inferiority required' : ''}.`);
  out.push('');
  out.push('| benchmark | items | baseline | candidate | difference | interval (lower, upper) | power at the margin | verdict |');
  out.push('| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |');
  for (const r of rep.benchmarks) {
    out.push(`| ${e(r.benchmark)} | ${r.n_items} | ${pt(r.score_baseline)} | ${pt(r.score_candidate)} | ${sp(r.diff)} | [${sp(r.lower)}, ${sp(r.upper)}] | ${Math.round(100 * r.power_at_margin)} % | ${r.verdict} |`);
  }
  out.push('');
  out.push(e(rep.summary));
  const diffs = rep.comparability?.differences.filter((d) => !d.allowed) ?? [];
  if (diffs.length > 0) {
    out.push('');
    out.push('| setup key | task | baseline | candidate | why it matters |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const d of diffs) out.push(`| ${e(d.key)} | ${e(d.task)} | ${e(d.baseline)} | ${e(d.candidate)} | ${e(d.why)} |`);
  }
  out.push('');
  out.push(`<sub>${rep.method} Lower bound: non-inferiority is shown when it is above −margin; upper bound: a regression is flagged when it is below −margin. Power at the margin: the chance of showing non-inferiority if the two models were truly equal, with these items.</sub>`);
  return `${out.join('\n')}\n`;
}
