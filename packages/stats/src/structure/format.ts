// Terminal text of a structure report: correlations, the fit, loadings with R², the largest residual
// correlations / modification indices, and what it means.
import type { StructureReport } from './types.js';

const f = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const pv = (p: number | null): string => (p === null || !Number.isFinite(p) ? 'p = —' : p < 1e-4 ? 'p < 1e-4' : `p = ${p.toFixed(4)}`);
/** Control characters out of names read from files (terminal escapes). */
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

/** Lower triangle from `lower`, upper triangle from `upper`, '—' on the diagonal. */
function matrix(title: string, names: string[], lower: number[][], upper: number[][], d = 2): string[] {
  const w = Math.min(16, Math.max(8, ...names.map((n) => n.length)));
  const out = [title, `${''.padEnd(w + 3)}${names.map((_, j) => String(j + 1).padStart(6)).join('')}`];
  names.forEach((n, i) => out.push(`${`${String(i + 1).padStart(2)} ${n}`.padEnd(w + 3).slice(0, w + 3)}${lower[i]!.map((v, j) => (j === i ? '—' : f(j > i ? upper[i]![j]! : v, d)).padStart(6)).join('')}`));
  return out;
}

export function formatStructure(r: StructureReport): string {
  const names = r.benchmarks.map(clean);
  const out: string[] = [];
  out.push(`cartograph structure — ${r.n_models} models × ${names.length} benchmark scores, ${r.method}`);
  if (r.n_incomplete || r.n_without_cluster) out.push(`(${r.n_models_total} models read; ${r.n_incomplete} incomplete and ${r.n_without_cluster} without a cluster left out)`);
  out.push('');
  out.push(...matrix(`Correlations of ${r.correlations.n_complete} complete models (Pearson below the diagonal, Spearman above):`, names, r.correlations.pearson, r.correlations.spearman));
  out.push('');
  out.push('Distribution      mean      sd  skewness  ex.kurtosis');
  for (const d of r.distribution) out.push(`${clean(d.benchmark).padEnd(14).slice(0, 14)} ${f(d.mean).padStart(7)} ${f(d.sd).padStart(7)} ${f(d.skewness, 2).padStart(9)} ${f(d.excess_kurtosis, 2).padStart(12)}`);
  if (r.normality_note) out.push(r.normality_note);
  out.push('');
  const ft = r.fit;
  out.push(`Model: ${r.model.syntax.trim().split(/\n+/).join('; ')}${r.model.converged ? '' : '  (not estimated)'}`);
  if (ft) {
    out.push(`χ² = ${f(ft.chisq, 2)}, df = ${ft.df}, ${pv(ft.pvalue)}${ft.chisq_scaled !== null ? `; scaled (Yuan–Bentler) χ² = ${f(ft.chisq_scaled, 2)}, ${pv(ft.pvalue_scaled)}, scaling factor ${f(ft.scaling_factor, 2)}` : ''}`);
    out.push(
      ft.cfi_robust !== null
        ? `robust CFI = ${f(ft.cfi_robust)}, TLI = ${f(ft.tli_robust)}, RMSEA = ${f(ft.rmsea_robust)} [90 % CI ${f(ft.rmsea_ci_lower)}, ${f(ft.rmsea_ci_upper)}], SRMR = ${f(ft.srmr)}`
        : `CFI = ${f(ft.cfi)}, TLI = ${f(ft.tli)}, RMSEA = ${f(ft.rmsea)} [90 % CI ${f(ft.rmsea_ci_lower)}, ${f(ft.rmsea_ci_upper)}], SRMR = ${f(ft.srmr)}`,
    );
    if (ft.scaling_factor !== null && ft.scaling_factor > 1.5) out.push(`The scaling factor ${f(ft.scaling_factor, 2)} says the normal-theory χ² is that many times too large for these data (heavy tails${r.cluster ? ' and models clustered by ' + r.cluster.variable : ''}); read the scaled χ² and the robust indices.`);
    if (r.model.heywood.length) out.push(`Heywood case: ${r.model.heywood.map(clean).join('; ')}`);
    out.push('');
    out.push(`${'factor'.padEnd(8)} ${'benchmark'.padEnd(14)} ${'loading'.padStart(9)} ${'SE'.padStart(8)} ${'std'.padStart(7)} ${'std SE'.padStart(7)} ${'R²'.padStart(6)}`);
    for (const l of r.loadings) {
      const r2 = r.residual_variances.find((x) => x.benchmark === l.benchmark)?.r_squared;
      out.push(`${clean(l.factor).padEnd(8)} ${clean(l.benchmark).padEnd(14).slice(0, 14)} ${f(l.est, 4).padStart(9)} ${f(l.se, 4).padStart(8)} ${f(l.std_all).padStart(7)} ${f(l.std_se).padStart(7)} ${f(r2).padStart(6)}`);
    }
    const cov = r.parameters.filter((q) => q.op === '~~' && q.lhs !== q.rhs);
    if (cov.length) {
      out.push('Covariances (std = correlation; between benchmarks: of their residuals):');
      for (const q of cov) out.push(`  ${clean(q.lhs)} ~~ ${clean(q.rhs)}  ${f(q.est, 5)} (SE ${f(q.se, 5)}), std ${f(q.std_all)} (SE ${f(q.std_se)})`);
    }
  }
  if (r.omega !== null) out.push(`ω (sum of the scores) = ${f(r.omega)}`);
  out.push('');
  const top = r.mi.filter((m) => Number.isFinite(m.mi)).slice(0, 5);
  if (top.length) {
    out.push('Largest modification indices (residual covariances; residual r = observed − implied correlation):');
    for (const m of top) out.push(`  ${clean(m.benchmark1)} ~~ ${clean(m.benchmark2)}  MI = ${f(m.mi, 1).padStart(8)}  SEPC = ${f(m.sepc_all).padStart(6)}  residual r = ${f(m.residual_r).padStart(6)}`);
    out.push('');
  }
  if (r.cluster) out.push(r.cluster.note);
  for (const n of r.notes) out.push(n);
  for (const s of r.skipped) out.push(`skipped ${s.part}: ${s.reason}`);
  out.push(r.identification_note);
  out.push('');
  out.push(r.interpretation);
  return out.join('\n');
}
