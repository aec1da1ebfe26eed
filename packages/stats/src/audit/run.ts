// runAudit: the whole measurement case file in one call (issue #12). The stages are reported in order —
// data, first look, latent structure, ecosystem variance, denoised scaling, rank stability, robustness —
// each through its layer's adapter (adapters.ts). A stage that cannot run on this input is listed with its
// reason and the input that would enable it; it never aborts the audit. The unconditional IRT
// calibration is fitted once and read by the rank stage and by the scaling stage's EAP two-step
// (`shared_calibration: true`); the conditioning model on size belongs to scaling alone.
//
// The heavy layers are tasks (tasks.ts) submitted up front to an executor: by default one after the other
// in this thread; a front end with threads passes `executor` (the CLI's --workers) and the latent-structure
// fits run beside the IRT calibration, then the scaling beside the ranks. Each stage's text is built from
// its task's result in the fixed stage order, and every warning a task raised is recorded at its stage,
// so audit.json is the same bytes whatever the executor and the number of workers.
//
//   const { report, layerFiles, timings } = await runAudit(lb, { seed: 1, onProgress });
//
// `report` is audit.json: plain JSON (typed arrays → arrays, NaN → null), no timings (those are in
// `timings`, the front end's run.json), so the same inputs and seed give the same bytes.
import type { Leaderboard, MissingInput } from '../data/leaderboard.js';
import { coverageOf, MissingInputError, MISSING } from '../data/leaderboard.js';
import { EstimationError, InputError } from '../util/errors.js';
import { ALL_STRUCTURES, forwardProgress, structureLayer, type AnyProgress, describeLayer, scalingLayerOf, type LayerFile } from './adapters.js';
import { listReplicates } from '../replicate/index.js';
import { pvChunkSizes } from '../scaling/index.js';
import type { IrtRun } from '../irt/index.js';
import { inProcessExecutor, packLeaderboard, type AuditTask, type AuditTaskKind, type AuditTaskOutput } from './tasks.js';
import { resolveRecode } from '../gtheory/index.js';
import { seedStreams } from './seeds.js';
import { glossaryFor } from './glossary.js';
import { AUDIT_SCHEMA_VERSION, type AuditOptions, type AuditReport, type AuditResult, type DataSection, type ItemQuality, type StageId, type StageResult, type SummaryLine } from './types.js';
import { view, type CfaView, type DescribeView, type GtheoryView, type BayesView, type RanksView, type RobustnessView, type ScalingView, type StructureScoresView as StructureView } from './views.js';
import { f2, f3, pct, pval, plural } from './text.js';
import { bestStructure } from './select.js';
import { sizeCaveat, sizeDefaults, sizeSentence, type SizedOption } from './size.js';

export const STAGES: { id: StageId; title: string; question: string }[] = [
  { id: 'data', title: 'Data', question: 'What was read: which models, benchmarks and items, how complete, with which metadata?' },
  { id: 'first_look', title: 'First look', question: 'How widely do the benchmarks spread the models, which differences are meaningful, which benchmarks are saturated?' },
  { id: 'latent_structure', title: 'Latent structure', question: 'What does the leaderboard measure: one general ability, several, or one plus benchmark-specific skills?' },
  { id: 'ecosystem_variance', title: 'Ecosystem variance', question: 'Where does the variance of benchmark scores come from: the benchmarks, the models, or who built them and how?' },
  { id: 'denoised_scaling', title: 'Denoised scaling', question: 'What does model size scale, factor by factor, once measurement error is removed?' },
  { id: 'rank_stability', title: 'Rank stability', question: 'Which ranks hold once each score’s precision is taken into account?' },
  { id: 'robustness', title: 'Robustness', question: 'Does the structure comparison hold under resampling of models, items and benchmarks?' },
];

/** NaN/±Infinity → null, typed arrays → arrays; keys in insertion order. Timing keys are moved to `sink`. */
function jsonSafe(x: unknown, path: string, sink: Record<string, number> | null): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (x === null || typeof x !== 'object') return x;
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(x)) return x.map((v, i) => jsonSafe(v, `${path}[${i}]`, sink));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (sink && typeof v === 'number' && /(^seconds|seconds$|Seconds$|_ms$|^elapsed)/.test(k)) {
      sink[`${path}.${k}`.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '').toLowerCase()] = v;
      continue;
    }
    out[k] = jsonSafe(v, `${path}.${k}`, sink);
  }
  return out;
}

/** RMSEA in words (Browne & Cudeck 1993; MacCallum, Browne & Sugawara 1996 cut-offs). */
function rmseaWords(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  if (x <= 0.05) return ' (close fit by RMSEA)';
  if (x <= 0.08) return ' (acceptable fit by RMSEA)';
  if (x <= 0.1) return ' (mediocre fit by RMSEA)';
  return ' (poor fit by RMSEA: one factor leaves much of the scores’ covariation unexplained)';
}

function stageShell(id: StageId): StageResult {
  const s = STAGES.find((x) => x.id === id)!;
  return { id, title: s.title, question: s.question, status: 'done', reason: null, needs: null, enable: null, finding: null, answer: null, caveat: null, folders: [] };
}

