// Per-sample records shared by the readers of other evaluation logs (Inspect AI, HELM, Open LLM
// Leaderboard v2 details): one record per (model, benchmark, item, epoch) with a score, turned into the
// parts the one loader (load.ts) assembles.
// - 0/1 scores → a ResponseBlock (item-level data). Repeated epochs of one item (Inspect AI `epochs`,
//   HELM `train_trial_index`) are kept as repeated measures: one column per (item, epoch), id
//   `BENCH:ITEM#EPOCH`, with the item columns `sample_id` (= BENCH:ITEM) and `epoch`, so the clustered SEs
//   of compare can treat the epochs of one item as one cluster (`--cluster sample_id`); or averaged
//   (`epochs: 'mean'`), which keeps 0/1 only when every epoch agrees.
// - Partial credit (Inspect's P = 0.5) or numeric scores are not 0/1: the whole input becomes a
//   model × benchmark scores table (mean over items, each item first averaged over its epochs), with a
//   warning saying the item-level layers cannot use it.
import { MISSING } from '../data/leaderboard.js';
import { InputError } from '../util/errors.js';
import type { ResponseBlock, Where } from './responses.js';
import type { ScoresTable } from './scores.js';

export interface Sample {
  /** Item id within the benchmark, as the log writes it. */
  item: string;
  /** 1-based repeat of the item (Inspect epoch, HELM train trial + 1); 1 when the log has none. */
  epoch: number;
  value: number;
  where: Where & { file: string };
  /** Item columns to carry (e.g. a leaderboard subtask). */
  extra?: Record<string, string>;
}

export interface SampleRun {
  /** The file (or run folder) the samples came from. */
  file: string;
  model: string;
  benchmark: string;
  samples: Sample[];
}

export type EpochMode = 'repeat' | 'mean';

