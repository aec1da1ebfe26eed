// `cartograph costs --costs FILE`: what a correct answer costs (runCosts in packages/stats/src/costs):
// cost per task and per successful task with intervals from the accuracy's Jeffreys interval, p95
// latency beside it, the cheapest model meeting --threshold per benchmark with P(accuracy > threshold),
// and a quality–cost Pareto chart. Writes costs.json, costs.csv, pareto.svg and pareto.vl.json.
import { costsParetoChart, formatCosts, renderSvg, runCosts } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  costs: string;
  threshold?: number;
  minProb?: number;
  alpha: number;
}

export const register = defineCommand<Flags>({
  name: 'costs',
  description: 'Cost per task and per successful task (with intervals), the cheapest model meeting a quality threshold per benchmark, and a quality–cost Pareto chart',
  outDescription: 'folder for costs.json, costs.csv, pareto.svg and pareto.vl.json',
  options: [
    opt.string('--costs <file>', 'costs per model, CSV or JSON: model_id, input_price_per_1k, output_price_per_1k, input_tokens, output_tokens[, attempts, review_rate, review_cost, p95_latency_s, benchmark]').makeOptionMandatory(),
    opt.number('--threshold <acc>', 'quality threshold (proportion correct) for the cheapest model per benchmark', { gt: 0, lt: 1 }),
    opt.number('--min-prob <p>', 'with --threshold: a model meets it when P(accuracy > threshold) ≥ p (Jeffreys posterior), not by its observed accuracy', { gt: 0, lt: 1 }),
    opt.number('--alpha <a>', 'two-sided level of the intervals', { gt: 0, lt: 0.5, default: 0.05 }),
  ],
  async run(ctx) {
    const costs = readInputFile(ctx.flags.costs);
    const lb = await ctx.load();
    const rep = runCosts(lb, costs, { threshold: ctx.flags.threshold ?? null, minProb: ctx.flags.minProb ?? null, alpha: ctx.flags.alpha, ...ctx.callbacks });
    ctx.print(formatCosts(rep));
    await ctx.write(async (out) => {
      out.writeJson('costs.json', rep);
      out.writeCsv(
        'costs.csv',
        ['benchmark', 'model_id', 'successes', 'n_items', 'accuracy', 'accuracy_lower', 'accuracy_upper', 'cost_per_task', 'cost_per_success', 'cost_per_success_lower', 'cost_per_success_upper', 'p95_latency_s', 'prob_above_threshold', 'pareto'],
        rep.cells.map((c) => [c.benchmark, c.model_id, c.successes, c.n_items, c.accuracy, c.accuracy_lower, c.accuracy_upper, c.cost_per_task, c.cost_per_success, c.cost_per_success_lower, c.cost_per_success_upper, c.p95_latency_s, c.prob_above_threshold, c.pareto]),
      );
      const spec = costsParetoChart(rep);
      out.writeJson('pareto.vl.json', spec);
      out.write('pareto.svg', await renderSvg(spec, { id: 'costs-pareto' }));
    });
  },
});
