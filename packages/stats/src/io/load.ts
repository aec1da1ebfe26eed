// The one loader: file contents in, one Leaderboard out. The CLI (packages/cli/src/inputs.ts) and the
// web worker (packages/web/src/load.ts) only read bytes and call this, so both faces apply the same rules:
// - a leaderboard table (Open LLM Leaderboard v1/v2) carries its own models and scores and stands alone;
//   its benchmarks' item counts are built in (known-counts.ts) unless the user gives them; v2's
//   normalised scores get no counts (they are rescaled per subtask and clipped, not proportions correct);
// - otherwise item responses (response files, lm-eval logs) and/or a scores file, with an items file,
//   and model metadata from a models file or a metadata table (a leaderboard table or any models CSV,
//   joined on the model name with a report; models without a row stay in, flagged);
// - the coverage summary is computed here; `completeOnly` restricts to the models scored on every
//   benchmark (the coverage keeps the numbers of the data as read).
import { completeOnly as restrictComplete, coverageOf, type Leaderboard, type LeaderboardOrigin } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import { assembleLeaderboard } from './assemble.js';
import type { InputFile } from './csv.js';
import { readItems } from './items.js';
import { knownCounts } from './known-counts.js';
import { leaderboardFromTable, leaderboardVersionOf, parquetToTable, readLeaderboardTable, type LeaderboardTable } from './leaderboard-table.js';
import { readLmEvalBlock } from './lm-eval.js';
import { readModels, type ModelsTable } from './models.js';
import { readResponses, type ResponseBlock } from './responses.js';
import { readScores } from './scores.js';
import { parseCsv, type CsvTable } from './csv.js';
import { readInspectLogs } from './inspect.js';
import { readHelmRuns } from './helm.js';
import { readDetailsFile } from './details.js';
import { samplesToParts, type EpochMode, type SampleRun } from './samples.js';
import { applyHoldoutLock, readSplitLock } from './holdout.js';

export interface LoadRequest {
  /** Item-response files, each with the benchmark of all its items when given (`FILE:BENCHMARK`). */
  responses?: { file: InputFile; benchmark?: string | null }[];
  /** lm-evaluation-harness logs (samples_*.jsonl, results_*.json) under one root folder. */
  lmEval?: { files: InputFile[]; root: string } | null;
  items?: InputFile | null;
  /** A models CSV (model_id, name, params_b, …). */
  models?: InputFile | null;
  /** A metadata table to join on the model name: an Open LLM Leaderboard v1/v2 table or any models CSV. */
  modelsFrom?: InputFile | null;
  scores?: InputFile | null;
  /** An Open LLM Leaderboard table (v1/v2, CSV or Parquet) as the data itself. */
  leaderboard?: InputFile | null;
  /** Read v2's normalised columns instead of the Raw ones. */
  normalised?: boolean;
  metric?: string | null;
  filter?: string | null;
  modelCol?: string | null;
  itemCol?: string | null;
  /** Items behind each benchmark score: one count for all, or per benchmark name (overrides built-in counts). */
  itemsPerBenchmark?: number | Record<string, number> | null;
  /** Keep only the models scored on every benchmark. */
  completeOnly?: boolean;
  /** Inspect AI logs (`.eval` archives or `.json`), one run each. */
  inspect?: InputFile[] | null;
  /** Inspect AI: the scorer to read when a log has several. */
  score?: string | null;
  /** HELM run folders' files (per_instance_stats.json, run_spec.json) under one root. */
  helm?: { files: InputFile[]; root: string } | null;
  /** HELM: the metric to read (default: `metric`, else exact_match). */
  helmMetric?: string | null;
  /** Open LLM Leaderboard v2 details Parquet files, each with its model when the path does not say. */
  details?: { file: InputFile; model?: string | null }[] | null;
  /** Repeated epochs / train trials: separate item columns (default) or averaged. */
  epochs?: EpochMode;
  /** A split's lock file: holdout items are left unread unless `useHoldout`. */
  lock?: InputFile | null;
  useHoldout?: boolean;
}

/** The latest submission date of a leaderboard table's models (ISO dates compare as strings), or null. */
function latestSubmission(models: ModelsTable): string | null {
  let best: string | null = null;
  for (const m of models.models) {
    const d = (m.extra['Submission Date'] ?? m.extra['date'] ?? '').trim();
    if (/^\d{4}-\d{2}-\d{2}/.test(d) && (best === null || d > best)) best = d;
  }
  return best === null ? null : best.slice(0, 10);
}

