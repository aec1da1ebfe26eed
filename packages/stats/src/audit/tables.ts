// The report's tables as plain strings (header + rows), from audit.json alone; the HTML and Markdown
// writers escape every cell. One definition, so both show the same digits.
import type { AuditReport, StageId } from './types.js';
import { view, type RobustnessView, type StructureScoresView, type BayesView, type CfaView, type DescribeView, type GtheoryView, type RanksView, type ScalingView } from './views.js';
import { cell, f2, f3, f4, pct, pval } from './text.js';

export interface AuditTable {
  caption: string;
  header: string[];
  rows: string[][];
  /** Rows left out of a long table (the JSON has them all). */
  more: number;
}

const table = (caption: string, header: string[], rows: string[][], limit = Infinity): AuditTable => ({ caption, header, rows: rows.slice(0, limit), more: Math.max(0, rows.length - limit) });

export function stageTables(r: AuditReport, id: StageId): AuditTable[] {
  switch (id) {
    case 'data': {
      const c = r.data.coverage;
      const out = [
        table(
          'Coverage per benchmark',
          ['benchmark', 'items', 'models scored', 'models missing some items'],
          c.per_benchmark.map((p) => [p.benchmark, cell(p.n_items), cell(p.models_scored), cell(p.models_partial)]),
        ),
        table('Models by number of missing benchmarks', ['benchmarks missing', 'models'], c.models_missing_benchmarks.map((n, k) => [String(k), String(n)]).filter((row) => row[1] !== '0')),
        table('Model metadata', ['field', 'models with it', 'of'], [
          ['size (parameters)', String(r.data.metadata.with_size), String(r.data.n_models)],
          ['architecture', String(r.data.metadata.with_architecture), String(r.data.n_models)],
          ['contributor', String(r.data.metadata.with_contributor), String(r.data.n_models)],
          ['deployment type', String(r.data.metadata.with_deployment), String(r.data.n_models)],
        ]),
      ];
      if (r.data.n_warnings) out.push(table(`Reader warnings (${r.data.n_warnings})`, ['warning'], r.data.warnings.map((w) => [w]), 20));
      return out;
    }
    case 'first_look': {
      const d = view<DescribeView | undefined>(r.first_look?.describe);
      if (!d) return [];
      return [
        table(
          `Per benchmark (${Math.round(100 * (1 - d.alpha))} % level)`,
          ['benchmark', 'items', 'models', 'mean', 'SD', 'median', 'MMD independent', 'MMD paired', 'saturated'],
          d.benchmarks.map((b) => [b.benchmark, cell(b.n_items), cell(b.n_models), f3(b.mean), f3(b.sd), f3(b.median), f3(b.mmd.independent), f3(b.mmd.paired), b.saturated ? 'yes' : 'no']),
        ),
        table('Generalists (above average, even profile)', ['model', 'level (mean z)'], d.generalists.map((g) => [g.id, f2(g.level)]), 10),
        table('Specialists (best benchmark ≥ 1 SD above their typical one)', ['model', 'best benchmark', 'specialisation (SD)'], d.specialists.map((s) => [s.id, s.best, f2(s.specialisation)]), 10),
      ];
    }
    case 'latent_structure': {
      const ls = r.latent_structure;
      const sv = view<StructureScoresView | null | undefined>(ls?.structure);
      if (ls && sv) {
        const f = sv.fit;
        const out = [table('Loadings on one general factor (standardized)', ['benchmark', 'loading', 'SE'], sv.loadings.map((l) => [l.benchmark, f3(l.std_all), f3(l.std_se)]))];
        if (f) out.push(table('Fit', ['CFI', 'robust CFI', 'RMSEA', 'robust RMSEA', 'RMSEA 90 % CI', 'SRMR'], [[f3(f.cfi), f3(f.cfi_robust), f3(f.rmsea), f3(f.rmsea_robust), `[${f3(f.rmsea_ci_lower)}, ${f3(f.rmsea_ci_upper)}]`, f3(f.srmr)]]));
        return out;
      }
      const cfa = view<CfaView | null | undefined>(ls?.cfa);
      if (!ls || !cfa) return [];
      const out = [
        table(
          `Structures (${cfa.n_models} models × ${cfa.n_items} items, WLSMV)`,
          ['structure', 'status', 'parameters', 'df', 'χ² scaled', 'p', 'CFI', 'TLI', 'RMSEA', 'RMSEA 90 % CI', 'SRMR'],
          cfa.structures.map((s) => {
            const ft = s.fit;
            const status = s.status ?? (s.converged ? (s.heywood?.any ? 'heywood' : 'admissible') : 'not converged');
            return [s.structure + (s.structure === ls.best_structure ? ' (best)' : ''), status, cell(s.n_parameters), cell(ft?.df), ft ? ft.chisq_scaled.toFixed(1) : '—', ft ? pval(ft.pvalue_scaled).replace('p = ', '').replace('p ', '') : '—', f3(ft?.cfi_scaled), f3(ft?.tli_scaled), f4(ft?.rmsea_scaled), ft ? `[${f3(ft.rmsea_ci_lower_scaled)}, ${f3(ft.rmsea_ci_upper_scaled)}]` : '—', f3(ft?.srmr)];
          }),
        ),
        table(
          'Nested structures: scaled-shifted χ² difference tests',
          ['restricted', 'general', 'Δχ² scaled', 'Δdf', 'p'],
          cfa.nested_tests.map((t) => ('error' in t ? [t.restricted, t.general, '—', '—', t.error] : [t.restricted, t.general, t.chisq_diff_scaled.toFixed(2), String(t.df_diff), pval(t.pvalue).replace('p = ', '')])),
        ),
      ];
      const bi = cfa.structures.filter((s) => s.bifactor_indices);
      if (bi.length) out.push(table('Bifactor indices', ['structure', 'ECV (g)', 'ω_h', 'ω total'], bi.map((s) => [s.structure, f3(s.bifactor_indices!.ecv), f3(s.bifactor_indices!.omega_h), f3(s.bifactor_indices!.omega_total)])));
      if (ls.mi_map.length)
        out.push(table(`Largest modification indices (${cfa.mi_structure ?? ''})`, ['item 1', 'item 2', 'MI', 'SEPC', 'pair'], ls.mi_map.map((m) => [m.item1, m.item2, m.mi.toFixed(1), f3(m.sepc_all), m.cross_benchmark ? 'cross-benchmark' : 'within benchmark']), 15));
      if (ls.item_quality?.items.length)
        out.push(
          table(
            `Items to review (${ls.item_quality.structure ?? 'no'} loadings; near zero = |λ| < ${ls.item_quality.near_zero}; floor < ${ls.item_quality.floor}, ceiling > ${ls.item_quality.ceiling} proportion correct)`,
            ['item', 'benchmark', 'proportion correct', 'g loading', 'specific loading', 'flags'],
            ls.item_quality.items.map((i) => [i.item, i.benchmark, f3(i.p_correct), f3(i.g_loading), f3(i.specific_loading), i.flags.join(', ').replace(/_/g, ' ')]),
            30,
          ),
        );
      return out;
    }
    case 'ecosystem_variance': {
      const ev = r.ecosystem_variance;
      if (!ev) return [];
      const g = view<GtheoryView>(ev.gtheory);
      const names = [...new Set(g.models.flatMap((m) => m.components.map((c) => c.name)))];
      const out = [
        table(
          `Variance components (% of total; ${g.data.n_models} models × ${g.data.benchmarks.length} benchmarks)`,
          ['component', ...g.models.map((m) => m.name)],
          names.map((n) => [n, ...g.models.map((m) => {
            const c = m.components.find((x) => x.name === n);
            return !c ? '' : c.percent === null ? `${c.variance.toPrecision(3)} (slope var.)` : pct(c.percent);
          })]),
        ),
        table('Generalizability of the mean over benchmarks', ['model', 'benchmarks', 'G (Eρ²)', 'Φ'], g.models.filter((m) => m.g).map((m) => [m.name, String(m.g!.nb), f3(m.g!.erho2), f3(m.g!.phi)])),
      ];
      if (ev.paper_comparison) {
        const paper = g.paper_comparison?.paper ?? {};
        const share = (name: string, c: string): string => pct(g.models.find((m) => m.name === name)?.components.find((x) => x.name === c)?.percent);
        out.push(table('Next to the AI Cartography paper (v2, % of total)', ['component', 'facets', 'paper', 'covariate', 'paper'], ['benchmark', 'contributor', 'architecture', 'deployment'].map((c) => [c, share('facets', c), pct(paper['facets']?.[c]), share('covariate', c), pct(paper['covariate']?.[c])])));
      }
      if (g.granularity.length) out.push(table('Granularity checks', ['recode', 'ordering', 'original order', 'recoded order'], g.granularity.map((x) => [x.recode, x.ordering_holds ? 'holds' : 'changes', x.order_original.join(' > '), x.order_recoded.join(' > ')])));
      const b = view<BayesView | null>(ev.bayes);
      if (b) out.push(table(`Bayesian check (Gibbs, ${b.chains} chains × ${b.iterations} draws)`, ['component', 'median share', '95 % interval', 'REML share', 'R̂'], b.components.filter((c) => c.reml_share !== null).map((c) => [c.name, pct(c.share.median), `[${f2(c.share.lo)}, ${f2(c.share.hi)}] %`, pct(c.reml_share), f3(c.rhat)])));
      return out;
    }
    case 'denoised_scaling': {
      const sc = view<ScalingView | undefined>(r.denoised_scaling?.scaling);
      if (!sc) return [];
      return [
        table(
          `Scaling vector (${sc.n_models} models; ${sc.formula})`,
          ['factor', 'slope', '95 % interval', 'EAP two-step', 'manifest', 'manifest (SD units)', 'reliability latent', 'reliability manifest'],
          sc.vector.map((v) => [v.factor, f3(v.unattenuated.estimate), `[${f3(v.unattenuated.lo)}, ${f3(v.unattenuated.hi)}]`, f3(v.eap_two_step?.estimate), f3(v.manifest.estimate), f3(v.manifest_standardized), f3(v.reliability?.latent.reliability), f3(v.reliability?.manifest.reliability)]),
        ),
      ];
    }
    case 'rank_stability': {
      const rk = view<RanksView | undefined>(r.rank_stability?.ranks);
      if (!rk) return [];
      const row = (m: RanksView['models'][number]): string[] => [m.model_id, cell(m.raw_rank), cell(m.latent_rank), m.expected_rank === null ? '—' : m.expected_rank.toFixed(1), m.rank_lo === null ? '—' : `[${m.rank_lo}, ${m.rank_hi}]`, f3(m.g_mean), f3(m.g_sd)];
      const head = ['model', 'raw rank', 'latent rank', 'expected rank', '95 % rank interval', 'g (EAP)', 'posterior SD'];
      return [
        table('Retention of the raw sets under the latent ranking', ['set', 'size', 'retained', 'retention'], rk.retention.map((x) => [x.set, String(x.size), String(x.retained), pct(100 * x.retention)])),
        table('Top 10 by latent g', head, rk.models.filter((m) => m.latent_rank !== null).sort((a, b) => a.latent_rank! - b.latent_rank!).slice(0, 10).map(row)),
        table('Moved up most by the latent ranking', head, rk.movers_up.map(row), 10),
        table('Moved down most', head, rk.movers_down.map(row), 10),
      ];
    }
    case 'robustness': {
      const rb = view<RobustnessView | null>(r.robustness);
      if (!rb) return [];
      const out: AuditTable[] = [];
      if (rb.bootstrap)
        out.push(table(`Selection over ${rb.bootstrap.replicates} item-resampled replicates (${rb.bootstrap.rule})`, ['structure', 'usable fits', 'selected', 'selection rate', 'interval'], rb.bootstrap.structures.map((x) => [x.structure, String(x.usable), String(x.selected), x.selection_rate === null ? '—' : pct(100 * x.selection_rate), x.selection_interval ? `[${pct(100 * x.selection_interval[0])}, ${pct(100 * x.selection_interval[1])}]` : '—'])));
      if (rb.permutation) out.push(table(`Permutation control (${rb.permutation.permutations} relabellings of items to benchmarks)`, ['structure', 'p (CFI)', 'p (RMSEA)'], rb.permutation.structures.map((x) => [x.structure, cell(x.p_values['cfi_scaled']), cell(x.p_values['rmsea_scaled'])])));
      if (rb.oos) out.push(table(`Out-of-sample prediction (${rb.oos.folds} folds over models)`, ['predictor', 'kind', 'AUC', 'AUC interval', 'MAE (pp)'], rb.oos.predictors.map((x) => [x.predictor, x.kind, f3(x.auc), x.auc_interval ? `[${f3(x.auc_interval[0])}, ${f3(x.auc_interval[1])}]` : '—', f2(x.mae_pp)])));
      return out;
    }
    default:
      return [];
  }
}

