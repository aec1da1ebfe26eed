// Terminal text and CSV files of the tetrachoric layer (report → string). CSVs through util/csv (RFC 4180).
import { csvRow, toCsv } from '../util/csv.js';
import { standardErrors, type TetrachoricReport } from './run.js';
import type { TetrachoricResult } from './types.js';

/** A few lines: sizes, eigenvalue, smoothing, flagged pairs, and what it means. */
export function formatTetrachoric(rep: TetrachoricReport): string {
  const out: string[] = [];
  out.push(`tetrachoric: ${rep.n_models} models${rep.models_dropped ? ` (${rep.models_dropped} dropped listwise)` : ''}, ${rep.n_items} items, ${rep.n_pairs} pairs (${rep.missing})`);
  if (rep.min_eigenvalue !== null) {
    out.push(`smallest eigenvalue ${rep.min_eigenvalue.toPrecision(4)}${rep.positive_definite ? '' : ' — not positive definite'}${rep.smoothed ? `; smoothed (now ${rep.min_eigenvalue_after_smoothing!.toPrecision(4)})` : ''}`);
  }
  out.push(`pairs with an empty 2×2 cell: ${rep.n_empty_cell_pairs}; |ρ| > 0.99: ${rep.n_near_one_pairs}${rep.n_failed_pairs ? `; no estimate: ${rep.n_failed_pairs}` : ''}`);
  if (rep.correlation_se) out.push(`standard errors of the correlations: median ${rep.correlation_se.median.toFixed(3)} (from ${rep.correlation_se.min.toFixed(3)} to ${rep.correlation_se.max.toFixed(3)})`);
  for (const s of rep.skipped) out.push(`skipped ${s.part}: ${s.reason}`);
  out.push('');
  out.push(rep.interpretation);
  return out.join('\n');
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** J×J matrix: item ids as header and first column. */
export function tetrachoricCsv(res: TetrachoricResult): string {
  const J = res.nItems;
  const lines = [csvRow(['item_id', ...res.items])];
  for (let i = 0; i < J; i++) {
    const row: (string | number | null)[] = [res.items[i]!];
    for (let j = 0; j < J; j++) row.push(num(res.correlation[i * J + j]!));
    lines.push(csvRow(row));
  }
  return `${lines.join('\n')}\n`;
}

/** J×J standard errors of the correlations (diagonal NA), laid out as tetrachoric.csv. */
export function tetrachoricSeCsv(res: TetrachoricResult): string {
  const se = standardErrors(res);
  const J = res.nItems;
  const lines = [csvRow(['item_id', ...res.items])];
  let k = 0;
  const m = new Float64Array(J * J).fill(NaN);
  if (se) {
    for (let j = 0; j < J - 1; j++)
      for (let i = j + 1; i < J; i++, k++) {
        m[i * J + j] = se[J + k]!;
        m[j * J + i] = se[J + k]!;
      }
  }
  for (let i = 0; i < J; i++) {
    const row: (string | number | null)[] = [res.items[i]!];
    for (let j = 0; j < J; j++) row.push(num(m[i * J + j]!));
    lines.push(csvRow(row));
  }
  return `${lines.join('\n')}\n`;
}

/** item_id,threshold,p_correct,threshold_se */
export function thresholdsCsv(res: TetrachoricResult): string {
  const se = standardErrors(res);
  return toCsv(['item_id', 'threshold', 'p_correct', 'threshold_se'], res.items.map((id, j) => [id, num(res.thresholds[j]!), num(res.pCorrect[j]!), se ? num(se[j]!) : null]));
}

/** stat,weight — DWLS weights 1/diag(Γ), thresholds (`item|t1`) then correlations (`a~~b`) in lavaan's order. */
export function weightsCsv(res: TetrachoricResult): string {
  if (!res.weights) return toCsv(['stat', 'weight'], []);
  const J = res.nItems;
  const rows: [string, number | null][] = res.items.map((id, j) => [`${id}|t1`, num(res.weights![j]!)]);
  let k = 0;
  for (let j = 0; j < J - 1; j++) for (let i = j + 1; i < J; i++, k++) rows.push([`${res.items[i]}~~${res.items[j]}`, num(res.weights[J + k]!)]);
  return toCsv(['stat', 'weight'], rows);
}