const NEED_TEXT: Record<string, string> = {
  data: 'data (item responses or benchmark scores)',
  'model metadata': 'model metadata (size, architecture, contributor, deployment type per model)',
  'item responses': 'item-level responses (0/1 per model and item)',
  'benchmark scores': 'benchmark scores',
  'item counts': 'the number of items behind each benchmark score',
};

export async function runAudit(lb: Leaderboard, options: AuditOptions = {}): Promise<AuditResult> {
  // pv and replicates: smaller defaults on a large input unless given or fullDefaults (size.ts)
  const sized = sizeDefaults(lb, { pv: options.pv, replicates: options.replicates }, { fullDefaults: options.fullDefaults, howToGetFull: options.howToGetFull, largeFromCells: options.largeFromCells });
  const o = {
    seed: options.seed ?? 1,
    alpha: options.alpha ?? 0.05,
    saturation: options.saturation ?? 0.9,
    top: options.top ?? 10,
    structures: options.structures ?? [...ALL_STRUCTURES],
    missing: options.missing ?? 'listwise',
    mi: options.mi ?? true,
    recodes: (options.recodes ?? []).map((r) => resolveRecode(r, options.readFile)), // bad rules fail here, before any stage
    bayes: options.bayes ?? false,
    chains: options.chains ?? 4,
    iterations: options.iterations ?? 2000,
    warmup: options.warmup ?? 500,
    pv: sized.values.pv,
    replicates: sized.values.replicates,
    itemFraction: options.itemFraction ?? 0.8,
    draws: options.draws ?? 1000,
    movers: options.movers ?? 10,
    link: options.link ?? 'logistic',
    robustness: options.robustness ?? null,
  };
  const seeds = seedStreams(o.seed);
  const onProgress = options.onProgress ?? (() => {});
  const warn = (m: string): void => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const needText = (n: MissingInput): string => options.describeNeed?.(n) ?? NEED_TEXT[n] ?? n;
  const warnings: string[] = [];
  const timings: Record<string, unknown> = {};
  const stageSeconds: Record<string, number> = {};
  const layerTimings: Record<string, number> = {};
  const layerFiles: Record<string, LayerFile[]> = {};
  const stages: StageResult[] = [];
  const summary: SummaryLine[] = [];

  const report: AuditReport = {
    schema_version: AUDIT_SCHEMA_VERSION,
    software: { name: 'cartograph', version: options.softwareVersion ?? '0.1.0' },
    inputs: [...(options.inputs ?? [])].map((i) => ({ role: i.role, name: i.name, sha256: i.sha256, bytes: i.bytes })),
    options: {
      seed: o.seed,
      alpha: o.alpha,
      saturation: o.saturation,
      top: o.top,
      structures: o.structures,
      missing: o.missing,
      mi: o.mi,
      recodes: o.recodes.map((r) => r.text),
      bayes: o.bayes,
      chains: o.chains,
      iterations: o.iterations,
      warmup: o.warmup,
      pv: o.pv,
      replicates: o.replicates,
      item_fraction: o.itemFraction,
      draws: o.draws,
      movers: o.movers,
      link: o.link,
      robustness: o.robustness,
      full_defaults: sized.report.full_defaults,
    },
    size_defaults: sized.report,
    seeds: { root: o.seed, streams: { ...seeds }, derivation: '1 + (splitmix32(root XOR fnv1a32(label)) mod (2^31 - 1)); labels fixed (packages/stats/src/audit/seeds.ts)' },
    stages,
    summary,
    data: null as unknown as DataSection,
    first_look: null,
    latent_structure: null,
    ecosystem_variance: null,
    denoised_scaling: null,
    rank_stability: null,
    robustness: null,
    glossary: [],
    warnings,
  };

  const sizeText = sizeSentence(sized.report);
  const withSize = (caveat: string, opts: SizedOption[]): string => {
    const c = sizeCaveat(sized.report, opts);
    return c ? `${caveat} ${c}` : caveat;
  };
  if (sizeText) warn(sizeText);

  /** Run one stage: progress, timing, and a throw turned into a skipped stage with its reason. */
  const total = STAGES.length;
  const run = async (id: StageId, body: (st: StageResult) => void | Promise<void>): Promise<StageResult> => {
    const st = stageShell(id);
    const k = stages.length;
    onProgress({ stage: 'audit', done: k, total, message: st.title });
    await new Promise((r) => setTimeout(r, 0)); // let the front end draw its progress
    const t0 = performance.now();
    try {
      await body(st);
    } catch (e) {
      st.status = 'skipped';
      st.finding = null;
      st.answer = null;
      if (e instanceof MissingInputError) {
        st.needs = e.needs;
        st.reason = e.detail;
        st.enable = needText(e.needs);
      } else if (e instanceof EstimationError) {
        st.reason = `cannot estimate: ${e.message}`;
      } else if (e instanceof InputError) {
        st.reason = `bad input: ${e.message}`;
      } else {
        st.reason = `internal error: ${(e as Error)?.message ?? String(e)}`;
        warn(`${st.title}: ${st.reason} (please report it; the other stages ran)`);
      }
    }
    stageSeconds[id] = (performance.now() - t0) / 1000;
    stages.push(st);
    if (st.status === 'done' && st.answer) summary.push({ stage: id, text: st.answer, caveat: st.caveat });
    onProgress({ stage: 'audit', done: k + 1, total, message: st.status === 'done' ? `${st.title}: ${st.finding ?? 'done'}` : `${st.title}: skipped — ${st.reason}` });
    return st;
  };
  const inner = (stage: string): AnyProgress => forwardProgress(stage, onProgress);
  /** A file as the inputs block names it (the front end's `path` → `name`), else as given. */
  const shownName = (file: string): string => (options.inputs ?? []).find((i) => i.path !== undefined && i.path === file)?.name ?? file;

  const benchmarksAll = lb.responses ? [...new Set(lb.items.map((i) => i.benchmark))] : (lb.scores?.benchmarks ?? []);
  const B = benchmarksAll.length;

  // ---------------------------------------------------------------- the heavy layers, submitted up front
  // Each stage's preconditions are checked here (a failed check is the stage's reason, thrown when the
  // stage is reported); the tasks run on the executor while the cheap stages are written. The calibration
  // goes first: scaling and ranks wait for it, so it is the start of the longest path.
  const executor = options.executor ?? inProcessExecutor(lb);
  const hooks = { onProgress, onWarning: (m: string) => options.onWarning?.(m) };
  const settle = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined); // awaited by its stage; never an unhandled rejection meanwhile
    return p;
  };
  const guarded = <K extends AuditTaskKind>(check: () => void, task: () => Extract<AuditTask, { kind: K }>): Promise<AuditTaskOutput<K>> => {
    try {
      check();
    } catch (e) {
      return settle(Promise.reject(e));
    }
    return settle(executor.run<K>(task(), hooks));
  };
  /** Records a task's warnings (already shown live) in audit.json, at its stage, and its seconds in run.json. */
  const take = <K extends AuditTaskKind>(out: AuditTaskOutput<K>, label: string): AuditTaskOutput<K>['result'] => {
    warnings.push(...out.warnings);
    layerTimings[label] = out.seconds;
    return out.result;
  };
  const itemLevel = (): void => {
    if (!lb.responses) throw new MissingInputError('item responses', 'the IRT calibration needs item-level responses; this input has benchmark scores only');
  };
  // with two benchmarks a factor above the two benchmark factors (second-order) or a correlation of two
  // specifics next to g (bifactor-correlated) is not identified apart from the others
  const notIdentified: string[] = B < 3 ? ['second-order', 'bifactor-correlated'] : [];
  const fitted = o.structures.filter((s) => !notIdentified.includes(s));
  const scalingCheck = (): void => {
    if (!lb.responses) throw new MissingInputError('item responses', 'the scaling vector is a regression of IRT factors on size; this input has benchmark scores only');
    const sized = lb.models.filter((m) => m.log10Params !== null && Number.isFinite(m.log10Params)).length;
    if (sized < 20) throw new MissingInputError('model metadata', `the scaling vector needs model sizes; ${sized} of ${lb.models.length} models have one (20 needed)`);
  };
  const scalingPossible = ((): boolean => {
    try {
      scalingCheck();
      return true;
    } catch {
      return false;
    }
  })();
  const calibrationP = lb.responses ? guarded<'calibration'>(itemLevel, () => ({ kind: 'calibration', link: o.link })) : null;
  const cfaP = lb.responses
    ? guarded<'cfa'>(
        () => {
          if (B < 2) throw new EstimationError('latent structure', `only ${plural(B, 'benchmark')}: the competing structures differ only with two or more benchmarks`);
        },
        () => ({ kind: 'cfa', structures: fitted, missing: o.missing, mi: o.mi }),
      )
    : null;
  const gtheoryP = guarded<'gtheory'>(
    () => {
      const withMeta = lb.models.filter((m) => m.log10Params !== null && Number.isFinite(m.log10Params) && m.architecture && m.contributor && m.deployment).length;
      if (withMeta < 3) throw new MissingInputError('model metadata', `the variance decomposition needs size, architecture, contributor and deployment type per model; ${withMeta} of ${lb.models.length} models have them`);
      if (B < 2) throw new EstimationError('ecosystem variance', `only ${plural(B, 'benchmark')}: a benchmark facet needs two or more`);
    },
    () => ({ kind: 'gtheory', recodes: o.recodes, bayes: o.bayes, chains: o.chains, iterations: o.iterations, warmup: o.warmup, seed: seeds['gtheory_gibbs'], otherScaling: options.otherScaling ? packLeaderboard(options.otherScaling) : null }),
  );
  const rb = o.robustness;
  const robustnessRequested = !!rb && ((rb.bootstrap ?? 0) > 0 || (rb.permutations ?? 0) > 0 || (rb.folds ?? 0) > 0);
  const robustnessP = robustnessRequested
    ? guarded<'robustness'>(
        () => {
          if (!lb.responses) throw new MissingInputError('item responses', 'the robustness study resamples items; this input has benchmark scores only');
        },
        () => ({ kind: 'robustness', structures: o.structures, bootstrap: rb!.bootstrap ?? 0, permutations: rb!.permutations ?? 0, folds: rb!.folds ?? 0, seed: seeds['robustness'] }),
      )
    : null;
  // scaling reads the shared calibration's EAP scores for its two-step (when the calibration failed it fits
  // its own; the rank stage reports the calibration's reason) and holds its items in the conditioning fit;
  // that fit plans the item-resampled replicates, which then run as tasks of their own, side by side with
  // the two chunks of the full test's plausible values, ranks and each other
  const scalingP = settle(
    (async (): Promise<{ fit: AuditTaskOutput<'scaling_fit'>; pv: AuditTaskOutput<'scaling_pv'>[]; replicates: AuditTaskOutput<'scaling_replicate'>[] }> => {
      scalingCheck();
      let cal: IrtRun | null = null;
      try {
        cal = (await calibrationP!).result;
      } catch {
        cal = null;
      }
      const fit = await executor.run<'scaling_fit'>({ kind: 'scaling_fit', seed: seeds['scaling'], pv: o.pv, replicates: o.replicates, itemFraction: o.itemFraction, link: o.link, calibration: cal }, hooks);
      const pv = pvChunkSizes(fit.result.pvDraws).map((_, chunk) => settle(executor.run<'scaling_pv'>({ kind: 'scaling_pv', seed: seeds['scaling'], fitted: fit.result, chunk }, hooks)));
      const replicates = listReplicates(fit.result.plan).map((id) => settle(executor.run<'scaling_replicate'>({ kind: 'scaling_replicate', plan: fit.result.plan, id }, hooks)));
      return { fit, pv: await Promise.all(pv), replicates: await Promise.all(replicates) };
    })(),
  );
  const ranksP: Promise<AuditTaskOutput<'ranks'>> = calibrationP
    ? settle(calibrationP.then((cal) => executor.run<'ranks'>({ kind: 'ranks', draws: o.draws, seed: seeds['ranks_draws'], movers: o.movers, link: o.link, calibration: cal.result }, hooks)))
    : guarded<'ranks'>(itemLevel, () => {
        throw new EstimationError('ranks', 'unreachable: ranks without item responses');
      });
  let calibrationRecorded = false;
  /** The calibration's warnings and seconds, recorded once, at the first stage that reads it. */
  const calibration = async (): Promise<void> => {
    if (calibrationRecorded || !calibrationP) return;
    calibrationRecorded = true;
    try {
      take(await calibrationP, 'irt_calibration');
    } catch {
      // its reason is the rank stage's (scaling then fitted its own calibration)
    }
  };

  // ---------------------------------------------------------------- 1. data
  await run('data', (st) => {
    const cov = lb.coverage ?? coverageOf(lb);
    const count = (f: (m: Leaderboard['models'][number]) => boolean): number => lb.models.filter(f).length;
    const data: DataSection = {
      source: lb.responses && lb.scores ? 'responses+scores' : lb.responses ? 'responses' : 'scores',
      n_models: lb.models.length,
      n_benchmarks: B,
      n_items: lb.responses ? lb.items.length : 0,
      benchmarks: benchmarksAll,
      coverage: cov,
      metadata: {
        with_size: count((m) => m.log10Params !== null && Number.isFinite(m.log10Params)),
        with_architecture: count((m) => !!m.architecture),
        with_contributor: count((m) => !!m.contributor),
        with_deployment: count((m) => !!m.deployment),
        // the join table under the name the inputs block shows (not the path it was read from on this machine)
        join: lb.metadataJoin ? { ...lb.metadataJoin, file: shownName(lb.metadataJoin.file) } : null,
      },
      origin: lb.origin ? { version: lb.origin.version, role: lb.origin.role } : null,
      n_warnings: lb.warnings.length,
      warnings: lb.warnings.slice(0, 50),
    };
    report.data = jsonSafe(data, 'data', null) as DataSection;
    const what = lb.responses ? `${lb.items.length} items in ${plural(B, 'benchmark')}` : `scores on ${plural(B, 'benchmark')}`;
    const incomplete = cov.n_models - cov.complete_models;
    st.finding = `${plural(lb.models.length, 'model')}, ${what}; ${cov.complete_models} complete${incomplete ? `, ${incomplete} missing whole benchmarks` : ''}; size known for ${data.metadata.with_size}`;
    st.answer =
      `The audit read ${plural(lb.models.length, 'model')} with ${what}. ${cov.complete_models} of them are scored on every benchmark${incomplete ? `; ${incomplete} miss at least one whole benchmark, so their averages are not comparable with the others'` : ''}. ` +
      `Model size is known for ${data.metadata.with_size}, architecture for ${data.metadata.with_architecture}, contributor for ${data.metadata.with_contributor} and deployment type for ${data.metadata.with_deployment} of them.` +
      (lb.warnings.length ? ` The readers reported ${plural(lb.warnings.length, 'warning')} (listed in the Data section).` : '') +
      (sizeText ? ` ${sizeText}` : '');
    st.caveat = 'Counts describe the files as read; they say nothing about how the models or items were sampled.';
  });

  // ---------------------------------------------------------------- 2. first look
  await run('first_look', (st) => {
    const t0 = performance.now();
    const layer = describeLayer(lb, { alpha: o.alpha, saturation: o.saturation, top: o.top });
    layerTimings['describe'] = (performance.now() - t0) / 1000;
    layerFiles['describe'] = layer.files;
    st.folders = ['describe'];
    const d = view<DescribeView>(jsonSafe(layer.report, 'describe', null));
    report.first_look = { describe: d };
    const widest = d.benchmarks.find((b) => b.benchmark === d.choice_matters[0]);
    const mmds = d.benchmarks.map((b) => b.mmd.paired ?? b.mmd.independent).filter((x): x is number => x !== null && Number.isFinite(x));
    const mmdText = mmds.length ? `Two models must differ by ${f3(Math.min(...mmds))}–${f3(Math.max(...mmds))} in proportion correct on a benchmark before a test at level ${o.alpha} calls the gap real (the minimum meaningful difference).` : 'The item counts behind the scores are unknown, so no interval or minimum meaningful difference can be given.';
    st.finding = `widest spread on ${widest?.benchmark ?? '—'} (SD ${f3(widest?.sd)}); ${d.saturated.length ? `saturated: ${d.saturated.join(', ')}` : 'no benchmark saturated'}`;
    st.answer = `Model choice matters most on ${widest?.benchmark ?? '—'} (SD of model scores ${f3(widest?.sd)}). ${mmdText} ${d.saturated.length ? `${plural(d.saturated.length, 'benchmark')} ${d.saturated.length > 1 ? 'are' : 'is'} saturated (median ≥ ${o.saturation}): ${d.saturated.join(', ')}.` : `No benchmark is saturated (median ≥ ${o.saturation}).`}`;
    st.caveat = 'Proportions correct are not comparable across benchmarks of different difficulty; the intervals treat items as a random sample of a larger pool.';
  });

  // ---------------------------------------------------------------- 3. latent structure
  await run('latent_structure', async (st) => {
    if (!lb.responses) {
      // Scores only: the factor structure of the benchmark scores (one general factor, `cartograph structure`).
      if (!lb.scores) throw new MissingInputError('benchmark scores', 'no item responses and no benchmark scores');
      if (B < 3) throw new EstimationError('latent structure', `only ${plural(B, 'benchmark')}: one factor of benchmark scores needs three or more`);
      const t0 = performance.now();
      const layer = await structureLayer(lb, { onProgress: inner('latent structure'), onWarning: warn });
      layerTimings['structure'] = (performance.now() - t0) / 1000;
      layerFiles['structure'] = layer.files;
      st.folders = ['structure'];
      const rep = view<StructureView>(jsonSafe(layer.report, 'structure', null));
      report.latent_structure = { kind: 'scores', items: [], best_structure: null, cfa: null, mi_map: [], item_quality: null, structure: rep };
      const ft = rep.fit;
      const cfi = ft?.cfi_robust ?? ft?.cfi;
      const rmsea = ft?.rmsea_robust ?? ft?.rmsea;
      const lo = rep.loadings.length ? Math.min(...rep.loadings.map((l) => l.std_all)) : null;
      const hi = rep.loadings.length ? Math.max(...rep.loadings.map((l) => l.std_all)) : null;
      st.finding = ft ? `one general factor of ${B} benchmark scores: CFI ${f3(cfi)}, RMSEA ${f3(rmsea)}` : 'the one-factor model of the scores could not be estimated';
      st.answer = ft
        ? `One general factor of the ${B} benchmark scores (${rep.n_models} models, ${rep.estimator}${rep.cluster ? `, clustered by ${rep.cluster.variable}` : ''}) fits with robust CFI ${f3(cfi)} and RMSEA ${f3(rmsea)} [${f3(ft.rmsea_ci_lower)}, ${f3(ft.rmsea_ci_upper)}]${rmseaWords(rmsea)}; standardized loadings ${f2(lo)}–${f2(hi)}${rep.omega !== null ? `, ω = ${f2(rep.omega)}` : ''}. With item-level responses the audit would compare the six competing structures instead.`
        : `The one-factor model of the benchmark scores could not be estimated: ${rep.skipped.map((x) => x.reason).join('; ')}.`;
      st.caveat = 'A factor model of a handful of benchmark scores cannot tell a general ability from benchmark-specific skills the way item-level data can; loadings describe this population of models.';
      return;
    }
    const dropped = o.structures.filter((s) => notIdentified.includes(s));
    const layer = take(await cfaP!, 'cfa');
    layerFiles['cfa'] = layer.files;
    st.folders = ['cfa'];
    const cfaSink: Record<string, number> = {};
    const cfa = view<CfaView>(jsonSafe(layer.json, 'cfa', cfaSink));
    Object.assign(layerTimings, cfaSink);
    const best = bestStructure(cfa);
    const itemQuality = itemQualityOf(lb, cfa);
    const miMap = (layer.mi ?? []).slice(0, 300).map((m) => ({ item1: m.item1, item2: m.item2, mi: m.mi, sepc_all: m.sepc_all, cross_benchmark: m.cross_benchmark }));
    report.latent_structure = { kind: 'items', items: lb.items.map((it) => ({ item: it.id, benchmark: it.benchmark })), best_structure: best?.structure ?? null, cfa, mi_map: jsonSafe(miMap, 'mi', null) as typeof miMap, item_quality: itemQuality, structure: null };
    const gen = cfa.structures.find((s) => s.structure === 'general' && s.fit);
    const sentences: string[] = [];
    if (best?.fit) {
      const ft = best.fit;
      let s = `The ${best.structure} structure fits best (scaled RMSEA ${f3(ft.rmsea_scaled)} [${f3(ft.rmsea_ci_lower_scaled)}, ${f3(ft.rmsea_ci_upper_scaled)}], CFI ${f3(ft.cfi_scaled)}`;
      if (gen && gen !== best) {
        s += ` vs ${f3(gen.fit!.rmsea_scaled)} [${f3(gen.fit!.rmsea_ci_lower_scaled)}, ${f3(gen.fit!.rmsea_ci_upper_scaled)}] for one general factor`;
        const t = cfa.nested_tests.find((x) => x.restricted === 'general' && x.general === best.structure && !('error' in x));
        if (t && !('error' in t)) s += `; difference test ${pval(t.pvalue)}`;
      }
      sentences.push(`${s}).`);
      const bi = best.bifactor_indices ?? cfa.structures.find((x) => x.structure === 'bifactor' && x.bifactor_indices)?.bifactor_indices ?? null;
      if (bi) sentences.push(`ω_h = ${f2(bi.omega_h)} (ECV ${f2(bi.ecv)}): ${bi.omega_h >= 0.8 ? 'the total score mostly reflects the general factor' : bi.omega_h >= 0.6 ? 'the total score reflects the general factor to a large part, with a notable share of benchmark-specific variance' : 'the total score is not a clean measure of one general ability'}.`);
    } else {
      sentences.push('No structure converged to an admissible solution; the fits are listed with their reasons.');
    }
    const cross = miMap.filter((m) => m.cross_benchmark).length;
    if (miMap.length) sentences.push(`Of the ${miMap.length} largest modification indices, ${cross} are for item pairs across benchmarks (local dependence the structure does not explain).`);
    if (itemQuality) {
      const n = (f: string): number => itemQuality.items.filter((i) => i.flags.includes(f as never)).length;
      sentences.push(`Item quality: ${n('negative_loading')} items load negatively and ${n('near_zero_loading')} near zero (|λ| < ${itemQuality.near_zero}) on the general factor; ${n('floor')} floor and ${n('ceiling')} ceiling items.`);
    }
    if (dropped.length) sentences.push(`Not fitted with ${plural(B, 'benchmark')}: ${dropped.join(', ')} (not identified: a factor above two benchmark factors has too few indicators).`);
    st.finding = best?.fit ? `${best.structure} fits best (RMSEA ${f3(best.fit.rmsea_scaled)}, CFI ${f3(best.fit.cfi_scaled)})` : 'no admissible structure';
    st.answer = sentences.join(' ');
    st.caveat = 'Fit indices compare structures on these models and items only; a modification index says the structure under-explains a pair, not why. ω_h and ECV are point estimates without intervals.';
  });

  // ---------------------------------------------------------------- 4. ecosystem variance
  await run('ecosystem_variance', async (st) => {
    const layer = take(await gtheoryP, 'gtheory');
    layerFiles['gtheory'] = layer.files;
    st.folders = ['gtheory'];
    const sink: Record<string, number> = {};
    const g = view<GtheoryView>(jsonSafe(layer.report, 'gtheory', sink));
    const bayes = g.bayes ?? null;
    Object.assign(layerTimings, sink);
    const paper = g.paper_comparison !== null && g.paper_comparison !== undefined;
    report.ecosystem_variance = { scores_from: g.data.scores_from ?? 'scores', paper_comparison: paper, gtheory: g, bayes };
    const facets = g.models.find((m) => m.name === 'facets');
    const cov = g.models.find((m) => m.name === 'covariate');
    const share = (m: typeof facets, c: string): number | null => m?.components.find((x) => x.name === c)?.percent ?? null;
    const order = (facets?.components ?? []).filter((c) => c.percent !== null && c.name !== 'Residual').sort((a, b) => b.percent! - a.percent!);
    const bshare = (name: string): string => {
      const c = bayes?.components.find((x) => x.name === name);
      return c ? ` [${f2(c.share.lo)}, ${f2(c.share.hi)}] %` : '';
    };
    const parts = order.map((c) => `${c.name} ${pct(c.percent)}${bshare(c.name)}`);
    let s = `Of the variance of benchmark scores (${g.data.n_models} models × ${g.data.benchmarks.length} benchmarks, REML), ${parts.join(', ')}; the residual (model × benchmark interaction and noise) ${pct(share(facets, 'Residual'))}.`;
    if (cov) s += ` With model size as a covariate, the model-level share drops from ${pct(share(facets, 'model_id'))} to ${pct(share(cov, 'model_id'))}.`;
    if (facets?.g) s += ` Ranking models by their mean over ${facets.g.nb} benchmarks is reliable to Eρ² = ${f3(facets.g.erho2)} (relative) and Φ = ${f3(facets.g.phi)} (absolute).`;
    if (paper) s += ' The AI Cartography paper’s published v2 shares are shown next to ours.';
    if (g.data.excluded_count) s += ` ${plural(g.data.excluded_count, 'model')} without size or facets ${g.data.excluded_count > 1 ? 'were' : 'was'} left out.`;
    st.finding = `largest share: ${order[0]?.name ?? '—'} ${pct(order[0]?.percent)}; G = ${f3(facets?.g?.erho2)}, Φ = ${f3(facets?.g?.phi)}`;
    st.answer = s;
    st.caveat = bayes
      ? `Intervals are 95 % posterior intervals of the Gibbs check (${bayes.chains} chains, max R̂ ${f3(bayes.max_rhat)}). Shares describe this population of models, not causes.`
      : `REML point estimates without intervals (the Bayesian check gives them); with ${g.data.benchmarks.length} benchmarks and few deployment types the benchmark and deployment shares are poorly determined. Shares describe this population of models, not causes.`;
  });

  // ---------------------------------------------------------------- 5. denoised scaling
  await run('denoised_scaling', async (st) => {
    await calibration();
    const parts = await scalingP;
    const fitted = take(parts.fit, 'scaling_fit');
    const chunks = parts.pv.map((c, k) => take(c, `scaling_pv_${k + 1}`));
    parts.replicates.forEach((r, k) => take(r, `scaling_replicate_${k + 1}`));
    const t0 = performance.now();
    const layer = scalingLayerOf(lb, fitted, seeds['scaling'], chunks, parts.replicates.map((r) => r.result), inner('denoised scaling'));
    layerTimings['scaling_slopes'] = (performance.now() - t0) / 1000;
    layerTimings['scaling'] = parts.fit.seconds + parts.pv.reduce((a, r) => a + r.seconds, 0) + parts.replicates.reduce((a, r) => a + r.seconds, 0) + layerTimings['scaling_slopes'];
    for (const w of layer.warnings) warn(w);
    layerFiles['scaling'] = layer.files;
    st.folders = ['scaling'];
    const sc = view<ScalingView>(jsonSafe(layer.report, 'scaling', null));
    report.denoised_scaling = { scaling: sc, shared_calibration: sc.shared_calibration === true };
    const g = sc.vector[0];
    const spec = sc.vector.slice(1);
    const sig = spec.filter((r) => r.unattenuated.lo > 0 || r.unattenuated.hi < 0);
    let s = g ? `One decade of parameters (×10) moves the general factor by ${f2(g.unattenuated.estimate)} SD [${f2(g.unattenuated.lo)}, ${f2(g.unattenuated.hi)}] (plausible values, ${sc.pv_draws} sets; slope reliability ${f2(g.reliability?.latent.reliability)}), against ${f2(g.eap_two_step?.estimate)} from shrunken EAP scores${sc.shared_calibration ? ' (of the calibration the rank stage reads)' : ''}.` : '';
    if (spec.length) s += ` Of the ${spec.length} benchmark-specific factors, ${sig.length} have a slope whose 95 % interval excludes 0${sig.length ? ` (${sig.map((r) => `${r.factor} ${f2(r.unattenuated.estimate)}`).join(', ')})` : ''}.`;
    if (sc.dropped_models.length) s += ` ${plural(sc.dropped_models.length, 'model')} without a size ${sc.dropped_models.length > 1 ? 'were' : 'was'} left out.`;
    st.finding = g ? `g slope ${f2(g.unattenuated.estimate)} [${f2(g.unattenuated.lo)}, ${f2(g.unattenuated.hi)}] per decade; ${sig.length}/${spec.length} specific slopes ≠ 0` : 'no factors';
    st.answer = s;
    st.caveat = withSize('Slopes are associations across this population of models (controlled for contributor, architecture and deployment), not the effect of making one model larger; a reliability below about 0.8 means the slope changes with the controls or the items chosen.', ['pv', 'replicates']);
  });

  // ---------------------------------------------------------------- 6. rank stability
  await run('rank_stability', async (st) => {
    await calibration();
    const layer = take(await ranksP, 'ranks');
    layerFiles['ranks'] = layer.files;
    st.folders = ['ranks'];
    const r = view<RanksView>(jsonSafe(layer.report, 'ranks', null));
    const leaders = r.models.filter((m) => m.latent_rank !== null).sort((a, b) => a.latent_rank! - b.latent_rank!);
    const top = leaders[0];
    const tied = top ? leaders.filter((m) => m.rank_lo! <= top.rank_hi! && m.model_id !== top.model_id).map((m) => m.model_id) : [];
    report.rank_stability = { ranks: r, indistinguishable_from_leader: top ? [top.model_id, ...tied] : [] };
    const ret = (set: string): string => {
      const x = r.retention.find((y) => y.set === set);
      return x ? `${x.retained} of ${x.size} (${pct(100 * x.retention, 0)})` : '—';
    };
    st.finding = `Spearman ${f3(r.spearman)}; top 10 % retained ${ret('top 10%')}; mean 95 % rank interval ${r.mean_interval_width.toFixed(0)} ranks`;
    st.answer =
      `Raw average and precision-weighted latent ranks agree closely overall (Spearman ${f3(r.spearman)}), but a model’s rank is uncertain by ${r.mean_interval_width.toFixed(0)} places on average (95 % rank interval, ${pct((100 * r.mean_interval_width) / Math.max(1, r.n_compared), 1)} of the field). ` +
      `The latent ranking keeps ${ret('top 1%')} of the raw top 1 %, ${ret('top 10%')} of the top decile and ${ret('bottom 1%')} of the bottom 1 %. ` +
      (top ? `${plural(tied.length, 'other model')} cannot be told apart from the leader ${top.model_id} (their 95 % rank intervals overlap).` : '') +
      (r.comparison_basis === 'complete_models' ? ` Ranks compare the ${r.n_compared} models scored on every benchmark.` : '');
    st.caveat = 'Rank intervals come from the IRT posterior given the calibrated items; they ignore uncertainty in the item parameters and any model that is missing items is ranked on what it answered.';
  });

  // ---------------------------------------------------------------- 7. robustness
  await run('robustness', async (st) => {
    if (!robustnessP) {
      st.status = 'not_requested';
      st.reason = 'not requested';
      st.enable = options.describeNeed?.('robustness' as MissingInput) ?? 'replicates, permutations or folds for the robustness study';
      return;
    }
    const layer = take(await robustnessP, 'robustness');
    for (const [k, v] of Object.entries(layer.seconds)) layerTimings[`robustness_${k}`] = v;
    layerFiles['robustness'] = layer.files;
    st.folders = ['robustness'];
    const rep = view<RobustnessView>(jsonSafe(layer.report, 'robustness', null));
    report.robustness = rep;
    const parts: string[] = [];
    const b = rep.bootstrap;
    if (b) {
      const top = [...b.structures].filter((x) => x.selection_rate !== null).sort((x, y) => y.selection_rate! - x.selection_rate!)[0];
      if (top) parts.push(`Across ${b.replicates} item-resampled replicates the ${top.structure} structure is selected in ${pct(100 * top.selection_rate!, 0)}${top.selection_interval ? ` [${pct(100 * top.selection_interval[0], 0)}, ${pct(100 * top.selection_interval[1], 0)}]` : ''} of them (${b.rule}).`);
    }
    const p = rep.permutation;
    if (p) {
      const best = p.structures.filter((x) => x.p_values?.cfi_scaled !== null && x.p_values?.cfi_scaled !== undefined);
      if (best.length) parts.push(`Against ${p.permutations} random relabellings of items to benchmarks: ${best.map((x) => `${x.structure} ${pval(x.p_values.cfi_scaled)}`).join(', ')} (CFI).`);
    }
    const oos = rep.oos;
    if (oos) {
      const pr = [...oos.predictors].filter((x) => x.auc !== null).sort((x, y) => y.auc! - x.auc!)[0];
      if (pr) parts.push(`Out of sample (${oos.folds} folds over models), ${pr.predictor} predicts held-out responses best (AUC ${f3(pr.auc)}${pr.auc_interval ? ` [${f3(pr.auc_interval[0])}, ${f3(pr.auc_interval[1])}]` : ''}).`);
    }
    st.finding = parts[0] ?? 'robustness study done';
    st.answer = parts.join(' ') || 'The robustness study ran; see its tables.';
    st.caveat = 'Replicates share the models and most items, so their spread understates the uncertainty of a new sample of models; a selection rate is about this pool of items.';
  });

  report.glossary = glossaryFor(report);
  timings['stages_seconds'] = stageSeconds;
  timings['layers_seconds'] = layerTimings;
  timings['workers'] = executor.workers;
  return { report, layerFiles, timings };
}

