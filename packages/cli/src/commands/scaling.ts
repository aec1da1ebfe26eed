// `cartograph scaling`: the scaling vector (packages/stats/src/scaling) — for g and every benchmark-
// specific factor, the slope on log10 parameters: unattenuated (plausible values from the conditioning
// model, Rubin's rules; the headline), the attenuated EAP two-step, the manifest benchmark-score slope,
// and the slope reliability of the latent and the manifest slope with its components; --out writes
// scaling.json, scaling-vector.csv and scaling-vector.svg.
import type { Command } from 'commander';
import { InputError, scalingAnalysis, scalingVectorSvg, type ScalingReport } from '@cartograph/stats';
import { addInputOptions, loadInputs, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  seed: number;
  pv: number;
  replicates: number;
  itemFraction: number;
  link: 'logistic' | 'normal';
  quiet?: boolean;
}

function int(opt: string, min: number) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InputError(opt, 0, 0, `expected a whole number ≥ ${min}, got "${v}"`);
    return x;
  };
}
function frac(opt: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!(x > 0 && x <= 1)) throw new InputError(opt, 0, 0, `expected a number in (0, 1], got "${v}"`);
    return x;
  };
}

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

export function formatScaling(rep: ScalingReport): string {
  const out: string[] = [];
  out.push(`cartograph scaling — ${rep.nModels} models (${rep.droppedModels.length} without a parameter count or responses left out); ${rep.irt.model} IRT, ${rep.irt.link} link`);
  out.push(`regression: ${rep.formula}; log10_params_c = log10(params) − ${rep.log10ParamsMean.toFixed(3)}`);
  out.push(`unattenuated = ${rep.pvDraws} plausible-value sets from the conditioning model (log10 params${rep.covariates.length > 1 ? ' + deployment' : ''}), Rubin's rules`);
  out.push('');
  const w = Math.max(8, ...rep.vector.map((r) => Math.min(24, r.factor.length)));
  const head = [pad('factor', w), pad('slope', 7, true), pad('95 % CI', 18, true), pad('EAP 2-step', 11, true), pad('manifest', 9, true), pad('man. (SD)', 10, true), pad('R latent', 9, true), pad('R manifest', 11, true)].join(' ');
  out.push(head);
  out.push('-'.repeat(head.length));
  for (const r of rep.vector) {
    const u = r.unattenuated;
    out.push([
      pad(r.factor.slice(0, 24), w),
      pad(f3(u.estimate), 7, true),
      pad(`[${f3(u.lo)}, ${f3(u.hi)}]`, 18, true),
      pad(f3(r.eapTwoStep?.estimate), 11, true),
      pad(f3(r.manifest.estimate), 9, true),
      pad(f3(r.manifestStandardized), 10, true),
      pad(f3(r.reliability?.latent.reliability), 9, true),
      pad(f3(r.reliability?.manifest.reliability), 11, true),
    ].join(' '));
  }
  out.push('');
  out.push('Slope reliability R = β̄²/(β̄² + s²), s² = variance across perturbations + mean squared SE; perturbations =');
  out.push(`control specifications (none, +contributor, +architecture, +deployment, all) × (full test + ${rep.replicates} item-resampled replicates keeping ${Math.round(100 * rep.itemFraction)} % of each benchmark's items):`);
  out.push([pad('factor', w), pad('side', 9), pad('β̄ pooled', 10, true), pad('var across', 11, true), pad('mean SE²', 10, true), pad('R', 7, true), pad('n', 4, true)].join(' '));
  for (const r of rep.vector) {
    if (!r.reliability) continue;
    for (const [side, c] of [['latent', r.reliability.latent], ['manifest', r.reliability.manifest]] as const)
      out.push([pad(r.factor.slice(0, 24), w), pad(side, 9), pad(f3(c.pooled), 10, true), pad(c.varianceAcross.toExponential(2), 11, true), pad(c.meanSe2.toExponential(2), 10, true), pad(f3(c.reliability), 7, true), pad(String(c.n), 4, true)].join(' '));
  }
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('scaling')
    .description('the scaling vector: slope of g and of every benchmark-specific factor on log10 parameters (unattenuated via plausible values, EAP two-step, manifest) with slope reliabilities; --out writes scaling.json, scaling-vector.csv, scaling-vector.svg');
  addInputOptions(cmd);
  cmd
    .option('--seed <n>', 'seed of the plausible values and of the item resampling', int('--seed', 0), 1)
    .option('--pv <n>', 'plausible-value sets for the headline slopes', int('--pv', 2), 10)
    .option('--replicates <n>', 'item-resampled replicates for the slope reliability', int('--replicates', 0), 4)
    .option('--item-fraction <f>', "fraction of each benchmark's items kept in a replicate", frac('--item-fraction'), 0.8)
    .option('--link <link>', 'IRT link: logistic or normal', 'logistic')
    .option('--quiet', 'print nothing but errors and the files written')
    .action(async (opts: Flags) => {
      if (opts.link !== 'logistic' && opts.link !== 'normal') throw new InputError('--link', 0, 0, `expected logistic or normal, got "${opts.link}"`);
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) console.error(`warning: ${w}`);
      if (!lb.responses) throw new InputError('--responses', 0, 0, 'scaling needs item-level responses (the factors are an IRT model of them)');
      const t0 = Date.now();
      const rep = scalingAnalysis(lb, {
        seed: opts.seed,
        pvDraws: opts.pv,
        replicates: opts.replicates,
        itemFraction: opts.itemFraction,
        link: opts.link,
        onProgress: (m) => console.error(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`),
      });
      for (const w of rep.warnings) console.error(`warning: ${w}`);
      if (!opts.quiet) console.log(formatScaling(rep));
      const files = await withOutput(opts.out, (out) => {
        if (!out) return [];
        out.writeJson('scaling.json', rep);
        const lines = ['factor,slope,se,df,ci_lo,ci_hi,fmi,eap_two_step,manifest_slope,manifest_slope_sd_units,reliability_latent,reliability_manifest'];
        for (const r of rep.vector)
          lines.push([JSON.stringify(r.factor), r.unattenuated.estimate, r.unattenuated.se, r.unattenuated.df, r.unattenuated.lo, r.unattenuated.hi, r.unattenuated.fmi, r.eapTwoStep?.estimate ?? '', r.manifest.estimate, r.manifestStandardized, r.reliability?.latent.reliability ?? '', r.reliability?.manifest.reliability ?? ''].join(','));
        out.write('scaling-vector.csv', `${lines.join('\n')}\n`);
        out.write('scaling-vector.svg', scalingVectorSvg(rep));
        return out.files();
      });
      if (files.length > 0) console.log(`\nwrote ${files.join(', ')}`);
    });
}
