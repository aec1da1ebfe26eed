// `cartograph irt`: fit a full-information IRT model (packages/stats/src/irt) — 1PL/2PL/3PL or bifactor
// (one specific per benchmark) — and print the fit summary and item parameters; M2 for unidimensional
// models up to 60 items; --out writes irt.json, items.csv and scores.csv (EAP and posterior SD per factor).
import type { Command } from 'commander';
import { InputError, fitIrt, m2Statistic, scoreIrt, type IrtFit } from '@cartograph/stats';
import { addInputOptions, loadInputs, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  model: string;
  link: string;
  guessing?: string;
  top: number;
  quiet?: boolean;
}

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

export function formatIrt(fit: IrtFit, top: number, m2: string | null): string {
  const out: string[] = [];
  out.push(`cartograph irt — ${fit.model} (${fit.link} link), ${fit.nPersons} models × ${fit.nItems} items${fit.excludedItems.length ? ` (${fit.excludedItems.length} constant/empty items excluded)` : ''}`);
  out.push(`log-likelihood ${fit.loglik.toFixed(3)}, ${fit.nParameters} parameters, AIC ${fit.aic.toFixed(1)}, BIC ${fit.bic.toFixed(1)}; ${fit.convergence.message} (${fit.iterations} EM evaluations)`);
  out.push(`quadrature: ${fit.quadrature.general.points} points over ±${fit.quadrature.general.range}${fit.quadrature.specific ? `; specifics ${fit.quadrature.specific.points} over ±${fit.quadrature.specific.range}` : ''}`);
  if (m2) out.push(m2);
  out.push('');
  const F = fit.factors;
  out.push(['item'.padEnd(24), ...F.map((f) => `a_${f}`.slice(0, 10).padStart(10)), 'd'.padStart(8), 'se(d)'.padStart(7), ...F.map((f) => `λ_${f}`.slice(0, 9).padStart(9)), 'c'.padStart(6)].join(' '));
  for (const it of fit.items.slice(0, top)) {
    out.push([
      (it.id.length > 24 ? `${it.id.slice(0, 23)}…` : it.id).padEnd(24),
      ...it.slopes.map((a) => f3(a).padStart(10)),
      f3(it.intercept).padStart(8),
      f3(it.se?.intercept).padStart(7),
      ...it.loadings.map((l) => f3(l).padStart(9)),
      f3(it.guessing).padStart(6),
    ].join(' '));
  }
  if (fit.items.length > top) out.push(`… ${fit.items.length - top} more items (all in items.csv with --out)`);
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('irt')
    .description('full-information IRT by marginal ML (EM): 1PL/2PL/3PL or bifactor (one specific per benchmark); item parameters with SEs, loadings, log-likelihood, M2; --out writes irt.json, items.csv, scores.csv');
  addInputOptions(cmd);
  cmd
    .option('--model <m>', '1PL, 2PL, 3PL or bifactor (default: bifactor with ≥ 2 benchmarks, else 2PL)', '')
    .option('--link <link>', 'logistic or normal', 'logistic')
    .option('--guessing <c>', '3PL: a fixed guessing floor in [0, 1) (default: estimated)')
    .option('--top <n>', 'item rows to print', (v: string) => Number(v), 20)
    .option('--quiet', 'print nothing but errors and the files written')
    .action(async (opts: Flags) => {
      if (opts.link !== 'logistic' && opts.link !== 'normal') throw new InputError('--link', 0, 0, `expected logistic or normal, got "${opts.link}"`);
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) console.error(`warning: ${w}`);
      if (!lb.responses) throw new InputError('--responses', 0, 0, 'irt needs item-level responses');
      const bench = lb.items.map((i) => i.benchmark);
      const model = opts.model || (new Set(bench).size >= 2 ? 'bifactor' : '2PL');
      if (!['1PL', '2PL', '3PL', 'bifactor'].includes(model)) throw new InputError('--model', 0, 0, `expected 1PL, 2PL, 3PL or bifactor, got "${model}"`);
      let guessing: number | 'estimate' | undefined;
      if (opts.guessing !== undefined) {
        guessing = Number(opts.guessing);
        if (!(guessing >= 0 && guessing < 1)) throw new InputError('--guessing', 0, 0, `expected a number in [0, 1), got "${opts.guessing}"`);
      }
      const t0 = Date.now();
      const fit = fitIrt(lb.responses, {
        model: model as '1PL' | '2PL' | '3PL' | 'bifactor',
        link: opts.link as 'logistic' | 'normal',
        guessing,
        itemIds: lb.items.map((i) => i.id),
        itemSpecific: model === 'bifactor' ? bench : undefined,
        onProgress: (k, ll) => (k % 10 === 0 ? console.error(`  EM ${k}: log-likelihood ${ll.toFixed(2)}`) : undefined),
      });
      console.error(`  ${fit.convergence.message} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const w of fit.warnings) console.error(`warning: ${w}`);
      let m2: string | null = null;
      let m2res = null;
      if (fit.factors.length === 1 && fit.nItems <= 60 && !lb.responses.hasMissing()) {
        m2res = m2Statistic(fit, lb.responses);
        m2 = `M2 = ${m2res.M2.toFixed(2)} on ${m2res.df} df (p = ${m2res.p.toPrecision(3)}), RMSEA2 = ${m2res.rmsea2.toFixed(4)}`;
      }
      if (!opts.quiet) console.log(formatIrt(fit, opts.top, m2));
      const files = await withOutput(opts.out, (out) => {
        if (!out) return [];
        out.writeJson('irt.json', { ...fit, m2: m2res });
        const F = fit.factors;
        const head = ['item', 'specific', ...F.map((f) => `a_${f}`), ...F.map((f) => `se_a_${f}`), 'd', 'se_d', 'c', ...F.map((f) => `loading_${f}`), 'threshold'];
        const lines = [head.join(',')];
        for (const it of fit.items)
          lines.push([JSON.stringify(it.id), it.specific ?? '', ...it.slopes, ...F.map((_, f) => it.se?.slopes[f] ?? ''), it.intercept, it.se?.intercept ?? '', it.guessing, ...it.loadings, it.threshold].join(','));
        out.write('items.csv', `${lines.join('\n')}\n`);
        const sc = scoreIrt(fit, lb.responses!);
        const sl = [['model', ...F.flatMap((f) => [`eap_${f}`, `psd_${f}`])].join(',')];
        lb.models.forEach((m, i) => sl.push([JSON.stringify(m.id), ...F.flatMap((_, f) => [sc.eap[f]![i], sc.psd[f]![i]])].join(',')));
        out.write('scores.csv', `${sl.join('\n')}\n`);
        return out.files();
      });
      if (files.length > 0) console.log(`\nwrote ${files.join(', ')}`);
    });
}
