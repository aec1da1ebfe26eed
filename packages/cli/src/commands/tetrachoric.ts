// `cartograph tetrachoric`: thresholds and the tetrachoric matrix of binary item responses
// (packages/stats/src/tetrachoric, lavaan's two-step method), written as
//   tetrachoric.csv  J×J, item ids as header and first column, items in benchmark order (items.csv)
//   thresholds.csv   item_id,threshold,p_correct
//   dwls_weights.csv stat,weight — DWLS weights 1/diag(Γ), thresholds then correlations (lavaan's order)
//   tetrachoric.json summary: sizes, smallest eigenvalue, smoothing, empty-cell and near-±1 pairs
import type { Command } from 'commander';
import { Option } from 'commander';
import { tetrachoricAuto, benchmarksOf, readItems, InputError, ResponseMatrix, type TetrachoricResult } from '@cartograph/stats';
import { addInputOptions, loadInputs, readInputFile, type InputOptions } from '../inputs.js';
import { withOutput } from '../output.js';

interface Flags extends InputOptions {
  missing: 'pairwise' | 'listwise';
  smooth?: boolean;
  workers: number;
  quiet?: boolean;
}

const num = (x: number): string => (Number.isNaN(x) ? 'NA' : String(x));
const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function tetrachoricCsv(res: TetrachoricResult): string {
  const J = res.nItems;
  const lines = [['item_id', ...res.items].map(csvCell).join(',')];
  for (let i = 0; i < J; i++) {
    const row = [csvCell(res.items[i]!)];
    for (let j = 0; j < J; j++) row.push(num(res.correlation[i * J + j]!));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

export function thresholdsCsv(res: TetrachoricResult): string {
  const lines = ['item_id,threshold,p_correct'];
  res.items.forEach((id, j) => lines.push(`${csvCell(id)},${num(res.thresholds[j]!)},${num(res.pCorrect[j]!)}`));
  return lines.join('\n') + '\n';
}

export function weightsCsv(res: TetrachoricResult): string {
  const J = res.nItems;
  const lines = ['stat,weight'];
  res.items.forEach((id, j) => lines.push(`${csvCell(`${id}|t1`)},${num(res.weights![j]!)}`));
  let k = 0;
  for (let j = 0; j < J - 1; j++)
    for (let i = j + 1; i < J; i++, k++) lines.push(`${csvCell(`${res.items[i]}~~${res.items[j]}`)},${num(res.weights![J + k]!)}`);
  return lines.join('\n') + '\n';
}

export function tetrachoricSummary(res: TetrachoricResult, seconds: number, workers: number) {
  const listed = 200;
  return {
    method: res.method,
    models: res.nModels,
    items: res.nItems,
    missing: res.missing,
    modelsDropped: res.modelsDropped,
    minEigenvalue: res.minEigenvalue,
    positiveDefinite: res.minEigenvalue > 0,
    smoothed: res.smoothed,
    minEigenvalueAfterSmoothing: res.minEigenvalueAfter,
    emptyCellPairs: res.emptyCellPairs.length,
    nearOnePairs: res.nearOnePairs.length,
    failedPairs: res.failedPairs.length,
    emptyCellPairList: res.emptyCellPairs.slice(0, listed).map((p) => ({ items: [p.itemI, p.itemJ], rho: p.rho, counts: p.counts })),
    nearOnePairList: res.nearOnePairs.slice(0, listed).map((p) => ({ items: [p.itemI, p.itemJ], rho: p.rho, counts: p.counts })),
    failedPairList: res.failedPairs.slice(0, listed).map((p) => ({ items: [p.itemI, p.itemJ], counts: p.counts })),
    listsTruncatedAt: listed,
    seconds,
    workers,
  };
}

export function register(program: Command): void {
  addInputOptions(
    program
      .command('tetrachoric')
      .description('Thresholds and tetrachoric correlations of 0/1 item responses (lavaan two-step ML), with DWLS weights'),
  )
    .addOption(new Option('--missing <how>', 'missing cells: pairwise (each correlation from models observed on both items) or listwise').choices(['pairwise', 'listwise']).default('pairwise'))
    .option('--smooth', 'smooth the matrix to the nearest positive-definite one (eigenvalue clipping); off by default, always reported')
    .option('--workers <n>', 'worker threads for the correlation step (1 = none)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InputError('--workers', 0, 0, `expected a whole number from 1 to 64, got "${v}"`);
      return n;
    }, 1)
    .option('--quiet', 'print nothing but errors and the files written')
    .action(async (opts: Flags) => {
      const lb = await loadInputs(opts);
      for (const w of lb.warnings) console.error(`warning: ${w.length > 400 ? `${w.slice(0, 399)}…` : w}`);
      if (!lb.responses) throw new InputError(opts.responses?.[0] ?? '--responses', 0, 0, 'tetrachoric needs item-level 0/1 responses (--responses or --lm-eval)');
      // items in benchmark order as in items.csv (benchmarks by first appearance there, items in its row
      // order); without items.csv, benchmarks by first appearance in the responses, then column order
      const pos = new Map<string, number>();
      if (opts.items) readItems(readInputFile(opts.items), { itemCol: opts.itemCol ?? null }).items.forEach((it, r) => pos.set(it.id, r));
      const rank = lb.items.map((it, j) => pos.get(it.id) ?? pos.size + j);
      const byRank = lb.items.map((_, j) => j).sort((a, b) => rank[a]! - rank[b]!);
      const bench = benchmarksOf(byRank.map((j) => lb.items[j]!));
      const order = byRank.slice().sort((a, b) => bench.indexOf(lb.items[a]!.benchmark) - bench.indexOf(lb.items[b]!.benchmark) || rank[a]! - rank[b]!);
      const src = lb.responses;
      const J = order.length;
      const N = src.nModels;
      const values = new Uint8Array(N * J);
      for (let m = 0; m < N; m++) for (let c = 0; c < J; c++) values[m * J + c] = src.values[m * src.nItems + order[c]!]!;
      const resp = new ResponseMatrix(N, J, values);
      if (!opts.quiet) console.error(`tetrachoric: ${N} models × ${J} items (${(J * (J - 1)) / 2} pairs)${opts.workers > 1 ? `, ${opts.workers} workers` : ''} …`);
      const t0 = performance.now();
      const res = await tetrachoricAuto(resp, { itemIds: order.map((j) => lb.items[j]!.id), missing: opts.missing, smooth: !!opts.smooth, workers: opts.workers });
      const seconds = (performance.now() - t0) / 1000;
      if (!opts.quiet) {
        console.log(`tetrachoric: ${res.nModels} models${res.modelsDropped ? ` (${res.modelsDropped} dropped listwise)` : ''}, ${res.nItems} items, ${seconds.toFixed(2)} s`);
        console.log(`smallest eigenvalue ${res.minEigenvalue.toPrecision(4)}${res.minEigenvalue > 0 ? '' : ' — not positive definite'}${res.smoothed ? `; smoothed (now ${res.minEigenvalueAfter.toPrecision(4)})` : ''}`);
        console.log(`pairs with an empty 2×2 cell: ${res.emptyCellPairs.length}; |ρ| > 0.99: ${res.nearOnePairs.length}${res.failedPairs.length ? `; no estimate: ${res.failedPairs.length}` : ''}`);
      }
      const files = await withOutput(opts.out, (out) => {
        if (!out) return [];
        out.write('tetrachoric.csv', tetrachoricCsv(res));
        out.write('thresholds.csv', thresholdsCsv(res));
        out.write('dwls_weights.csv', weightsCsv(res));
        out.writeJson('tetrachoric.json', tetrachoricSummary(res, seconds, opts.workers));
        return out.files();
      });
      if (files.length > 0) console.log(`wrote ${files.join(', ')}`);
    });
}
