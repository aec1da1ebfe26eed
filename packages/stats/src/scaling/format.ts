// Terminal text and CSV of a scaling run (the analysis in the library's shape, scalingAnalysis/runScaling).
import { toCsv, type CsvValue } from '../util/csv.js';
import type { ScalingReport } from './types.js';

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

export function formatScaling(rep: ScalingReport): string {
  const out: string[] = [];
  out.push(`cartograph scaling — ${rep.nModels} models (${rep.droppedModels.length} without a parameter count or responses left out); ${rep.irt.model} IRT, ${rep.irt.link} link`);
  out.push(`regression: ${rep.formula}; log10_params_c = log10(params) − ${rep.log10ParamsMean.toFixed(3)}`);
  out.push(`unattenuated = ${rep.pvDraws} plausible-value sets from the conditioning model (log10 params${rep.covariates.length > 1 ? ' + deployment' : ''}), Rubin's rules`);
  out.push(`calibration: ${rep.irt.quadratureCheck.message}`);
  if (rep.sharedCalibration) out.push(`EAP two-step: scores of the shared unconditional calibration (${rep.irt.unconditionalModels} models; the one ranks reads), not refitted here`);
  out.push('');
  const w = Math.max(8, ...rep.vector.map((r) => r.factor.length));
  const head = [pad('factor', w), pad('slope', 7, true), pad('95 % CI', 18, true), pad('EAP 2-step', 11, true), pad('manifest', 9, true), pad('man. (SD)', 10, true), pad('R latent', 9, true), pad('R manifest', 11, true)].join(' ');
  out.push(head);
  out.push('-'.repeat(head.length));
  for (const r of rep.vector) {
    const u = r.unattenuated;
    out.push([
      pad(r.factor, w),
      pad(f3(u.estimate), 7, true),
      pad(`[${f3(u.lo)}, ${f3(u.hi)}]`, 18, true),
      pad(f3(r.eapTwoStep?.estimate), 11, true),
      pad(f3(r.manifest.estimate), 9, true),
      pad(f3(r.manifestStandardized), 10, true),
      pad(f3(r.reliability?.latent.reliability), 9, true),
      pad(f3(r.reliability?.manifest.reliability), 11, true),
    ].join(' '));
  }
  if (rep.perturbations.length > 0) {
    out.push('');
    out.push('Slope reliability R = β̄²/(β̄² + s²), s² = variance across perturbations + mean squared SE; perturbations =');
    out.push(`control specifications (none, +contributor, +architecture, +deployment, all) × (full test + ${rep.replicates} item-resampled replicates keeping ${Math.round(100 * rep.itemFraction)} % of each benchmark's items):`);
    out.push([pad('factor', w), pad('side', 9), pad('β̄ pooled', 10, true), pad('var across', 11, true), pad('mean SE²', 10, true), pad('R', 7, true), pad('n', 4, true)].join(' '));
    for (const r of rep.vector) {
      if (!r.reliability) continue;
      for (const [side, c] of [['latent', r.reliability.latent], ['manifest', r.reliability.manifest]] as const)
        out.push([pad(r.factor, w), pad(side, 9), pad(f3(c.pooled), 10, true), pad(c.varianceAcross.toExponential(2), 11, true), pad(c.meanSe2.toExponential(2), 10, true), pad(f3(c.reliability), 7, true), pad(String(c.n), 4, true)].join(' '));
    }
  }
  out.push('');
  out.push('A slope is how much a factor rises per tenfold increase in parameters (factor SDs), across these models, with the ecosystem held fixed; it is an association, not the effect of scaling one model.');
  return out.join('\n');
}

/** scaling-vector.csv: one row per factor. */
export function scalingVectorCsv(rep: ScalingReport): string {
  const header = ['factor', 'slope', 'se', 'df', 'ci_lo', 'ci_hi', 'fmi', 'eap_two_step', 'manifest_slope', 'manifest_slope_sd_units', 'reliability_latent', 'reliability_manifest'];
  return toCsv(
    header,
    rep.vector.map((r): CsvValue[] => [r.factor, r.unattenuated.estimate, r.unattenuated.se, r.unattenuated.df, r.unattenuated.lo, r.unattenuated.hi, r.unattenuated.fmi, r.eapTwoStep?.estimate ?? null, r.manifest.estimate, r.manifestStandardized, r.reliability?.latent.reliability ?? null, r.reliability?.manifest.reliability ?? null]),
  );
}