export interface SampleParts {
  block: ResponseBlock | null;
  scores: ScoresTable | null;
  /** Item columns to add to the assembled items (sample_id, epoch), by item id. */
  itemExtra: Map<string, Record<string, string>>;
  warnings: string[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Natural order of item ids: numbers by value, else as strings. */
const itemCmp = (a: string, b: string): number => {
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) ? x - y || cmp(a, b) : cmp(a, b);
};

/** Sample runs (any order) → a response block (0/1) or a scores table, models and items sorted. */
export function samplesToParts(runs: readonly SampleRun[], opts: { epochs?: EpochMode; source: string }): SampleParts {
  const epochs = opts.epochs ?? 'repeat';
  const warnings: string[] = [];
  if (runs.length === 0) throw new InputError(opts.source, 0, 0, 'no runs to read');
  // (model, benchmark, item) → epoch → value; duplicates are errors naming both places
  const cells = new Map<string, Map<string, Map<string, Map<number, { v: number; where: Sample['where'] }>>>>();
  const sampleExtra = new Map<string, Record<string, string>>();
  const modelWhere = new Map<string, Where>();
  let maxEpoch = 1;
  for (const run of runs) {
    if (run.samples.length === 0) {
      warnings.push(`${run.file}: no scored samples (left out)`);
      continue;
    }
    if (!modelWhere.has(run.model)) modelWhere.set(run.model, { file: run.file, line: 0, column: 0 });
    let byBench = cells.get(run.model);
    if (!byBench) cells.set(run.model, (byBench = new Map()));
    let byItem = byBench.get(run.benchmark);
    if (!byItem) byBench.set(run.benchmark, (byItem = new Map()));
    for (const s of run.samples) {
      let byEpoch = byItem.get(s.item);
      if (!byEpoch) byItem.set(s.item, (byEpoch = new Map()));
      const prev = byEpoch.get(s.epoch);
      if (prev) throw new InputError(s.where.file, s.where.line, s.where.column, `model "${run.model}", ${run.benchmark} item ${s.item}${s.epoch > 1 ? ` epoch ${s.epoch}` : ''} is scored twice (also ${prev.where.file}${prev.where.line > 0 ? `:${prev.where.line}` : ''})${prev.where.file !== s.where.file ? ': two runs of the same model and benchmark — give only one (e.g. one HELM suite folder)' : ''}`);
      byEpoch.set(s.epoch, { v: s.value, where: s.where });
      if (s.extra) sampleExtra.set(`${run.benchmark}:${s.item}`, s.extra);
      if (s.epoch > maxEpoch) maxEpoch = s.epoch;
    }
  }
  const models = [...cells.keys()].sort(cmp);
  if (models.length === 0) throw new InputError(opts.source, 0, 0, 'no scored samples in any run');
  const benches = [...new Set(models.flatMap((m) => [...cells.get(m)!.keys()]))].sort(cmp);
  const binary = [...cells.values()].every((bb) => [...bb.values()].every((bi) => [...bi.values()].every((be) => [...be.values()].every((c) => c.v === 0 || c.v === 1))));
  const mean = (be: Map<number, { v: number }>): number => [...be.values()].reduce((s, c) => s + c.v, 0) / be.size;
  const itemExtra = new Map<string, Record<string, string>>();

  if (binary) {
    // columns: per benchmark, items in natural order, epochs 1..E (repeat) or one column (mean)
    const cols: { id: string; bench: string; item: string; epoch: number | null; where: Where }[] = [];
    const colIndex = new Map<string, number>();
    let disagree = 0;
    for (const b of benches) {
      const itemEpochs = new Map<string, Set<number>>();
      const whereOf = new Map<string, Where>();
      for (const m of models) {
        for (const [item, be] of cells.get(m)!.get(b) ?? []) {
          let s = itemEpochs.get(item);
          if (!s) itemEpochs.set(item, (s = new Set()));
          for (const [e, c] of be) {
            s.add(e);
            if (!whereOf.has(`${item}#${e}`)) whereOf.set(`${item}#${e}`, c.where);
          }
        }
      }
      for (const item of [...itemEpochs.keys()].sort(itemCmp)) {
        const eps = [...itemEpochs.get(item)!].sort((x, y) => x - y);
        if (epochs === 'mean' || maxEpoch === 1) {
          const id = `${b}:${item}`;
          colIndex.set(`${b}\u0000${item}\u0000*`, cols.length);
          cols.push({ id, bench: b, item, epoch: null, where: whereOf.get(`${item}#${eps[0]}`)! });
          itemExtra.set(id, { ...sampleExtra.get(id), sample_id: id });
        } else {
          for (const e of eps) {
            const id = `${b}:${item}#${e}`;
            colIndex.set(`${b}\u0000${item}\u0000${e}`, cols.length);
            cols.push({ id, bench: b, item, epoch: e, where: whereOf.get(`${item}#${e}`)! });
            itemExtra.set(id, { ...sampleExtra.get(`${b}:${item}`), sample_id: `${b}:${item}`, epoch: String(e) });
          }
        }
      }
    }
    const J = cols.length;
    const values = new Uint8Array(models.length * J).fill(MISSING);
    models.forEach((m, r) => {
      for (const [b, bi] of cells.get(m)!) {
        for (const [item, be] of bi) {
          if (epochs === 'mean' || maxEpoch === 1) {
            const v = mean(be);
            if (v !== 0 && v !== 1) disagree++;
            values[r * J + colIndex.get(`${b}\u0000${item}\u0000*`)!] = v >= 0.5 ? (v === 0.5 ? MISSING : 1) : 0;
          } else {
            for (const [e, c] of be) values[r * J + colIndex.get(`${b}\u0000${item}\u0000${e}`)!] = c.v;
          }
        }
      }
    });
    if (disagree > 0) warnings.push(`${opts.source}: ${disagree} model × item cell(s) whose epochs disagree were averaged to the majority (a tie → missing); keep the epochs as repeated measures to use every answer`);
    return {
      block: {
        file: opts.source,
        form: 'long',
        benchmark: null,
        modelIds: models,
        modelWhere: models.map((m) => modelWhere.get(m)!),
        itemIds: cols.map((c) => c.id),
        rawItemIds: cols.map((c) => c.id),
        itemBenchmarks: cols.map((c) => c.bench),
        benchmarksOverridable: true,
        itemWhere: cols.map((c) => c.where),
        values,
      },
      scores: null,
      itemExtra,
      warnings,
    };
  }

  // Not 0/1: model × benchmark means.
  const values = new Float64Array(models.length * benches.length).fill(NaN);
  const counts: (number | null)[] = benches.map(() => null);
  benches.forEach((b, k) => {
    const ns = new Set<number>();
    models.forEach((m, r) => {
      const bi = cells.get(m)!.get(b);
      if (!bi || bi.size === 0) return;
      let s = 0;
      for (const be of bi.values()) s += mean(be);
      values[r * benches.length + k] = s / bi.size;
      ns.add(bi.size);
    });
    counts[k] = ns.size === 1 ? [...ns][0]! : null;
  });
  warnings.push(`${opts.source}: some scores are not 0/1 (partial credit or a numeric metric): read as model × benchmark means over the items (epochs averaged first); the item-level layers (tetrachoric, cfa, irt, compare) need 0/1 scores`);
  return {
    block: null,
    scores: {
      file: opts.source,
      modelIds: models,
      modelWhere: models.map((m) => modelWhere.get(m)!),
      benchmarks: benches,
      benchmarkWhere: benches.map(() => ({ line: 0, column: 0 })),
      values,
      itemCounts: counts,
      warnings: [],
    },
    itemExtra,
    warnings,
  };
}

/** Base name and folder of a path (either separator). */
export function splitPathName(p: string): { dir: string; base: string } {
  const norm = p.replace(/\\/g, '/');
  const k = norm.lastIndexOf('/');
  return k < 0 ? { dir: '', base: norm } : { dir: norm.slice(0, k), base: norm.slice(k + 1) };
}

/** JSON text parsed with the 1-based line of every object and array (for error messages). A syntax error
 *  is an InputError naming the file, line and column. */
export function parseJsonWithLines(text: string, file: string): { value: unknown; lineOf: (o: unknown) => number } {
  const lines = new WeakMap<object, number>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const fail = (what: string): never => {
    throw new InputError(file, line, i - lineStart + 1, `not valid JSON: ${what}`);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        lineStart = ++i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
        continue;
      }
      if (c < 32) fail('control character in a string');
      i++;
    }
    if (i >= n) fail('unterminated string');
    const raw = text.slice(start, i++);
    return simple ? raw : (JSON.parse(`"${raw}"`) as string);
  };
  const val = (): unknown => {
    ws();
    if (i >= n) fail('unexpected end of text');
    const c = text[i];
    if (c === '{') {
      const o: Record<string, unknown> = {};
      lines.set(o, line);
      i++;
      ws();
      if (text[i] === '}') return (i++, o);
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key in double quotes');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        o[k] = val();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return (i++, o);
        else fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      const a: unknown[] = [];
      lines.set(a, line);
      i++;
      ws();
      if (text[i] === ']') return (i++, a);
      for (;;) {
        a.push(val());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, a);
        else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity)/.exec(text.slice(i, i + 64));
    if (!m) fail(`unexpected character ${JSON.stringify(c)}`);
    i += m![0].length;
    const t = m![0];
    return t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t);
  };
  const value = val();
  ws();
  if (i < n) fail('unexpected text after the JSON value');
  return { value, lineOf: (o) => (o && typeof o === 'object' ? (lines.get(o) ?? 0) : 0) };
}
