// Terminal text and CSV of a ranks run (runRanks): the comparison, the retention table, the biggest
// movers with their per-benchmark scores (why they moved), the top of the latent ranking.
import { toCsv, type CsvValue } from '../util/csv.js';
import type { RanksModelRow, RanksReport } from './run.js';

const pad = (s: string, n: number, right = false): string => (right ? s.padStart(n) : s.padEnd(n));
const f3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));

export function formatRanks(rep: RanksReport, opts: { top?: number } = {}): string {
  const out: string[] = [];
  const basis = rep.comparison_basis === 'complete_models' ? `${rep.n_compared} complete models (of ${rep.n_models}; the rest miss benchmarks)` : `${rep.n_compared} models`;
  out.push(`cartograph ranks — ${basis}; latent g from ${rep.irt.model} IRT (${rep.irt.scoring === 'adaptive-gauss-hermite' ? 'scores by adaptive quadrature' : rep.irt.scoring}), ${rep.draws} posterior draws; Spearman(raw, latent) = ${rep.spearman.toFixed(3)}`);
  out.push(`mean width of the 95 % rank interval: ${rep.mean_interval_width.toFixed(1)} ranks (${((100 * rep.mean_interval_width) / rep.n_compared).toFixed(1)} % of the field)`);
  out.push(`g resolution: ${rep.g_resolution.distinct_g} distinct values of g for ${rep.g_resolution.distinct_patterns} distinct response patterns${rep.g_resolution.g_values_shared_across_patterns ? ` — ${rep.g_resolution.g_values_shared_across_patterns} shared across patterns` : ''}`);
  if (rep.irt.quadrature_stable === false) out.push(`calibration: ${rep.irt.quadrature_message}`);
  out.push('');
  out.push(`${pad('set', 10)} ${pad('size', 6, true)} ${pad('retained', 9, true)} ${pad('retention', 10, true)}`);
  for (const r of rep.retention) out.push(`${pad(r.set, 10)} ${pad(String(r.size), 6, true)} ${pad(String(r.retained), 9, true)} ${pad(`${(100 * r.retention).toFixed(1)} %`, 10, true)}`);
  const shown = [...rep.movers_up, ...rep.movers_down];
  const byLatent = rep.models.filter((m) => m.latent_rank !== null).sort((a, b) => a.latent_rank! - b.latent_rank!).slice(0, opts.top ?? 10);
  const w = Math.min(70, Math.max(5, ...[...shown, ...byLatent].map((m) => m.model_id.length)));
  const name = (s: string): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const head = `${pad('model', w)} ${pad('raw', 7, true)} ${pad('latent', 7, true)} ${pad('E[rank]', 8, true)} ${pad('95 % interval', 14, true)} ${pad('g', 7, true)} ${pad('SD', 6, true)} ${pad('avg', 6, true)}  ${rep.benchmarks.map((b) => pad(b, Math.max(6, b.length), true)).join(' ')}`;
  const row = (m: RanksModelRow): string =>
    `${name(m.model_id)} ${pad(String(m.raw_rank), 7, true)} ${pad(String(m.latent_rank), 7, true)} ${pad(m.expected_rank === null ? '—' : m.expected_rank.toFixed(1), 8, true)} ${pad(`[${m.rank_lo}, ${m.rank_hi}]`, 14, true)} ${pad(m.g_mean.toFixed(3), 7, true)} ${pad(m.g_sd.toFixed(3), 6, true)} ${pad(f3(m.raw_average), 6, true)}  ${m.benchmark_scores.map((s, b) => pad(f3(s), Math.max(6, rep.benchmarks[b]!.length), true)).join(' ')}`;
  out.push('');
  out.push('Moved up most by the latent ranking (per-benchmark proportions correct on the right):');
  out.push(head);
  for (const m of rep.movers_up) out.push(row(m));
  out.push('');
  out.push('Moved down most:');
  out.push(head);
  for (const m of rep.movers_down) out.push(row(m));
  out.push('');
  out.push(`Top ${byLatent.length} by latent g:`);
  out.push(head);
  for (const m of byLatent) out.push(row(m));
  if (rep.left_out.length > 0) out.push(`\n${rep.left_out.length} model(s) not compared (${rep.left_out.filter((l) => l.reason !== 'no responses').length} scored on fewer benchmarks; listed in ranks.json)`);
  out.push('');
  out.push(rep.interpretation);
  return out.join('\n');
}

/** ranks.csv: one row per model (the models not compared have empty ranks). */
export function ranksCsv(rep: RanksReport): string {
  const header = ['model_id', 'raw_average', 'benchmarks_scored', 'complete', ...rep.benchmarks.map((b) => `score_${b}`), 'raw_rank', 'g_mean', 'g_sd', 'latent_rank', 'expected_rank', 'rank_lo', 'rank_hi', 'shift'];
  return toCsv(
    header,
    rep.models.map((m): CsvValue[] => [m.model_id, m.raw_average, m.benchmarks_scored, m.complete, ...m.benchmark_scores, m.raw_rank, m.g_mean, m.g_sd, m.latent_rank, m.expected_rank, m.rank_lo, m.rank_hi, m.shift]),
  );
}