const isParquet = (f: InputFile): boolean => typeof f.data !== 'string' && f.data.length >= 4 && f.data[0] === 0x50 && f.data[1] === 0x41 && f.data[2] === 0x52 && f.data[3] === 0x31;

/** A metadata table: an Open LLM Leaderboard table (its model columns) or a models CSV. */
export async function readMetadataTable(input: InputFile, opts: { modelCol?: string | null } = {}): Promise<{ kind: 'v1' | 'v2' | 'models'; models: ModelsTable; rows: number; table: LeaderboardTable | null }> {
  const t: CsvTable = isParquet(input) ? await parquetToTable(input.data as Uint8Array, input.name) : parseCsv(input.data, input.name);
  const version = leaderboardVersionOf(t.header);
  if (version) {
    const table = leaderboardFromTable(t);
    return { kind: version, models: table.models, rows: t.rows.length, table };
  }
  if (isParquet(input)) throw new InputError(input.name, 1, 0, 'a Parquet metadata table must be an Open LLM Leaderboard table (v1 or v2); give other metadata as a models CSV');
  return { kind: 'models', models: readModels(input, opts), rows: t.rows.length, table: null };
}

/** Turn the inputs into one Leaderboard (an InputError on any bad input). */
export async function loadLeaderboard(req: LoadRequest): Promise<Leaderboard> {
  const responses = req.responses ?? [];
  const lmEval = req.lmEval && req.lmEval.files.length > 0 ? req.lmEval : null;
  const sampleInputs = (req.inspect?.length ?? 0) > 0 || !!req.helm || (req.details?.length ?? 0) > 0;
  const hasItemLevel = responses.length > 0 || lmEval !== null || sampleInputs;
  let lb: Leaderboard;
  if (req.leaderboard) {
    if (hasItemLevel || req.scores || req.items || req.models || req.modelsFrom) {
      throw new InputError(req.leaderboard.name, 0, 0, 'a leaderboard table carries its own models and scores: it cannot be combined with item responses, lm-eval logs, a scores file, an items file or a models file (to join a table\'s metadata onto item responses, give it as the metadata table)');
    }
    const normalised = !!req.normalised;
    const table = await readLeaderboardTable(req.leaderboard, { normalised });
    const warnings = [...table.warnings];
    let itemsPerBenchmark = req.itemsPerBenchmark ?? null;
    if (normalised && table.version === 'v2') {
      warnings.push(`${req.leaderboard.name}: normalised v2 scores are rescaled per subtask (chance level → 0) and clipped at 0, so they are not proportions correct: no binomial intervals or MMDs (they come from the Raw columns)${itemsPerBenchmark !== null ? '; the item counts given are not used' : ''}`);
      itemsPerBenchmark = null;
    }
    lb = assembleLeaderboard({
      scores: table.scores,
      models: table.models,
      itemsPerBenchmark,
      knownCounts: normalised && table.version === 'v2' ? null : knownCounts(table.version),
      warnings,
    });
    const origin: LeaderboardOrigin = { version: table.version, role: 'scores', scaling: normalised && table.version === 'v2' ? 'normalised' : 'raw', file: req.leaderboard.name, rows: table.models.models.length, latest_submission: latestSubmission(table.models) };
    lb.origin = origin;
  } else {
    if (!hasItemLevel && !req.scores) throw new InputError('(inputs)', 0, 0, 'no data: give item responses, lm-eval logs, a scores file or a leaderboard table');
    if (req.models && req.modelsFrom) throw new InputError(req.modelsFrom.name, 0, 0, `give model metadata once: a models file (${req.models.name}) or a metadata table, not both`);
    const blocks: ResponseBlock[] = [];
    const warnings: string[] = [];
    const sources: string[] = [];
    if (lmEval) {
      const { block, warnings: w } = readLmEvalBlock(lmEval.files, { metric: req.metric ?? null, filter: req.filter ?? null }, lmEval.root);
      blocks.push(block);
      warnings.push(...w);
      sources.push(lmEval.root);
    }
    for (const r of responses) blocks.push(readResponses(r.file, { benchmark: r.benchmark ?? null, modelCol: req.modelCol ?? null, itemCol: req.itemCol ?? null }));
    // Inspect AI, HELM and leaderboard-details samples: one block (0/1) or a scores table (partial credit)
    let sampleScores: ReturnType<typeof samplesToParts>['scores'] = null;
    let sampleExtra: Map<string, Record<string, string>> | null = null;
    if (sampleInputs) {
      const runs: SampleRun[] = [];
      if ((req.inspect ?? []).length > 0) {
        const r = readInspectLogs(req.inspect!, { score: req.score ?? null });
        runs.push(...r.runs);
        warnings.push(...r.warnings);
        sources.push(...req.inspect!.map((f) => f.name));
      }
      if (req.helm) {
        const h = readHelmRuns(req.helm.files, { metric: req.helmMetric ?? req.metric ?? null }, req.helm.root);
        runs.push(...h.runs);
        warnings.push(...h.warnings);
        sources.push(req.helm.root);
      }
      for (const d of req.details ?? []) {
        runs.push((await readDetailsFile(d.file, { model: d.model ?? null })).run);
        sources.push(d.file.name);
      }
      const label = [...(req.inspect ?? []).map((f) => f.name), ...(req.helm ? [req.helm.root] : []), ...(req.details ?? []).map((d) => d.file.name)];
      const parts = samplesToParts(runs, { epochs: req.epochs ?? 'repeat', source: label.length <= 3 ? label.join(', ') : `${label.slice(0, 2).join(', ')} and ${label.length - 2} more` });
      warnings.push(...parts.warnings);
      if (parts.block) blocks.push(parts.block);
      sampleScores = parts.scores;
      sampleExtra = parts.itemExtra;
      if (sampleScores && (req.scores || blocks.length > 0)) throw new InputError(sampleScores.file, 0, 0, 'these logs carry partial-credit or numeric scores (read as benchmark means), which cannot be combined with item responses or a scores file in one run');
    }
    let models: ModelsTable | null = null;
    let metadataTable: 'v1' | 'v2' | 'models' | null = null;
    let origin: LeaderboardOrigin | null = null;
    if (req.models) {
      models = readModels(req.models, { modelCol: req.modelCol ?? null });
      metadataTable = 'models';
    } else if (req.modelsFrom) {
      const meta = await readMetadataTable(req.modelsFrom, { modelCol: req.modelCol ?? null });
      models = meta.models;
      metadataTable = meta.kind;
      if (meta.kind !== 'models') origin = { version: meta.kind, role: 'metadata', scaling: 'raw', file: req.modelsFrom.name, rows: meta.rows, latest_submission: latestSubmission(meta.models) };
      if (meta.table) warnings.push(...meta.table.warnings.filter((w) => !/appear on several rows/.test(w)));
    }
    lb = assembleLeaderboard({
      responses: blocks,
      items: req.items ? readItems(req.items, { itemCol: req.itemCol ?? null }) : null,
      models,
      metadataTable,
      scores: req.scores ? readScores(req.scores, { modelCol: req.modelCol ?? null }) : sampleScores,
      itemsPerBenchmark: req.itemsPerBenchmark ?? null,
      warnings,
      sources,
    });
    lb.origin = origin;
    if (sampleExtra) for (const it of lb.items) if (sampleExtra.has(it.id)) it.extra = { ...sampleExtra.get(it.id), ...it.extra };
  }
  if (req.lock) lb = applyHoldoutLock(lb, await readSplitLock(req.lock), req.lock.name, !!req.useHoldout);
  lb.coverage = coverageOf(lb);
  if (req.completeOnly) {
    lb = restrictComplete(lb);
    if (lb.models.length === 0) throw new InputError('(inputs)', 0, 0, 'no model is scored on every benchmark: nothing is left when restricting to the complete models');
  }
  return lb;
}

/** `N` (every benchmark) or `NAME=N,NAME=N` (per benchmark; a name may contain spaces, not commas). `source`
 *  names where the text came from in messages. */
export function parseItemCounts(value: string, source = '(item counts)'): number | Record<string, number> {
  const count = (v: string): number => {
    const n = Number(v.trim());
    if (v.trim() === '' || !Number.isInteger(n) || n <= 0) throw new InputError(source, 0, 0, `"${v}" is not a positive integer`);
    return n;
  };
  if (!value.includes('=')) return count(value);
  const out: Record<string, number> = {};
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const k = part.lastIndexOf('=');
    if (k <= 0) throw new InputError(source, 0, 0, `expected NAME=N, got "${part}"`);
    const name = part.slice(0, k).trim();
    if (name in out) throw new InputError(source, 0, 0, `benchmark "${name}" given twice`);
    out[name] = count(part.slice(k + 1));
  }
  return out;
}
