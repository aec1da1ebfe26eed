// Vega-Lite specs (plain JSON, data inline) for the structure report: standardized loadings with 95 %
// intervals, and the residual-correlation heatmap. Rendered to SVG by charts/render.ts; the explorer
// shows the same specs interactively. Names from input files travel as data values (vega escapes them).
import type { StructureReport } from './types.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Standardized loadings (std.all) per benchmark with ±1.96 SE bars, one colour per factor. */
export function structureLoadingsChart(r: StructureReport): Record<string, unknown> {
  const values = r.loadings.map((l) => ({
    factor: l.factor,
    benchmark: l.benchmark,
    loading: l.std_all,
    lower: Number.isFinite(l.std_se) ? l.std_all - 1.96 * l.std_se : l.std_all,
    upper: Number.isFinite(l.std_se) ? l.std_all + 1.96 * l.std_se : l.std_all,
    r_squared: r.residual_variances.find((x) => x.benchmark === l.benchmark)?.r_squared ?? null,
  }));
  return {
    $schema: SCHEMA,
    description: `Standardized loadings of ${r.benchmarks.length} benchmark scores (${r.estimator}${r.cluster ? `, SEs clustered by ${r.cluster.variable}` : ''}) with 95 % intervals`,
    title: { text: 'Standardized loadings', subtitle: `${r.n_models} models; bars: 95 % interval` },
    width: 360,
    height: { step: 22 },
    data: { values },
    encoding: {
      y: { field: 'benchmark', type: 'nominal', sort: null, title: null },
      color: { field: 'factor', type: 'nominal', title: 'factor' },
    },
    layer: [
      {
        mark: { type: 'rule' },
        encoding: {
          x: { field: 'lower', type: 'quantitative', title: 'standardized loading', scale: { domain: [Math.min(0, ...values.map((v) => v.lower)), Math.max(1, ...values.map((v) => v.upper))] } },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'loading', type: 'quantitative' },
          tooltip: [
            { field: 'benchmark', type: 'nominal' },
            { field: 'factor', type: 'nominal' },
            { field: 'loading', type: 'quantitative', format: '.3f' },
            { field: 'r_squared', type: 'quantitative', format: '.3f', title: 'R²' },
          ],
        },
      },
    ],
  };
}

/** Residual correlations (observed − model-implied) for every benchmark pair, diverging colours centred on 0. */
export function structureResidualChart(r: StructureReport): Record<string, unknown> {
  const values: { benchmark1: string; benchmark2: string; residual_r: number; mi: number | null }[] = [];
  const mi = new Map(r.mi.map((m) => [`${m.benchmark1}\u0000${m.benchmark2}`, m.mi]));
  if (r.residual_correlations) r.benchmarks.forEach((a, i) =>
    r.benchmarks.forEach((b, j) => {
      if (i === j) return;
      const key = i < j ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      const v = mi.get(key);
      values.push({ benchmark1: a, benchmark2: b, residual_r: r.residual_correlations?.matrix[i]![j]! ?? NaN, mi: v !== undefined && Number.isFinite(v) ? v : null });
    }),
  );
  let maxAbs = 0.05;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v.residual_r));
  return {
    $schema: SCHEMA,
    description: 'Residual correlations between benchmark scores: what pairs share beyond the factor model',
    title: { text: 'Residual correlations', subtitle: 'observed − model-implied correlation' },
    data: { values },
    width: { step: 36 },
    height: { step: 36 },
    encoding: {
      x: { field: 'benchmark2', type: 'nominal', sort: r.benchmarks, title: null },
      y: { field: 'benchmark1', type: 'nominal', sort: r.benchmarks, title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'residual_r', type: 'quantitative', title: 'residual r', scale: { scheme: 'redblue', domain: [-maxAbs, maxAbs], reverse: true } },
          tooltip: [
            { field: 'benchmark1', type: 'nominal' },
            { field: 'benchmark2', type: 'nominal' },
            { field: 'residual_r', type: 'quantitative', format: '.3f', title: 'residual r' },
            { field: 'mi', type: 'quantitative', format: '.1f', title: 'MI' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'residual_r', type: 'quantitative', format: '.2f' },
          color: { condition: { test: `datum.residual_r > ${0.6 * maxAbs} || datum.residual_r < ${-0.6 * maxAbs}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