function itemQualityOf(lb: Leaderboard, cfa: CfaView): ItemQuality | null {
  const s = cfa.structures.find((x) => x.structure === 'bifactor' && x.converged && x.loadings.length) ?? cfa.structures.find((x) => x.structure === 'general' && x.converged && x.loadings.length);
  const resp = lb.responses!;
  const NEAR = 0.2;
  const FLOOR = 0.05;
  const CEIL = 0.95;
  const gl = new Map<string, number>();
  const sl = new Map<string, number>();
  for (const l of s?.loadings ?? []) {
    if (l.factor === 'g') gl.set(l.item, l.std_all);
    else if (s?.structure === 'bifactor') sl.set(l.item, l.std_all);
  }
  const items: ItemQuality['items'] = [];
  for (let j = 0; j < resp.nItems; j++) {
    let n = 0;
    let k = 0;
    for (let i = 0; i < resp.nModels; i++) {
      const v = resp.values[i * resp.nItems + j]!;
      if (v === MISSING) continue;
      n++;
      k += v;
    }
    const p = n > 0 ? k / n : null;
    const id = lb.items[j]!.id;
    const g = gl.get(id) ?? null;
    const flags: ItemQuality['items'][number]['flags'] = [];
    if (g !== null && g < 0) flags.push('negative_loading');
    else if (g !== null && Math.abs(g) < NEAR) flags.push('near_zero_loading');
    if (p !== null && p < FLOOR) flags.push('floor');
    if (p !== null && p > CEIL) flags.push('ceiling');
    if (flags.length) items.push({ item: id, benchmark: lb.items[j]!.benchmark, p_correct: p, g_loading: g, specific_loading: sl.get(id) ?? null, flags });
  }
  return { structure: s?.structure ?? null, near_zero: NEAR, floor: FLOOR, ceiling: CEIL, items };
}
