// Terminal text of a cfa report (report → string; the CLI prints it, nothing here prints) and the
// object written as cfa.json (packages/stats/schemas/cfa.schema.json). Every structure gets one status
// and, when it has no numbers or inadmissible ones, its reason on the line below it.
import type { CfaReport } from './run.js';

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const p = (x: number): string => (x < 1e-4 ? x.toExponential(1) : x.toFixed(4));

/** What each status means, printed under the table for the statuses present. */
export const STATUS_MEANING: Record<string, string> = {
  admissible: 'converged, every residual variance > 0 and factor correlations positive definite',
  heywood: 'converged to an improper solution (a residual variance ≤ 0 or a non-positive-definite factor correlation matrix); its numbers are not interpretable — try --admissible',
  boundary: 'admissible with a constraint active (a residual or disturbance variance at 0, or a singular factor correlation matrix); fit statistics are descriptive, the χ² reference distribution is not exact on a boundary',
  not_converged: 'the optimizer stopped without converging; no estimates',
  not_identified: 'the information matrix is singular at the optimum; no standard errors or test',
};

export function formatCfa(rep: CfaReport): string {
  const out: string[] = [];
  out.push(`cartograph cfa — ${rep.n_models} models × ${rep.n_items} items, WLSMV (${rep.data.missing}${rep.data.models_dropped ? `, ${rep.data.models_dropped} models with a missing cell dropped` : ''})${rep.admissible_mode ? ', admissible mode' : ''}`);
  if (rep.data.not_positive_definite) out.push(`note: the tetrachoric matrix is not positive definite (smallest eigenvalue ${rep.data.min_eigenvalue.toFixed(4)}); DWLS does not need it to be; items weighing most in it: ${rep.data.npd_items.map((x) => x.item).join(', ')}`);
  if (rep.data.empty_cell_pairs.length) out.push(`note: ${rep.data.empty_cell_pairs.length} item pairs have an empty 2×2 cell (0.5 added, as lavaan): ${rep.data.empty_cell_pairs.slice(0, 5).map((q) => `${q.item1}–${q.item2}`).join(', ')}${rep.data.empty_cell_pairs.length > 5 ? ', …' : ''}`);
  out.push('');
  const head = ['structure'.padEnd(20), 'status'.padEnd(14), 'npar'.padStart(5), 'df'.padStart(6), 'χ² scaled'.padStart(11), 'p'.padStart(7), 'CFI_s'.padStart(7), 'TLI_s'.padStart(7), 'RMSEA_s'.padStart(8), '90% CI'.padStart(14), 'SRMR'.padStart(7), 'WRMR'.padStart(7)];
  out.push(head.join(' '));
  out.push('-'.repeat(head.join(' ').length));
  for (const s of rep.structures) {
    const ft = s.fit;
    out.push([
      s.structure.padEnd(20),
      s.status.padEnd(14),
      String(s.n_parameters).padStart(5),
      (ft ? String(ft.df) : '—').padStart(6),
      f(ft?.chisq_scaled, 1).padStart(11),
      f(ft?.pvalue_scaled, 3).padStart(7),
      f(ft?.cfi_scaled).padStart(7),
      f(ft?.tli_scaled).padStart(7),
      f(ft?.rmsea_scaled, 4).padStart(8),
      (ft ? `[${f(ft.rmsea_ci_lower_scaled, 3)}, ${f(ft.rmsea_ci_upper_scaled, 3)}]` : '—').padStart(14),
      f(ft?.srmr).padStart(7),
      f(ft?.wrmr).padStart(7),
    ].join(' '));
    if (s.status !== 'admissible' || !ft) out.push(`    ↳ ${s.status_reason}`);
  }
  const present = [...new Set(rep.structures.map((s) => s.status))];
  out.push('');
  for (const st of present) out.push(`${st}: ${STATUS_MEANING[st] ?? ''}`);
  if (rep.nested_tests.length) {
    out.push('');
    out.push('Nested models, scaled-shifted χ² difference test (lavTestLRT, WLSMV):');
    for (const t of rep.nested_tests) {
      if ('error' in t) out.push(`  ${t.restricted} ⊂ ${t.general}: ${t.error}`);
      else out.push(`  ${t.restricted.padEnd(12)} ⊂ ${t.general.padEnd(20)} Δχ² = ${f(t.chisq_diff_scaled, 2).padStart(9)}  Δdf = ${String(t.df_diff).padStart(4)}  p = ${p(t.pvalue)}`);
    }
    out.push('At thousands of models every difference test rejects; read the fit indices, not only the p-values. Non-nested structures: compare scaled CFI (higher) and RMSEA (lower) above.');
  }
  for (const s of rep.structures.filter((x) => x.bifactor_indices)) {
    const b = s.bifactor_indices!;
    out.push(`${s.structure}${s.status !== 'admissible' ? ` (${s.status})` : ''}: ECV(g) = ${f(b.ecv)}, ω_h = ${f(b.omega_h)}, ω = ${f(b.omega_total)}`);
  }
  if (rep.mi) {
    out.push('');
    out.push(`Largest modification indices (${rep.mi_structure}, residual item-pair covariances):`);
    for (const m of rep.mi.slice(0, 10)) out.push(`  ${m.item1} ~~ ${m.item2}  MI = ${f(m.mi, 1).padStart(8)}  SEPC = ${f(m.sepc_all).padStart(6)}  ${m.cross_benchmark ? 'cross-benchmark' : 'within benchmark'}`);
  }
  if (rep.skipped.length) {
    out.push('');
    out.push('Not computed:');
    for (const s of rep.skipped) out.push(`  ${s.part}: ${s.reason}`);
  }
  return out.join('\n');
}

/** The object written as cfa.json: the report without the score tables (their own CSV files) and with the MI list cut to the top 100 (mi.csv has all). */
export function cfaJson(rep: CfaReport): Record<string, unknown> {
  const { scores, mi, ...rest } = rep;
  return { schema_version: 1, ...rest, mi_top: mi ? mi.slice(0, 100) : null, scores_files: scores.map((s) => `scores_${s.structure}.csv`) };
}
