// Terminal text and the quality–cost Pareto chart (Vega-Lite) of a cost report.
import type { CostReport } from './costs.js';

const money = (x: number | null): string => (x === null ? '—' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));

export function formatCosts(rep: CostReport): string {
  const pct = Math.round((1 - rep.alpha) * 100);
  const out = [`Cost per task and per successful task (${pct} % intervals from the accuracy's Jeffreys interval; currency as in the costs file):`];
  const rows = [['benchmark', 'model', 'accuracy', `${pct} % interval`, 'cost/task', 'cost/success', `${pct} % interval`, 'p95 latency (s)', ...(rep.threshold !== null ? [`P(acc > ${rep.threshold})`] : []), 'pareto']];
  for (const c of rep.cells) {
    rows.push([
      c.benchmark,
      c.model_id,
      c.accuracy.toFixed(3),
      `${c.accuracy_lower.toFixed(3)}–${c.accuracy_upper.toFixed(3)}`,
      money(c.cost_per_task),
      money(c.cost_per_success),
      `${money(c.cost_per_success_lower)}–${c.cost_per_success_upper === null ? '∞' : money(c.cost_per_success_upper)}`,
      c.p95_latency_s === null ? '—' : String(c.p95_latency_s),
      ...(rep.threshold !== null ? [c.prob_above_threshold!.toFixed(3)] : []),
      c.pareto ? 'yes' : '',
    ]);
  }
  const w = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  for (const r of rows) out.push(r.map((s, k) => (k < 2 ? s.padEnd(w[k]!) : s.padStart(w[k]!))).join('  ').trimEnd());
  if (rep.threshold !== null) {
    out.push('', rep.min_prob === null ? `Cheapest model meeting accuracy ≥ ${rep.threshold}, per benchmark:` : `Cheapest model with P(accuracy > ${rep.threshold}) ≥ ${rep.min_prob}, per benchmark:`);
    for (const c of rep.cheapest) out.push(c.model_id ? `  ${c.benchmark}: ${c.model_id} (cost/task ${money(c.cost_per_task)}; ${c.eligible} model(s) meet it) — ${c.note}` : `  ${c.benchmark}: ${c.note}`);
  }
  if (rep.basis === 'scores') out.push('From a scores table: successes = score × the benchmark\'s item count (for a benchmark averaged over subtasks, the effective count of its SE), an approximation of the item-level successes.');
  if (rep.models_without_costs.length) out.push(`${rep.models_without_costs.length} model(s) without a costs row are left out.`);
  for (const s of rep.skipped) out.push(`skipped: ${s.part}: ${s.reason}`);
  out.push('', 'Cost per task = attempts × token cost + review rate × review cost; p95 latency is shown beside it, never added. Cost per success divides by the observed accuracy; its interval carries only the accuracy\'s sampling uncertainty (not the uncertainty of the token counts or prices), and it assumes a failed task is simply retried at the same cost.');
  return out.join('\n');
}

/** Quality–cost chart: accuracy against cost per task (log scale), the Pareto front per benchmark joined. */
export function costsParetoChart(rep: CostReport): Record<string, unknown> {
  const values = rep.cells.map((c) => ({ model: c.model_id, benchmark: c.benchmark, cost: c.cost_per_task, accuracy: c.accuracy, lower: c.accuracy_lower, upper: c.accuracy_upper, pareto: c.pareto }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Quality against cost per task (Pareto front joined)',
    width: 480,
    height: 320,
    data: { values },
    layer: [
      { mark: { type: 'rule' }, encoding: { x: { field: 'cost', type: 'quantitative', scale: { type: 'log', nice: false, padding: 12 }, title: 'cost per task' }, y: { field: 'lower', type: 'quantitative', title: 'accuracy' }, y2: { field: 'upper' }, color: { field: 'benchmark', type: 'nominal' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'cost', type: 'quantitative', scale: { type: 'log', nice: false, padding: 12 } }, y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] } }, color: { field: 'benchmark', type: 'nominal' }, tooltip: [{ field: 'model', type: 'nominal' }, { field: 'benchmark', type: 'nominal' }, { field: 'cost', type: 'quantitative', format: '.4g' }, { field: 'accuracy', type: 'quantitative', format: '.3f' }] } },
      { transform: [{ filter: 'datum.pareto' }], mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x: { field: 'cost', type: 'quantitative', scale: { type: 'log', nice: false, padding: 12 } }, y: { field: 'accuracy', type: 'quantitative' }, color: { field: 'benchmark', type: 'nominal' }, order: { field: 'cost', type: 'quantitative' } } },
    ],
  };
}
