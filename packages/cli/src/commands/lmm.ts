// `cartograph lmm --data CSV --formula "y ~ x + (1|g)"`: any linear mixed model of the lme4 subset
// (packages/stats/src/lmm), by REML (default) or ML, with Satterthwaite t tests (lmerTest numbers).
// Prints an lme4-style summary; with --out writes lmm.json (the full fit, BLUPs with conditional
// variances included).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { fitLmm, InputError, isMissingToken, parseCsv, type LmmData, type LmmFit } from '@cartograph/stats';
import { withOutput } from '../output.js';

interface Flags {
  data: string;
  formula: string;
  ml?: boolean;
  satterthwaite: boolean;
  out?: string;
}

/** Columns of a CSV as numbers (every non-missing cell numeric) or strings; missing cells → NaN / null. */
export function csvColumns(text: string, file: string): LmmData {
  const t = parseCsv(text, file);
  const data: LmmData = {};
  t.header.forEach((name, c) => {
    const cells = t.rows.map((r) => r[c] ?? '');
    const numeric = cells.every((s) => isMissingToken(s) || Number.isFinite(Number(s.trim())));
    data[name] = numeric ? Float64Array.from(cells, (s) => (isMissingToken(s) ? NaN : Number(s.trim()))) : cells.map((s) => (isMissingToken(s) ? null : s));
  });
  return data;
}

const g = (x: number): string => (Number.isFinite(x) ? x.toPrecision(5) : '—');

export function formatLmm(fit: LmmFit): string {
  const out: string[] = [];
  out.push(`Linear mixed model fit by ${fit.reml ? 'REML' : 'maximum likelihood'}; t tests with Satterthwaite's df`);
  out.push(`Formula: ${fit.formula}`);
  out.push(`${fit.reml ? 'REML criterion' : 'deviance'} ${fit.criterion.toFixed(4)}   logLik ${fit.logLik.toFixed(4)}   AIC ${fit.AIC.toFixed(2)}   BIC ${fit.BIC.toFixed(2)}`);
  out.push(`Observations: ${fit.nobs}${fit.dropped ? ` (${fit.dropped} rows with missing values dropped)` : ''}; groups: ${Object.entries(fit.ngroups).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push('');
  out.push('Random effects:');
  out.push(`  ${'group'.padEnd(22)}${'term'.padEnd(18)}${'variance'.padStart(12)}${'SD'.padStart(12)}${'% total'.padStart(9)}  corr`);
  for (const c of fit.varcomp)
    out.push(
      `  ${c.group.padEnd(22)}${c.term.padEnd(18)}${g(c.variance).padStart(12)}${g(c.sd).padStart(12)}${(c.percent === null ? '' : c.percent.toFixed(2)).padStart(9)}  ${c.corr ? Object.entries(c.corr).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ') : ''}`,
    );
  out.push('');
  out.push('Fixed effects:');
  out.push(`  ${'term'.padEnd(22)}${'estimate'.padStart(12)}${'SE'.padStart(12)}${'df'.padStart(10)}${'t'.padStart(9)}${'p'.padStart(11)}`);
  for (const f of fit.fixef)
    out.push(`  ${f.name.padEnd(22)}${g(f.estimate).padStart(12)}${g(f.se).padStart(12)}${f.df.toFixed(2).padStart(10)}${f.t.toFixed(3).padStart(9)}${f.p.toExponential(2).padStart(11)}`);
  if (fit.singular) out.push('\nboundary (singular) fit: a variance component is (near) zero');
  for (const m of fit.messages) out.push(`note: ${m}`);
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('lmm')
    .description('Linear mixed model (lme4 formula subset) by REML or ML with Satterthwaite t tests')
    .requiredOption('--data <CSV>', 'data file: one row per observation, named columns')
    .requiredOption('--formula <FORMULA>', 'e.g. "score ~ log10_params + (1|benchmark) + (1|contributor)"')
    .option('--ml', 'maximum likelihood instead of REML')
    .option('--no-satterthwaite', 'skip the Satterthwaite df (faster)')
    .option('--out <DIR>', 'write lmm.json there')
    .action(async (opts: Flags) => {
      let text: string;
      try {
        text = readFileSync(opts.data, 'utf8');
      } catch (e) {
        throw new InputError(opts.data, 0, 0, `cannot read: ${(e as Error).message}`);
      }
      const data = csvColumns(text, opts.data);
      process.stderr.write(`lmm: fitting ${opts.formula}\n`);
      const t0 = Date.now();
      const fit = fitLmm(data, opts.formula, { reml: !opts.ml, satterthwaite: opts.satterthwaite, source: opts.data });
      process.stderr.write(`lmm: done in ${((Date.now() - t0) / 1000).toFixed(2)} s (${fit.optimizer.evaluations} deviance evaluations)\n`);
      process.stdout.write(`${formatLmm(fit)}\n`);
      await withOutput(opts.out, async (out) => {
        out?.writeJson('lmm.json', fit);
      });
    });
}
