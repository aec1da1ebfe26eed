// Open LLM Leaderboard v2 per-sample details (Hugging Face datasets `open-llm-leaderboard/<org>__<model>-details`,
// one config per subtask `<org>__<model>__leaderboard_<subtask>`; the Parquet files hold one row per doc:
// `doc_id`, `doc`, `target`, `arguments`, `resps`, `filtered_resps`, hashes, and the task's metric column).
// The metric per benchmark (github predictablebenchmark/PredictaBoard, src/predbench/synthesise_leaderboardv2_data.py,
// which follows the leaderboard's aggregation): `acc_norm` for BBH, MuSR and GPQA, `acc` for MMLU-Pro,
// `exact_match` for MATH Lvl 5, `prompt_level_strict_acc` for IFEval. The subtask comes from the file
// path (`leaderboard_<subtask>`), the model from `FILE:MODEL` or the path (`<org>__<model>` before
// `__leaderboard_` or `-details`, `__` → `/`). Benchmarks are named as in the leaderboard table (IFEval, BBH,
// MATH Lvl 5, GPQA, MUSR, MMLU-PRO) so details and the table line up; item ids are
// `<BENCH>:<subtask>/<doc_id>`, with the subtask as an item column (`subtask`) to cluster by.
import { parquetReadObjects } from 'hyparquet';
import { InputError } from '../util/errors.js';
import type { InputFile } from './csv.js';
import { splitPathName, type Sample, type SampleRun } from './samples.js';

export interface DetailsOptions {
  /** Metric column to read instead of the benchmark's own. */
  metric?: string | null;
}

/** Subtask → benchmark (leaderboard table name) and its metric column. */
export function detailsBenchmarkOf(subtask: string): { benchmark: string; metric: string } | null {
  if (subtask.startsWith('bbh')) return { benchmark: 'BBH', metric: 'acc_norm' };
  if (subtask.startsWith('musr')) return { benchmark: 'MUSR', metric: 'acc_norm' };
  if (subtask.startsWith('gpqa')) return { benchmark: 'GPQA', metric: 'acc_norm' };
  if (subtask.startsWith('mmlu_pro')) return { benchmark: 'MMLU-PRO', metric: 'acc' };
  if (subtask.startsWith('math')) return { benchmark: 'MATH Lvl 5', metric: 'exact_match' };
  if (subtask.startsWith('ifeval')) return { benchmark: 'IFEval', metric: 'prompt_level_strict_acc' };
  return null;
}

/** Subtask and model named by a details file's path. */
export function detailsPathInfo(path: string): { subtask: string | null; model: string | null } {
  const norm = path.replace(/\\/g, '/');
  const sub = /leaderboard_([a-z0-9_]+?)(?:_\d{4}-\d{2}-\d{2}T[0-9.\-:]+)?(?:\.parquet|\/|$)/i.exec(norm);
  let model: string | null = null;
  const m1 = /([A-Za-z0-9][\w.\-]*__[\w.\-]+?)__leaderboard_/.exec(norm);
  const m2 = /([A-Za-z0-9][\w.\-]*__[\w.\-]+?)-details(?:\/|$)/.exec(norm);
  const hit = m1 ?? m2;
  if (hit) model = hit[1]!.split('/').pop()!.replace('__', '/');
  return { subtask: sub ? sub[1]!.toLowerCase() : null, model };
}

const truthy = (v: unknown): number | null => {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (v === 'True' || v === 'true') return 1;
  if (v === 'False' || v === 'false') return 0;
  return null;
};

/** One details Parquet file → a run of samples. `model` overrides the one in the path. */
export async function readDetailsFile(input: InputFile, opts: DetailsOptions & { model?: string | null } = {}): Promise<{ run: SampleRun; metric: string }> {
  if (typeof input.data === 'string' || input.data.length < 8 || String.fromCharCode(...input.data.subarray(0, 4)) !== 'PAR1') {
    throw new InputError(input.name, 0, 0, 'not a Parquet file (Open LLM Leaderboard details are Parquet: doc_id and the metric column)');
  }
  const info = detailsPathInfo(input.name);
  if (!info.subtask) throw new InputError(input.name, 0, 0, 'cannot tell the subtask from the file name: expected "leaderboard_<subtask>" in the path (e.g. samples_leaderboard_bbh_navigate_2024-06-26T12-00-00.parquet)');
  const bm = detailsBenchmarkOf(info.subtask);
  if (!bm) throw new InputError(input.name, 0, 0, `unknown Open LLM Leaderboard v2 subtask "${info.subtask}" (expected bbh_*, musr_*, gpqa_*, mmlu_pro, math_*, ifeval)`);
  const model = opts.model ?? info.model;
  if (!model) throw new InputError(input.name, 0, 0, 'cannot tell the model from the path: give it as FILE:MODEL (or keep the dataset folder <org>__<model>-details)');
  const metric = opts.metric ?? bm.metric;
  const d = input.data;
  let rows: Record<string, unknown>[];
  try {
    rows = (await parquetReadObjects({ file: d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer, columns: ['doc_id', metric] })) as Record<string, unknown>[];
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new InputError(input.name, 0, /column/i.test(msg) ? metric : 0, `cannot read doc_id and ${metric}: ${msg}`);
  }
  if (rows.length === 0) throw new InputError(input.name, 0, 0, 'no rows');
  const samples: Sample[] = [];
  rows.forEach((r, k) => {
    const line = k + 2; // row k, counted as if a header came first (as the table reader does)
    const id = r.doc_id;
    if (id === undefined) throw new InputError(input.name, line, 'doc_id', 'no doc_id column');
    if (id === null || (typeof id !== 'number' && typeof id !== 'bigint' && typeof id !== 'string')) throw new InputError(input.name, line, 'doc_id', `doc_id ${JSON.stringify(String(id))} is not a number or string`);
    if (!(metric in r)) throw new InputError(input.name, 1, metric, `no "${metric}" column (the metric of ${bm.benchmark} in the leaderboard's details)`);
    const v = truthy(r[metric]);
    if (v === null) throw new InputError(input.name, line, metric, `${metric} = ${JSON.stringify(String(r[metric]))} is not a number or boolean`);
    samples.push({ item: `${info.subtask}/${String(id)}`, epoch: 1, value: v, where: { file: input.name, line, column: 'doc_id' }, extra: { subtask: info.subtask! } });
  });
  return { run: { file: input.name, model, benchmark: bm.benchmark, samples }, metric };
}
