// Terminal text and CSV files of an IRT run (runIrt). The item table prints, one row per item with its
// full name, only the loadings that exist (the general factor(s) and the item's own specific), so a
// bifactor model on hundreds of items stays readable; every number is in items.csv / irt.json.
import type { Leaderboard } from '../data/leaderboard.js';
import { toCsv, type CsvValue } from '../util/csv.js';
import type { IrtReport } from './run.js';
import type { IrtScores } from './scores.js';

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

export function formatIrt(rep: IrtReport, opts: { top?: number } = {}): string {
  const top = opts.top ?? 20;
  const out: string[] = [];
  out.push(`cartograph irt — ${rep.model} (${rep.link} link), ${rep.n_models} models × ${rep.n_items} items${rep.excluded_items.length ? ` (${rep.excluded_items.length} constant/empty items excluded)` : ''}`);
  out.push(`log-likelihood ${rep.loglik.toFixed(3)}, ${rep.n_parameters} parameters, AIC ${rep.aic.toFixed(1)}, BIC ${rep.bic.toFixed(1)}; ${rep.convergence.message} (${rep.iterations} EM evaluations)`);
  const q = rep.quadrature;
  out.push(`quadrature: ${q.general.points} points over ±${q.general.range}${q.specific ? `; specifics ${q.specific.points} over ±${q.specific.range}` : ''}`);
  out.push(`  check: ${rep.quadrature_check.message}`);
  for (const s of rep.quadrature_check.steps)
    out.push(`    grid ${s.points}${s.specific_points !== null ? ` × ${s.specific_points}` : ''}: log-likelihood ${s.loglik_grid.toFixed(2)} on the grid, ${s.loglik_adaptive.toFixed(2)} by adaptive quadrature (difference ${s.difference.toFixed(2)})`);
  if (rep.scoring) out.push(`scores: ${rep.scoring.method === 'adaptive-gauss-hermite' ? `adaptive Gauss–Hermite quadrature at each model's posterior mode (${rep.scoring.points_general}${rep.scoring.points_specific !== null ? ` × ${rep.scoring.points_specific}` : ''} nodes)` : `on the grid (${rep.scoring.points_general} points)`}`);
  if (rep.m2) out.push(`M2 = ${rep.m2.m2.toFixed(2)} on ${rep.m2.df} df (p = ${rep.m2.p.toPrecision(3)}), RMSEA2 = ${rep.m2.rmsea2.toFixed(4)}`);
  for (const s of rep.skipped) if (s.part !== 'scores') out.push(`${s.part}: skipped — ${s.reason}`);
  out.push('');
  const shown = rep.items.slice(0, top);
  const w = Math.max(4, ...shown.map((it) => it.item_id.length));
  const fw = Math.max(6, ...rep.factors.map((f) => f.length));
  out.push([' '.repeat(0) + 'item'.padEnd(w), 'factor'.padEnd(fw), 'slope'.padStart(7), 'se'.padStart(6), 'loading'.padStart(8), 'se'.padStart(6), 'd'.padStart(7), 'se(d)'.padStart(6), 'c'.padStart(5)].join(' '));
  for (const it of shown) {
    it.loadings.forEach((l, k) => {
      out.push([
        (k === 0 ? it.item_id : '').padEnd(w),
        l.factor.padEnd(fw),
        f3(l.slope).padStart(7),
        f3(l.se_slope).padStart(6),
        f3(l.loading).padStart(8),
        f3(l.se_loading).padStart(6),
        (k === 0 ? f3(it.intercept) : '').padStart(7),
        (k === 0 ? f3(it.se_intercept) : '').padStart(6),
        (k === 0 ? (it.guessing === 0 ? '' : f3(it.guessing)) : '').padStart(5),
      ].join(' '));
    });
  }
  if (rep.items.length > top) out.push(`… ${rep.items.length - top} more items (all in items.csv with --out)`);
  out.push('');
  out.push(rep.interpretation);
  return out.join('\n');
}

/** items.csv: one row per item; per factor slope, SE, loading, SE (NA where the item does not load). */
export function irtItemsCsv(rep: IrtReport): string {
  const F = rep.factors;
  const header = ['item_id', 'specific', ...F.flatMap((f) => [`a_${f}`, `se_a_${f}`, `loading_${f}`, `se_loading_${f}`]), 'd', 'se_d', 'c', 'se_c', 'threshold', 'communality'];
  const rows = rep.items.map((it): CsvValue[] => [
    it.item_id,
    it.specific,
    ...F.flatMap((f) => {
      const l = it.loadings.find((x) => x.factor === f);
      return l ? [l.slope, l.se_slope, l.loading, l.se_loading] : [null, null, null, null];
    }),
    it.intercept,
    it.se_intercept,
    it.guessing,
    it.se_guessing,
    it.threshold,
    it.communality,
  ]);
  return toCsv(header, rows);
}

/** scores.csv: one row per model; EAP and posterior SD of every factor. */
export function irtScoresCsv(lb: Leaderboard, scores: IrtScores): string {
  const F = scores.factors;
  const header = ['model_id', ...F.flatMap((f) => [`eap_${f}`, `psd_${f}`])];
  return toCsv(header, lb.models.map((m, i): CsvValue[] => [m.id, ...F.flatMap((_, f) => [scores.eap[f]![i]!, scores.psd[f]![i]!])]));
}
