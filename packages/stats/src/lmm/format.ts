// Terminal text of a mixed-model report (runLmm): an lme4-style summary with the Satterthwaite t tests.
import type { LmmReport } from './run.js';

const g = (x: number | null): string => (x !== null && Number.isFinite(x) ? x.toPrecision(5) : '—');

export function formatLmm(r: LmmReport): string {
  const out: string[] = [];
  out.push(`Linear mixed model fit by ${r.method === 'REML' ? 'REML' : 'maximum likelihood'}; t tests with Satterthwaite's df`);
  out.push(`Formula: ${r.formula}`);
  out.push(`${r.method === 'REML' ? 'REML criterion' : 'deviance'} ${r.criterion.toFixed(4)}   logLik ${r.log_lik.toFixed(4)}   AIC ${r.aic.toFixed(2)}   BIC ${r.bic.toFixed(2)}`);
  out.push(`Observations: ${r.n_obs}${r.n_dropped ? ` (${r.n_dropped} rows with missing values dropped)` : ''}; groups: ${Object.entries(r.n_groups).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push('');
  out.push('Random effects:');
  out.push(`  ${'group'.padEnd(22)}${'term'.padEnd(18)}${'variance'.padStart(12)}${'SD'.padStart(12)}${'% total'.padStart(9)}  corr`);
  for (const c of r.varcomp)
    out.push(
      `  ${c.group.padEnd(22)}${c.term.padEnd(18)}${g(c.variance).padStart(12)}${g(c.sd).padStart(12)}${(c.percent === null ? '' : c.percent.toFixed(2)).padStart(9)}  ${c.corr ? Object.entries(c.corr).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ') : ''}`,
    );
  out.push('');
  out.push('Fixed effects:');
  out.push(`  ${'term'.padEnd(22)}${'estimate'.padStart(12)}${'SE'.padStart(12)}${'df'.padStart(10)}${'t'.padStart(9)}${'p'.padStart(11)}`);
  for (const f of r.fixef)
    out.push(
      `  ${f.name.padEnd(22)}${g(f.estimate).padStart(12)}${g(f.se).padStart(12)}${(f.df === null ? '—' : f.df.toFixed(2)).padStart(10)}${f.t.toFixed(3).padStart(9)}${(f.p === null ? '—' : f.p.toExponential(2)).padStart(11)}`,
    );
  if (r.singular) out.push('\nboundary (singular) fit: a variance component is (near) zero');
  for (const m of r.messages) out.push(`note: ${m}`);
  out.push('');
  out.push(r.interpretation);
  return out.join('\n');
}