/** "How to read this" for each stage's table and chart. */
export const HOW_TO_READ: Record<StageId, string> = {
  data: 'A model missing a whole benchmark has no score there: its average is over fewer benchmarks and not comparable with complete models. Metadata counts say which later stages can use how many models.',
  first_look:
    'Each heatmap row is a model (best overall level at the top), each column a benchmark; colour is the proportion correct. With many models the top and bottom 20 have their own rows and the middle is averaged in bands. In the table, a gap between two models smaller than the MMD may be noise; "paired" applies to two models on the same items, "independent" to scores on different item draws.',
  latent_structure:
    'Lower RMSEA and higher CFI are better; overlapping RMSEA intervals mean the data do not separate the structures by that index. A small p in a difference test says the more restricted structure loses real fit. In the loadings chart every item has a general loading (dark) and, in a bifactor structure, a benchmark-specific one (red): items whose general loading is near zero do not measure the common ability. In the map, big dots are item pairs the structure under-explains; red ones cross benchmarks.',
  ecosystem_variance:
    'Each bar splits the variance of benchmark scores into components: benchmark (how hard each benchmark is), model (differences between models), contributor/architecture/deployment (groups of models), and the residual (model × benchmark interaction and noise). G and Φ near 1 mean the mean over the benchmarks orders (G) or places (Φ) models reliably.',
  denoised_scaling:
    'Each row is a factor; a dot right of 0 means larger models score higher on it. The dark dot with its bar is the slope with measurement error removed (95 % interval); the light dot the shrunken EAP two-step, which understates it; the orange dot the raw benchmark score’s slope in SD units. Reliability near 1 means the slope holds across controls and item resamples.',
  rank_stability:
    'Each row is a model: the orange ring its rank by the raw average, the dark dot its expected latent rank with the 95 % interval. Models whose intervals overlap cannot be told apart at this precision; a long bar means few or uninformative items.',
  robustness: 'A structure selected in most item-resampled replicates is a finding about the instrument, not about one draw of items; a permutation p-value says how often random item-to-benchmark labels fit as well; out-of-sample AUC compares how well each structure predicts responses of models it has not seen.',
};
