// The audit's charts as Vega-Lite specs, built from audit.json alone (so the explorer can rebuild them
// from a saved report and make them interactive). Rendered to static SVG by charts/render.ts.
//
//   auditCharts(report) → [{ id, stage, title, description, spec }]
//
// Data is always inline; strings from the input (model ids, item ids, benchmark names) are data values,
// escaped by vega's SVG writer. Sizes are fixed in the spec, so a chart is readable at any number of
// models: the heatmap labels the top and bottom models and aggregates the middle into bands.
import type { VegaLiteSpec } from '../charts/index.js';
import { structureLoadingsChart, structureResidualChart, type StructureReport } from '../structure/index.js';
import { robustnessCharts, type RobustnessReport } from '../robustness/index.js';
import { bestStructure } from './select.js';
import type { AuditReport, StageId } from './types.js';
import { view, type CfaView, type DescribeView, type GtheoryView, type RanksView, type ScalingView, type StructureView } from './views.js';

export interface AuditChart {
  id: string;
  stage: StageId;
  title: string;
  /** Text alternative: what the chart shows (also the SVG's <desc>). */
  description: string;
  spec: VegaLiteSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const CONFIG = {
  font: FONT,
  view: { stroke: '#d0d0d0' },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  title: { fontSize: 14, anchor: 'start' },
};
const base = (title: string): Record<string, unknown> => ({ $schema: SCHEMA, title, config: CONFIG, background: 'white', padding: 8 });

/** Rows of the heatmap: every model when few; else the top and bottom `keep` by level and the middle in bands. */
export function heatmapRows(n: number, keep = 20, maxBands = 30): { label: string | null; members: number[] }[] {
  if (n <= 2 * keep + maxBands) return Array.from({ length: n }, (_, k) => ({ label: null, members: [k] }));
  const rows: { label: string | null; members: number[] }[] = [];
  for (let k = 0; k < keep; k++) rows.push({ label: null, members: [k] });
  const mid = n - 2 * keep;
  const bands = Math.min(maxBands, mid);
  for (let b = 0; b < bands; b++) {
    const lo = keep + Math.floor((b * mid) / bands);
    const hi = keep + Math.floor(((b + 1) * mid) / bands);
    rows.push({ label: `${lo + 1}–${hi}: mean of ${hi - lo}`, members: Array.from({ length: hi - lo }, (_, i) => lo + i) });
  }
  for (let k = n - keep; k < n; k++) rows.push({ label: null, members: [k] });
  return rows;
}

function heatmapChart(r: AuditReport): AuditChart | null {
  const d = view<DescribeView | undefined>(r.first_look?.describe);
  if (!d || d.models.length === 0) return null;
  const B = d.benchmarks.length;
  const order = d.orders.models.level;
  const rows = heatmapRows(order.length);
  const values: Record<string, unknown>[] = [];
  const labels: string[] = [];
  rows.forEach((row, k) => {
    const label = row.label ?? `${order[row.members[0]!]! < d.models.length ? d.models[order[row.members[0]!]!]!.id : '?'}`;
    // Labels must be unique on the axis: a rank prefix keeps them so and says where the row is.
    const axisLabel = row.label ?? `${row.members[0]! + 1}. ${label}`;
    labels.push(axisLabel);
    for (let b = 0; b < B; b++) {
      let s = 0;
      let c = 0;
      for (const m of row.members) {
        const v = d.cells.score[order[m]! * B + b];
        if (v !== null && v !== undefined && Number.isFinite(v)) {
          s += v;
          c++;
        }
      }
      values.push({ row: axisLabel, row_index: k, benchmark: d.benchmarks[b]!.benchmark, score: c ? s / c : null, kind: row.label ? 'band (mean)' : 'model' });
    }
  });
  const aggregated = rows.some((x) => x.label);
  const description = aggregated
    ? `Proportion correct of ${d.n_models} models on ${B} benchmarks, models sorted by overall level: the top and bottom 20 models one row each, the ${d.n_models - 40} in between averaged in bands.`
    : `Proportion correct of ${d.n_models} models on ${B} benchmarks, one row per model, sorted by overall level (best first).`;
  return {
    id: 'heatmap',
    stage: 'first_look',
    title: 'Scores by model and benchmark',
    description,
    spec: {
      ...base(`Scores: ${d.n_models} models × ${B} benchmarks (rows by overall level)`),
      data: { values },
      width: Math.max(160, 56 * B),
      height: Math.max(120, 12 * rows.length),
      mark: { type: 'rect' },
      encoding: {
        y: { field: 'row', type: 'ordinal', sort: labels, title: aggregated ? 'model (top and bottom 20; middle in bands)' : 'model', axis: { labelFontSize: 10 } },
        x: { field: 'benchmark', type: 'nominal', sort: d.benchmarks.map((b) => b.benchmark), title: null, axis: { labelAngle: -30 } },
        color: { field: 'score', type: 'quantitative', scale: { scheme: 'viridis', domain: [0, 1] }, title: 'proportion correct' },
      },
    },
  };
}

function fitChart(r: AuditReport): AuditChart | null {
  const cfa = view<CfaView | null | undefined>(r.latent_structure?.cfa);
  if (!cfa) return null;
  const rows = cfa.structures.filter((s) => s.fit).map((s) => ({ structure: s.structure, rmsea: s.fit!.rmsea_scaled, lo: s.fit!.rmsea_ci_lower_scaled, hi: s.fit!.rmsea_ci_upper_scaled, cfi: s.fit!.cfi_scaled, status: s.status ?? (s.heywood?.any ? 'heywood' : 'admissible') }));
  if (!rows.length) return null;
  const order = rows.map((x) => x.structure);
  const y = { field: 'structure', type: 'nominal', sort: order, title: null };
  return {
    id: 'fit',
    stage: 'latent_structure',
    title: 'Fit of the competing structures',
    description: `Scaled RMSEA with its 90 % interval (lower is better) and scaled CFI (higher is better) for ${rows.length} structures.`,
    spec: {
      ...base('Fit of the competing structures (WLSMV, scaled)'),
      data: { values: rows },
      hconcat: [
        {
          width: 260,
          height: 22 * rows.length,
          layer: [
            { mark: { type: 'rule', color: '#4c78a8' }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: 'RMSEA (90 % interval)', scale: { zero: true } }, x2: { field: 'hi' } } },
            { mark: { type: 'point', filled: true, color: '#4c78a8', size: 60 }, encoding: { y, x: { field: 'rmsea', type: 'quantitative' }, shape: { field: 'status', type: 'nominal', title: 'status' } } },
            { data: { values: [{ x: 0.05 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
          ],
        },
        {
          width: 200,
          height: 22 * rows.length,
          layer: [
            { mark: { type: 'point', filled: true, color: '#f58518', size: 60 }, encoding: { y: { ...y, axis: null }, x: { field: 'cfi', type: 'quantitative', title: 'CFI', scale: { domain: [Math.min(0.8, ...rows.map((x) => x.cfi ?? 1)), 1] } } } },
            { data: { values: [{ x: 0.95 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
          ],
        },
      ],
    },
  };
}

/** The structure whose loadings are drawn: the best when it has a general factor, else bifactor, else general. */
function loadingsStructure(cfa: CfaView): StructureView | null {
  const best = bestStructure(cfa);
  const has = (s: StructureView | null | undefined): s is StructureView => !!s && s.converged && s.loadings.some((l) => l.factor === 'g');
  if (has(best) && best.structure !== 'second-order') return best;
  const bi = cfa.structures.find((s) => s.structure === 'bifactor');
  if (has(bi)) return bi;
  const gen = cfa.structures.find((s) => s.structure === 'general');
  return has(gen) ? gen : null;
}

function loadingsChart(r: AuditReport): AuditChart | null {
  const ls = r.latent_structure;
  const cfa = view<CfaView | null | undefined>(ls?.cfa);
  if (!ls || !cfa) return null;
  const s = loadingsStructure(cfa);
  if (!s) return null;
  const index = new Map(ls.items.map((it, k) => [it.item, k] as const));
  const bench = new Map(ls.items.map((it) => [it.item, it.benchmark] as const));
  const values = s.loadings
    .filter((l) => index.has(l.item))
    .map((l) => ({ item: l.item, benchmark: bench.get(l.item)!, index: index.get(l.item)! + 1, factor: l.factor === 'g' ? 'general (g)' : 'benchmark-specific', loading: l.std_all }));
  const bounds = benchmarkBoundaries(ls.items);
  const xScale = { domain: [0, ls.items.length + 1], nice: false };
  const top = Math.max(1, ...values.map((v) => v.loading)) + 0.05;
  return {
    id: 'loadings',
    stage: 'latent_structure',
    title: `Standardized loadings (${s.structure})`,
    description: `Standardized loading of each of ${ls.items.length} items on the general factor and on its benchmark-specific factor (${s.structure} structure), items in benchmark order.`,
    spec: {
      ...base(`Loadings of the ${s.structure} structure: general vs specific, per item`),
      data: { values },
      width: Math.min(900, Math.max(560, 3 * ls.items.length)),
      height: 220,
      layer: [
        { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        { data: { values: bounds.slice(0, -1) }, mark: { type: 'rule', color: '#ccc' }, encoding: { x: { field: 'at', type: 'quantitative', scale: xScale } } },
        { data: { values: bounds }, mark: { type: 'text', fontSize: 10, color: '#555', baseline: 'top', dy: 2 }, encoding: { x: { field: 'mid', type: 'quantitative', scale: xScale }, y: { datum: top, type: 'quantitative' }, text: { field: 'benchmark' } } },
        {
          mark: { type: 'point', filled: true, size: 22, opacity: 0.85 },
          encoding: {
            x: { field: 'index', type: 'quantitative', title: 'items, in benchmark order', scale: xScale },
            y: { field: 'loading', type: 'quantitative', title: 'standardized loading', scale: { domain: [Math.min(0, ...values.map((v) => v.loading)), top] } },
            color: { field: 'factor', type: 'nominal', title: 'factor', scale: { domain: ['general (g)', 'benchmark-specific'], range: ['#1f3b73', '#e45756'] } },
          },
        },
      ],
    },
  };
}

function benchmarkBoundaries(items: { item: string; benchmark: string }[]): { at: number; benchmark: string; mid: number }[] {
  const out: { at: number; benchmark: string; mid: number }[] = [];
  let start = 0;
  for (let k = 1; k <= items.length; k++) {
    if (k === items.length || items[k]!.benchmark !== items[start]!.benchmark) {
      out.push({ at: k + 0.5, benchmark: items[start]!.benchmark, mid: (start + k + 1) / 2 });
      start = k;
    }
  }
  return out;
}

function miChart(r: AuditReport): AuditChart | null {
  const ls = r.latent_structure;
  if (!ls || !ls.mi_map.length) return null;
  const index = new Map(ls.items.map((it, k) => [it.item, k + 1] as const));
  const values = ls.mi_map
    .filter((m) => index.has(m.item1) && index.has(m.item2))
    .map((m) => {
      const a = index.get(m.item1)!;
      const b = index.get(m.item2)!;
      return { item1: m.item1, item2: m.item2, x: Math.min(a, b), y: Math.max(a, b), mi: m.mi, sepc: m.sepc_all, pair: m.cross_benchmark ? 'cross-benchmark' : 'within benchmark' };
    });
  const J = ls.items.length;
  const bounds = benchmarkBoundaries(ls.items);
  const scale = { domain: [0, J + 1], nice: false };
  const side = Math.min(520, Math.max(300, 1.2 * J));
  return {
    id: 'mi',
    stage: 'latent_structure',
    title: 'Local-dependence map (modification indices)',
    description: `The ${values.length} item pairs with the largest modification indices (${(view<CfaView>(ls.cfa)).mi_structure ?? ''} structure), placed at their two items; lines separate benchmarks; colour marks pairs across benchmarks.`,
    spec: {
      ...base(`Largest modification indices, item × item (${(view<CfaView>(ls.cfa)).mi_structure ?? ''})`),
      width: side,
      height: side,
      layer: [
        { data: { values: bounds.slice(0, -1) }, mark: { type: 'rule', color: '#ccc' }, encoding: { x: { field: 'at', type: 'quantitative', scale } } },
        { data: { values: bounds.slice(0, -1) }, mark: { type: 'rule', color: '#ccc' }, encoding: { y: { field: 'at', type: 'quantitative', scale } } },
        {
          data: { values },
          mark: { type: 'point', filled: true, opacity: 0.8 },
          encoding: {
            x: { field: 'x', type: 'quantitative', scale, title: 'item (benchmark order)' },
            y: { field: 'y', type: 'quantitative', scale, title: 'item (benchmark order)' },
            size: { field: 'mi', type: 'quantitative', title: 'MI', scale: { range: [10, 300] } },
            color: { field: 'pair', type: 'nominal', title: 'pair', scale: { domain: ['cross-benchmark', 'within benchmark'], range: ['#d62728', '#7f7f7f'] } },
          },
        },
        { data: { values: bounds }, mark: { type: 'text', fontSize: 10, color: '#555', align: 'center', baseline: 'top', dy: 2 }, encoding: { x: { field: 'mid', type: 'quantitative', scale }, y: { datum: J + 1, type: 'quantitative', scale }, text: { field: 'benchmark' } } },
      ],
    },
  };
}

function varianceChart(r: AuditReport): AuditChart | null {
  const ev = r.ecosystem_variance;
  if (!ev) return null;
  const g = view<GtheoryView>(ev.gtheory);
  const values: { row: string; component: string; percent: number; k?: number }[] = [];
  for (const m of g.models) for (const c of m.components) if (c.percent !== null) values.push({ row: m.name, component: c.name, percent: c.percent });
  const compOrder = (c: string): number => ['benchmark', 'model_id', 'contributor', 'architecture', 'deployment', 'Residual'].indexOf(c);
  const rows = g.models.map((m) => m.name);
  if (ev.paper_comparison) {
    const paper = g.paper_comparison?.paper ?? {};
    for (const [k, v] of Object.entries(paper)) {
      const label = `paper v2: ${k}`;
      rows.push(label);
      for (const [c, p] of Object.entries(v)) if (p !== null) values.push({ row: label, component: c, percent: p });
    }
  }
  const comps = [...new Set(values.map((v) => v.component))].sort((a, b) => (compOrder(a) < 0 ? 99 : compOrder(a)) - (compOrder(b) < 0 ? 99 : compOrder(b)) || (a < b ? -1 : 1));
  for (const v of values) v.k = comps.indexOf(v.component);
  return {
    id: 'variance',
    stage: 'ecosystem_variance',
    title: 'Variance shares of benchmark scores',
    description: `Share of the variance of benchmark scores per component (REML), for the ${g.models.length} models of the decomposition${ev.paper_comparison ? ', with the AI Cartography paper’s v2 figures' : ''}.`,
    spec: {
      ...base('Variance shares of benchmark scores (REML, % of total)'),
      data: { values },
      width: 460,
      height: 26 * rows.length,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'row', type: 'nominal', sort: rows, title: null },
        x: { field: 'percent', type: 'quantitative', stack: 'zero', title: '% of total variance', scale: { domain: [0, 100] } },
        color: { field: 'component', type: 'nominal', sort: comps, title: 'component', scale: { scheme: 'tableau10' } },
        order: { field: 'k', type: 'quantitative' },
      },
    },
  };
}

function scalingChart(r: AuditReport): AuditChart | null {
  const sc = view<ScalingView | undefined>(r.denoised_scaling?.scaling);
  if (!sc) return null;
  const values: Record<string, unknown>[] = [];
  for (const v of sc.vector) {
    values.push({ factor: v.factor, kind: 'latent (plausible values)', estimate: v.unattenuated.estimate, lo: v.unattenuated.lo, hi: v.unattenuated.hi, reliability: v.reliability?.latent.reliability ?? null });
    if (v.eap_two_step) values.push({ factor: v.factor, kind: 'EAP two-step (attenuated)', estimate: v.eap_two_step.estimate, lo: null, hi: null, reliability: null });
    values.push({ factor: v.factor, kind: 'manifest (score SD units)', estimate: v.manifest_standardized, lo: null, hi: null, reliability: v.reliability?.manifest.reliability ?? null });
  }
  const factors = sc.vector.map((v) => v.factor);
  const kinds = ['latent (plausible values)', 'EAP two-step (attenuated)', 'manifest (score SD units)'];
  const y = { field: 'factor', type: 'nominal', sort: factors, title: null };
  const color = { field: 'kind', type: 'nominal', title: 'slope', scale: { domain: kinds, range: ['#1f3b73', '#9ecae9', '#f58518'] } };
  return {
    id: 'scaling',
    stage: 'denoised_scaling',
    title: 'Scaling vector',
    description: `Slope of each factor on log10 parameters (per tenfold size): the unattenuated latent slope with its 95 % interval, the attenuated EAP two-step and the manifest score slope, for ${factors.length} factors.`,
    spec: {
      ...base('Scaling vector: slope on log10 parameters, per factor'),
      data: { values },
      width: 420,
      height: 30 * factors.length,
      layer: [
        { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
        { transform: [{ filter: 'datum.lo !== null' }], mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, yOffset: { field: 'kind', type: 'nominal', sort: kinds }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { y, yOffset: { field: 'kind', type: 'nominal', sort: kinds }, x: { field: 'estimate', type: 'quantitative', title: 'slope per decade of parameters (SD of the factor)' }, color } },
      ],
    },
  };
}

function rankChart(r: AuditReport): AuditChart | null {
  const rk = view<RanksView | undefined>(r.rank_stability?.ranks);
  if (!rk) return null;
  const ranked = rk.models.filter((m) => m.latent_rank !== null && m.raw_rank !== null);
  if (!ranked.length) return null;
  const byLatent = [...ranked].sort((a, b) => a.latent_rank! - b.latent_rank!);
  const chosen = new Map<string, { group: string }>();
  for (const m of byLatent.slice(0, 15)) chosen.set(m.model_id, { group: 'top 15 by latent g' });
  for (const m of rk.movers_up.slice(0, 5)) if (!chosen.has(m.model_id)) chosen.set(m.model_id, { group: 'moved up most' });
  for (const m of rk.movers_down.slice(0, 5)) if (!chosen.has(m.model_id)) chosen.set(m.model_id, { group: 'moved down most' });
  const models = byLatent.filter((m) => chosen.has(m.model_id));
  const mark = (g: string): string => (g === 'moved up most' ? ' ↑' : g === 'moved down most' ? ' ↓' : '');
  const label = (id: string): string => `${id}${mark(chosen.get(id)!.group)}`;
  const labels = models.map((m) => label(m.model_id));
  const values: Record<string, unknown>[] = [];
  for (const m of models) {
    values.push({ model: label(m.model_id), group: chosen.get(m.model_id)!.group, which: 'raw average rank', rank: m.raw_rank, lo: null, hi: null });
    values.push({ model: label(m.model_id), group: chosen.get(m.model_id)!.group, which: 'latent rank (expected, 95 % interval)', rank: m.expected_rank, lo: m.rank_lo, hi: m.rank_hi });
  }
  const n = rk.n_compared;
  const y = { field: 'model', type: 'nominal', sort: labels, title: null };
  const color = { field: 'which', type: 'nominal', title: null, scale: { domain: ['raw average rank', 'latent rank (expected, 95 % interval)'], range: ['#f58518', '#1f3b73'] }, legend: { orient: 'bottom' } };
  const x = { type: 'quantitative', title: `rank (1 = best, of ${n})`, scale: { domain: [0, n + 1], nice: false } };
  return {
    id: 'ranks',
    stage: 'rank_stability',
    title: 'Rank shift with rank intervals',
    description: `Raw-average rank and latent rank with its 95 % interval for the 15 best models by latent g and the 5 biggest movers each way (↑ moved up, ↓ moved down; ${n} models compared).`,
    spec: {
      ...base('Raw rank vs latent rank (top models and biggest movers)'),
      data: { values },
      width: 420,
      height: 16 * labels.length,
      layer: [
        { transform: [{ filter: 'datum.lo !== null' }], mark: { type: 'rule', color: '#1f3b73', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
        { transform: [{ filter: "datum.which === 'raw average rank'" }], mark: { type: 'point', size: 55, filled: false, strokeWidth: 2 }, encoding: { y, x: { field: 'rank', ...x }, color } },
        { transform: [{ filter: "datum.which !== 'raw average rank'" }], mark: { type: 'point', size: 55, filled: true }, encoding: { y, x: { field: 'rank', ...x }, color } },
      ],
    },
  };
}

/** Scores-only data: the structure layer's own charts (loadings, residual correlations). */
function structureCharts(r: AuditReport): AuditChart[] {
  const rep = r.latent_structure?.structure as StructureReport | null | undefined;
  if (!rep || !rep.fit) return [];
  return [
    { id: 'structure_loadings', stage: 'latent_structure', title: 'Loadings of the benchmark scores on one general factor', description: `Standardized loading of each of ${rep.benchmarks.length} benchmark scores on one general factor, with its interval.`, spec: structureLoadingsChart(rep) },
    { id: 'structure_residuals', stage: 'latent_structure', title: 'Residual correlations of the benchmark scores', description: 'Correlations of the benchmark scores left after the general factor: pairs it under-explains.', spec: structureResidualChart(rep) },
  ];
}

/** The robustness layer's own charts (selection rates, fit distributions, permutation control, out-of-sample). */
function robustnessChartList(r: AuditReport): AuditChart[] {
  const rep = r.robustness as RobustnessReport | null;
  if (!rep) return [];
  const what: Record<string, string> = {
    selection_rates: 'Share of item-resampled replicates in which each structure is selected, with its interval.',
    fit_cfi: 'Distribution of scaled CFI over the replicates, per structure.',
    fit_rmsea: 'Distribution of scaled RMSEA over the replicates, per structure.',
    permutation_cfi: 'Observed CFI against the CFIs after random relabellings of items to benchmarks.',
    oos_auc: 'Out-of-sample AUC of held-out responses, per structure and baseline.',
    oos_mae: 'Out-of-sample mean absolute error of held-out benchmark scores (percentage points).',
  };
  return Object.entries(robustnessCharts(rep)).map(([id, spec]) => ({ id: `robustness_${id}`, stage: 'robustness' as const, title: id.replace(/_/g, ' '), description: what[id] ?? id.replace(/_/g, ' '), spec: spec as VegaLiteSpec }));
}

/** Every chart the report's data supports, in report order. */
export function auditCharts(r: AuditReport): AuditChart[] {
  const main = [heatmapChart(r), fitChart(r), loadingsChart(r), miChart(r)].filter((c): c is AuditChart => c !== null);
  const rest = [varianceChart(r), scalingChart(r), rankChart(r)].filter((c): c is AuditChart => c !== null);
  return [...main, ...structureCharts(r), ...rest, ...robustnessChartList(r)];
}
