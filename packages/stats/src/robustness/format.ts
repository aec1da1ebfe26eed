// Terminal text of the robustness report (report → string).
import type { RobustnessReport } from './reduce.js';

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const iv = (x: [number, number] | null | undefined, d = 3): string => (x ? `[${f(x[0], d)}, ${f(x[1], d)}]` : '—');
const pc = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(0)} %`);

export function formatRobustness(rep: RobustnessReport): string {
  const out: string[] = [];
  out.push(`cartograph robustness — ${rep.n_models} models, ${rep.n_items_pool} items in ${rep.benchmarks.length} benchmarks; plan ${rep.plan.plan_hash.slice(0, 12)}`);
  for (const d of rep.design) out.push(`  ${d}`);
  const b = rep.bootstrap;
  if (b) {
    out.push('');
    out.push(`Item-resampled bootstrap: ${b.replicates} replicates (${b.replicates_with_usable_fit} with a usable fit${b.failed.length ? `, ${b.failed.length} failed` : ''})`);
    out.push(`Rule: ${b.rule}`);
    out.push(['structure'.padEnd(20), 'selected'.padStart(8), 'rate'.padStart(6), '95% interval'.padStart(14), 'usable'.padStart(7), 'heywood'.padStart(8), 'boundary'.padStart(9), 'not conv.'.padStart(9), 'CFI_s median'.padStart(13), 'RMSEA_s median'.padStart(15)].join(' '));
    for (const s of b.structures)
      out.push([s.structure.padEnd(20), String(s.selected).padStart(8), pc(s.selection_rate).padStart(6), iv(s.selection_interval, 2).padStart(14), String(s.usable).padStart(7), String(s.status_counts.heywood ?? 0).padStart(8), String(s.status_counts.boundary ?? 0).padStart(9), String((s.status_counts.not_converged ?? 0) + (s.status_counts.not_identified ?? 0)).padStart(9), f(s.fit.cfi_scaled.q50).padStart(13), f(s.fit.rmsea_scaled.q50, 4).padStart(15)].join(' '));
    out.push(b.interpretation);
  }
  const p = rep.permutation;
  if (p) {
    out.push('');
    out.push(`Permutation control: ${p.permutations} random item→benchmark assignments (sizes kept)`);
    out.push(['structure'.padEnd(20), 'observed CFI_s'.padStart(15), 'permuted median'.padStart(16), 'p(CFI_s)'.padStart(9), 'p(RMSEA_s)'.padStart(11), 'p(SRMR)'.padStart(8)].join(' '));
    for (const s of p.structures)
      out.push([s.structure.padEnd(20), f(s.observed.cfi_scaled).padStart(15), f(s.permuted.cfi_scaled.q50).padStart(16), f(s.p_values.cfi_scaled, 4).padStart(9), f(s.p_values.rmsea_scaled, 4).padStart(11), f(s.p_values.srmr, 4).padStart(8)].join(' '));
    out.push(p.interpretation);
  }
  const o = rep.oos;
  if (o) {
    out.push('');
    out.push(`Out-of-sample prediction: ${o.folds} folds, ${o.held_out_models} held-out models, ${o.common_cells} hidden cells predicted by every predictor (of ${o.hidden_cells})`);
    out.push(['predictor'.padEnd(20), 'AUC'.padStart(6), '95% interval'.padStart(16), 'Δ vs general'.padStart(13), '95% interval'.padStart(18), 'MAE pp'.padStart(7), '95% interval'.padStart(16)].join(' '));
    for (const q of o.predictors)
      out.push([q.predictor.padEnd(20), f(q.auc).padStart(6), iv(q.auc_interval).padStart(16), f(q.auc_minus_general, 4).padStart(13), iv(q.auc_minus_general_interval, 4).padStart(18), f(q.mae_pp, 1).padStart(7), iv(q.mae_interval, 1).padStart(16)].join(' '));
    out.push(o.interpretation);
  }
  if (rep.aggregation) {
    const rows = rep.aggregation.rows.filter((r) => r.quantity === 'ecv' || r.quantity === 'omega_h');
    if (rows.length) {
      out.push('');
      out.push('Aggregation across bootstrap replicates (ECV and ω_h of the bifactor-family structures):');
      for (const r of rows) out.push(`  ${r.structure.padEnd(20)} ${r.quantity.padEnd(8)} mean ${f(r.mean)}  SD ${f(r.sd)}  2.5–97.5 % ${iv(r.interval)}  full data ${f(r.full_data)}  (n = ${r.n})`);
    }
    out.push(rep.aggregation.interpretation);
  }
  if (rep.skipped.length) {
    out.push('');
    out.push('Not computed:');
    for (const s of rep.skipped) out.push(`  ${s.part}: ${s.reason}`);
  }
  return out.join('\n');
}
