// Vega-Lite specs of the robustness report (plain JSON with inline data; rendered to SVG by
// charts/render.ts, interactive in the explorer): selection rates with intervals, fit distributions per
// structure, the permutation null against the observed fit, OOS AUC/MAE per structure and baselines.
import type { RobustnessReport } from './reduce.js';

type Spec = Record<string, unknown>;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export function selectionChart(rep: RobustnessReport): Spec | null {
  const b = rep.bootstrap;
  if (!b) return null;
  const values = b.structures.map((s) => ({ structure: s.structure, rate: s.selection_rate ?? 0, lo: s.selection_interval?.[0] ?? 0, hi: s.selection_interval?.[1] ?? 0, selected: s.selected, usable: s.usable }));
  return {
    $schema: SCHEMA,
    title: `Selection rates over ${b.replicates_with_usable_fit} item-resampled replicates (95 % Wilson intervals)`,
    description: b.rule,
    data: { values },
    width: 360,
    height: 200,
    layer: [
      { mark: 'bar', encoding: { y: { field: 'structure', type: 'nominal', sort: null, title: null }, x: { field: 'rate', type: 'quantitative', scale: { domain: [0, 1] }, title: 'share of replicates selecting the structure' }, tooltip: [{ field: 'structure' }, { field: 'selected' }, { field: 'usable' }, { field: 'rate', format: '.2f' }] } },
      { mark: { type: 'rule', color: 'black' }, encoding: { y: { field: 'structure', type: 'nominal', sort: null }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  };
}

export function fitDistributionChart(rep: RobustnessReport, index: 'cfi_scaled' | 'rmsea_scaled' | 'srmr' | 'tli_scaled' | 'chisq_scaled_df' = 'cfi_scaled'): Spec | null {
  const b = rep.bootstrap;
  if (!b) return null;
  const values = b.structures.filter((s) => s.fit[index].n > 0).map((s) => ({ structure: s.structure, ...s.fit[index] }));
  return {
    $schema: SCHEMA,
    title: `${index} across replicates (usable fits): median, quartiles, 2.5–97.5 %`,
    data: { values },
    width: 360,
    height: 200,
    layer: [
      { mark: { type: 'rule' }, encoding: { y: { field: 'structure', type: 'nominal', sort: null, title: null }, x: { field: 'q025', type: 'quantitative', scale: { zero: false }, title: index }, x2: { field: 'q975' } } },
      { mark: { type: 'bar', size: 12 }, encoding: { y: { field: 'structure', type: 'nominal', sort: null }, x: { field: 'q25', type: 'quantitative' }, x2: { field: 'q75' } } },
      { mark: { type: 'tick', color: 'white', size: 12 }, encoding: { y: { field: 'structure', type: 'nominal', sort: null }, x: { field: 'q50', type: 'quantitative' } } },
    ],
  };
}

export function permutationChart(rep: RobustnessReport): Spec | null {
  const p = rep.permutation;
  if (!p) return null;
  const values = p.structures.flatMap((s) => [
    { structure: s.structure, what: 'permuted 2.5–97.5 %', lo: s.permuted.cfi_scaled.q025, hi: s.permuted.cfi_scaled.q975, value: s.permuted.cfi_scaled.q50 },
    { structure: s.structure, what: 'observed', lo: null, hi: null, value: s.observed.cfi_scaled },
  ]);
  return {
    $schema: SCHEMA,
    title: `Scaled CFI: observed benchmark labels vs ${p.permutations} random relabellings`,
    data: { values },
    width: 360,
    height: 180,
    layer: [
      { transform: [{ filter: "datum.what !== 'observed'" }], mark: 'rule', encoding: { y: { field: 'structure', type: 'nominal', sort: null, title: null }, x: { field: 'lo', type: 'quantitative', scale: { zero: false }, title: 'scaled CFI' }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'structure', type: 'nominal', sort: null }, x: { field: 'value', type: 'quantitative' }, color: { field: 'what', type: 'nominal', title: null } } },
    ],
  };
}

export function oosChart(rep: RobustnessReport, measure: 'auc' | 'mae_pp' = 'auc'): Spec | null {
  const o = rep.oos;
  if (!o) return null;
  const iv = measure === 'auc' ? 'auc_interval' : 'mae_interval';
  const values = o.predictors.filter((p) => p[measure] !== null).map((p) => ({ predictor: p.predictor, kind: p.kind, value: p[measure], lo: p[iv]?.[0] ?? null, hi: p[iv]?.[1] ?? null }));
  return {
    $schema: SCHEMA,
    title: `Out-of-sample ${measure === 'auc' ? 'AUC' : 'MAE (percentage points)'} on hidden items, ${o.folds} folds over models (95 % bootstrap-over-models intervals)`,
    data: { values },
    width: 360,
    height: 200,
    layer: [
      { mark: 'rule', encoding: { y: { field: 'predictor', type: 'nominal', sort: null, title: null }, x: { field: 'lo', type: 'quantitative', scale: { zero: false }, title: measure === 'auc' ? 'AUC' : 'MAE (pp)' }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { y: { field: 'predictor', type: 'nominal', sort: null }, x: { field: 'value', type: 'quantitative' }, color: { field: 'kind', type: 'nominal', title: null } } },
    ],
  };
}

/** Every chart of the report by file stem. */
export function robustnessCharts(rep: RobustnessReport): Record<string, Spec> {
  const out: Record<string, Spec | null> = {
    selection_rates: selectionChart(rep),
    fit_cfi: fitDistributionChart(rep, 'cfi_scaled'),
    fit_rmsea: fitDistributionChart(rep, 'rmsea_scaled'),
    permutation_cfi: permutationChart(rep),
    oos_auc: oosChart(rep, 'auc'),
    oos_mae: oosChart(rep, 'mae_pp'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null)) as Record<string, Spec>;
}
