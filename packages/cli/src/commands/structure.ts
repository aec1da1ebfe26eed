// `cartograph structure`: the factor structure of benchmark scores (packages/stats/src/structure; lavaan's
// cfa(estimator = "MLR", std.lv = TRUE, cluster = "contributor")): correlations, one general factor (or
// --model) with robust fit, loadings, R², ω, residual correlations and modification indices. Writes
//   structure.json               the report (schema packages/stats/schemas/structure.schema.json)
//   loadings.svg, residuals.svg   standardized loadings with 95 % intervals; residual-correlation heatmap
//   loadings.vl.json, residuals.vl.json   their Vega-Lite specs (interactive in the explorer)
import { parseCfaSyntax, renderSvg, runStructure, formatStructure, structureLoadingsChart, structureResidualChart, type ClusterVariable } from '@cartograph/stats';
import { defineCommand } from '../command.js';
import { readInputFile } from '../inputs.js';
import { opt } from '../options.js';

interface Flags {
  model?: string;
  estimator: 'MLR' | 'ML';
  cluster?: ClusterVariable | 'none';
}

export const register = defineCommand<Flags>({
  name: 'structure',
  description: 'factor structure of benchmark scores: correlations, one general factor (or --model) by ML with robust (MLR, cluster-robust) SEs and scaled fit, loadings, R², ω, residual correlations, modification indices',
  outDescription: 'folder for structure.json, loadings.svg, residuals.svg and their Vega-Lite specs (*.vl.json)',
  options: [
    opt.string('--model <file>', "a model in lavaan syntax over the benchmarks ('f1 =~ IFEval + BBH + MUSR', 'MATH_Lvl_5 ~~ MMLU_PRO'; names with spaces or dashes written with _)"),
    opt.choice('--estimator <e>', 'MLR: robust (Huber–White) SEs and Yuan–Bentler scaled test; ML: normal theory', ['MLR', 'ML'] as const, 'MLR'),
    opt.choice('--cluster <variable>', 'models of one cluster are not independent: cluster-robust SEs and test (default contributor when the models have one; none to switch off)', ['contributor', 'architecture', 'deployment', 'none'] as const),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const lb = await ctx.load();
    let model;
    let syntax: string | undefined;
    if (f.model) {
      const file = readInputFile(f.model);
      syntax = typeof file.data === 'string' ? file.data : new TextDecoder().decode(file.data);
      model = parseCfaSyntax(syntax, f.model);
    }
    const t0 = ctx.elapsed();
    const rep = runStructure(lb, {
      ...(model ? { model, modelFile: f.model!, modelSyntax: syntax! } : {}),
      estimator: f.estimator,
      ...(f.cluster === undefined ? {} : { cluster: f.cluster === 'none' ? null : f.cluster }),
      ...ctx.callbacks,
    });
    ctx.print(`${formatStructure(rep)}\n(${(ctx.elapsed() - t0).toFixed(2)} s)`);
    await ctx.write(async (out) => {
      out.writeJson('structure.json', rep);
      const charts = { loadings: structureLoadingsChart(rep), residuals: structureResidualChart(rep) };
      for (const [name, spec] of Object.entries(charts)) {
        out.writeJson(`${name}.vl.json`, spec);
        out.write(`${name}.svg`, await renderSvg(spec, { id: `structure-${name}` }));
      }
    });
  },
});
