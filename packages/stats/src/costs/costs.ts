// What a correct answer costs. Per model a costs row (CSV or JSON): prices per 1,000 input and output
// tokens, mean input and output tokens per task, mean attempts per task (≥ 1, retries included), the
// human-review rate and cost per review, optionally the p95 latency (reported beside the cost, never
// added to it); optionally per benchmark (a `benchmark` column; empty or "*" = every benchmark).
//   cost per task            = attempts × (tokens_in/1000 × price_in + tokens_out/1000 × price_out) + review_rate × review_cost
//   cost per successful task = cost per task / accuracy, its interval [cost/upper, cost/lower] from the
//                              accuracy's interval (the map is monotone, so the coverage carries over)
// Accuracy: k successes of n items (item responses; or score × item count for a scores table). Its
// interval and the posterior probability that the accuracy exceeds a threshold use the Jeffreys prior
// Beta(½, ½): posterior Beta(k + ½, n − k + ½) (Brown, Cai & DasGupta 2001, Statist. Sci. 16:101–133,
// "Jeffreys interval"); P(accuracy > t) = 1 − pbeta(t, k + ½, n − k + ½) (math/beta.ts, R's pbeta).
// The cheapest model meeting the threshold per benchmark: the lowest cost per task among the models
// whose observed accuracy is ≥ the threshold (or, with `minProb`, whose P(accuracy > threshold) ≥ minProb);
// its posterior probability says how sure that is.
import { benchmarksOf, MISSING, type Leaderboard } from '../data/leaderboard.js';
import { decodeText, findColumn, parseCsv, type InputFile } from '../io/index.js';
import { pbeta, qbeta } from '../math/index.js';
import { InputError } from '../util/errors.js';

export interface CostRow {
  model_id: string;
  benchmark: string | null;
  input_price_per_1k: number;
  output_price_per_1k: number;
  input_tokens: number;
  output_tokens: number;
  attempts: number;
  review_rate: number;
  review_cost: number;
  p95_latency_s: number | null;
  where: { file: string; line: number };
}

const FIELDS = ['input_price_per_1k', 'output_price_per_1k', 'input_tokens', 'output_tokens', 'attempts', 'review_rate', 'review_cost', 'p95_latency_s'] as const;
const REQUIRED = ['input_price_per_1k', 'output_price_per_1k', 'input_tokens', 'output_tokens'] as const;

/** Read a costs file: CSV (header with the fields) or JSON (a list of objects with them). */
export function readCosts(input: InputFile): CostRow[] {
  const recs: { o: Record<string, unknown>; line: number }[] = [];
  const text = decodeText(input.data, input.name);
  if (/^\s*[[{]/.test(text)) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new InputError(input.name, 0, 0, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const list = Array.isArray(v) ? v : Array.isArray((v as Record<string, unknown>)?.models) ? ((v as Record<string, unknown>).models as unknown[]) : null;
    if (!list) throw new InputError(input.name, 1, 0, 'a JSON costs file is a list of {model_id, input_price_per_1k, …} objects (or {"models": [...]})');
    // line of the k-th object: count the lines up to each top-level '{' of the list
    const starts: number[] = [];
    let depth = 0;
    let line = 1;
    let inStr = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') {
        if (c === '{' && depth === (Array.isArray(v) ? 1 : 2)) starts.push(line);
        depth++;
      } else if (c === '}' || c === ']') depth--;
    }
    list.forEach((o, k) => recs.push({ o: (o ?? {}) as Record<string, unknown>, line: starts[k] ?? 0 }));
  } else {
    const t = parseCsv(input.data, input.name);
    if (t.rows.length === 0) throw new InputError(input.name, 1, 0, 'no data rows below the header');
    const mc = findColumn(t.header, 'model_id', 'model');
    if (mc < 0) throw new InputError(input.name, 1, 0, 'no model_id column');
    for (const f of REQUIRED) if (findColumn(t.header, f) < 0) throw new InputError(input.name, 1, 0, `no "${f}" column (a costs file has model_id, ${REQUIRED.join(', ')}, and optionally attempts, review_rate, review_cost, p95_latency_s, benchmark)`);
    t.rows.forEach((row, r) => {
      const o: Record<string, unknown> = {};
      t.header.forEach((h, c) => (o[h.trim()] = row[c]!.trim() === '' ? undefined : row[c]!.trim()));
      recs.push({ o, line: t.lines[r]! });
    });
  }
  const seen = new Map<string, number>();
  return recs.map(({ o, line }) => {
    const id = String(o.model_id ?? o.model ?? '').trim();
    if (id === '') throw new InputError(input.name, line, 'model_id', 'empty model id');
    const num = (f: (typeof FIELDS)[number], def: number | null): number | null => {
      const raw = o[f];
      if (raw === undefined || raw === null || raw === '') {
        if (def === undefined || (REQUIRED as readonly string[]).includes(f)) throw new InputError(input.name, line, f, `no ${f}`);
        return def;
      }
      const x = typeof raw === 'number' ? raw : Number(String(raw));
      if (!Number.isFinite(x) || x < 0) throw new InputError(input.name, line, f, `${f} = ${JSON.stringify(raw)} is not a number ≥ 0`);
      return x;
    };
    const bench = o.benchmark === undefined || o.benchmark === null || String(o.benchmark).trim() === '' || String(o.benchmark).trim() === '*' ? null : String(o.benchmark).trim();
    const key = `${id}\u0000${bench ?? '*'}`;
    if (seen.has(key)) throw new InputError(input.name, line, 'model_id', `model "${id}"${bench ? ` on ${bench}` : ''} given twice (also line ${seen.get(key)})`);
    seen.set(key, line);
    const row: CostRow = {
      model_id: id,
      benchmark: bench,
      input_price_per_1k: num('input_price_per_1k', null)!,
      output_price_per_1k: num('output_price_per_1k', null)!,
      input_tokens: num('input_tokens', null)!,
      output_tokens: num('output_tokens', null)!,
      attempts: num('attempts', 1)!,
      review_rate: num('review_rate', 0)!,
      review_cost: num('review_cost', 0)!,
      p95_latency_s: num('p95_latency_s', null),
      where: { file: input.name, line },
    };
    if (row.attempts < 1) throw new InputError(input.name, line, 'attempts', `attempts = ${row.attempts}: the mean attempts per task is at least 1 (retries included)`);
    if (row.review_rate > 1) throw new InputError(input.name, line, 'review_rate', `review_rate = ${row.review_rate} is a share of tasks (0–1)`);
    return row;
  });
}

export function costPerTask(r: CostRow): number {
  return r.attempts * ((r.input_tokens / 1000) * r.input_price_per_1k + (r.output_tokens / 1000) * r.output_price_per_1k) + r.review_rate * r.review_cost;
}

/** Jeffreys posterior of an accuracy: k of n → Beta(k + ½, n − k + ½). */
export function jeffreys(k: number, n: number, alpha: number): { mean: number; lower: number; upper: number } {
  const a = k + 0.5;
  const b = n - k + 0.5;
  return { mean: a / (a + b), lower: k === 0 ? 0 : qbeta(alpha / 2, a, b), upper: k === n ? 1 : qbeta(1 - alpha / 2, a, b) };
}

/** P(accuracy > t | k of n, Jeffreys prior). */
export function probAbove(t: number, k: number, n: number): number {
  return pbeta(t, k + 0.5, n - k + 0.5, false);
}

export interface CostOptions {
  threshold?: number | null;
  /** Meet the threshold with at least this posterior probability (instead of by the observed accuracy). */
  minProb?: number | null;
  alpha?: number;
  onWarning?: (message: string) => void;
}

export interface CostCell {
  model_id: string;
  benchmark: string;
  successes: number;
  n_items: number;
  accuracy: number;
  accuracy_lower: number;
  accuracy_upper: number;
  cost_per_task: number;
  cost_per_success: number | null;
  cost_per_success_lower: number | null;
  cost_per_success_upper: number | null;
  p95_latency_s: number | null;
  prob_above_threshold: number | null;
  pareto: boolean;
}

export interface CostReport {
  schema_version: 1;
  alpha: number;
  threshold: number | null;
  /** null: a model meets the threshold by its observed accuracy; else by P(accuracy > threshold) ≥ min_prob. */
  min_prob: number | null;
  prior: string;
  /** Where the successes come from: item responses (k of n items), or a scores table (score × its item count). */
  basis: 'responses' | 'scores';
  cells: CostCell[];
  cheapest: { benchmark: string; model_id: string | null; cost_per_task: number | null; accuracy: number | null; prob_above_threshold: number | null; eligible: number; note: string }[];
  models_without_costs: string[];
  costs_without_data: string[];
  skipped: { part: string; reason: string }[];
}

/** `costs`: a costs file (read by readCosts) or its rows. */
export function runCosts(lb: Leaderboard, costs: InputFile | readonly CostRow[], opts: CostOptions = {}): CostReport {
  const rows = 'data' in costs ? readCosts(costs) : costs;
  const alpha = opts.alpha ?? 0.05;
  const threshold = opts.threshold ?? null;
  const minProb = threshold === null ? null : (opts.minProb ?? null);
  const skipped: CostReport['skipped'] = [];
  const benches = lb.responses && lb.items.length > 0 ? benchmarksOf(lb.items) : (lb.scores?.benchmarks ?? []);
  const byModel = new Map<string, CostRow[]>();
  for (const r of rows) byModel.set(r.model_id, [...(byModel.get(r.model_id) ?? []), r]);
  const ids = new Set(lb.models.map((m) => m.id));
  const cells: CostCell[] = [];
  const without: string[] = [];
  lb.models.forEach((m, i) => {
    const rs = byModel.get(m.id) ?? byModel.get(m.name);
    if (!rs) {
      without.push(m.id);
      return;
    }
    for (const [bk, b] of benches.entries()) {
      const row = rs.find((r) => r.benchmark === b) ?? rs.find((r) => r.benchmark === null);
      if (!row) continue;
      let k = 0;
      let n = 0;
      if (lb.responses && lb.items.length > 0) {
        const J = lb.responses.nItems;
        for (let j = 0; j < J; j++) {
          if (lb.items[j]!.benchmark !== b) continue;
          const v = lb.responses.values[i * J + j]!;
          if (v === MISSING) continue;
          n++;
          k += v;
        }
      } else if (lb.scores) {
        const p = lb.scores.values[i * lb.scores.benchmarks.length + bk]!;
        const cnt = lb.scores.itemCounts[bk];
        if (!Number.isFinite(p) || cnt === null || cnt === undefined) continue;
        n = cnt;
        k = p * cnt;
      }
      if (n === 0) continue;
      const acc = jeffreys(k, n, alpha);
      const cost = costPerTask(row);
      const obs = k / n;
      cells.push({
        model_id: m.id,
        benchmark: b,
        successes: k,
        n_items: n,
        accuracy: obs,
        accuracy_lower: acc.lower,
        accuracy_upper: acc.upper,
        cost_per_task: cost,
        cost_per_success: obs > 0 ? cost / obs : null,
        cost_per_success_lower: acc.upper > 0 ? cost / acc.upper : null,
        cost_per_success_upper: acc.lower > 0 ? cost / acc.lower : null,
        p95_latency_s: row.p95_latency_s,
        prob_above_threshold: threshold === null ? null : probAbove(threshold, k, n),
        pareto: false,
      });
    }
  });
  if (lb.scores && !(lb.responses && lb.items.length > 0) && lb.scores.itemCounts.some((c) => c === null)) skipped.push({ part: 'benchmarks without item counts', reason: 'a score without its item count has no interval: give the item counts' });
  const bOrder = new Map(benches.map((b, k) => [b, k] as const));
  cells.sort((x, y) => bOrder.get(x.benchmark)! - bOrder.get(y.benchmark)! || x.cost_per_task - y.cost_per_task || (x.model_id < y.model_id ? -1 : 1));
  // Pareto: no other model on the benchmark is at most as costly and at least as accurate, one strictly
  for (const b of benches) {
    const cs = cells.filter((c) => c.benchmark === b);
    for (const c of cs) c.pareto = !cs.some((d) => d !== c && d.cost_per_task <= c.cost_per_task && d.accuracy >= c.accuracy && (d.cost_per_task < c.cost_per_task || d.accuracy > c.accuracy));
  }
  const cheapest: CostReport['cheapest'] = [];
  if (threshold !== null) {
    for (const b of benches) {
      const ok = cells.filter((c) => c.benchmark === b && (minProb === null ? c.accuracy >= threshold : c.prob_above_threshold! >= minProb)).sort((x, y) => x.cost_per_task - y.cost_per_task || (x.model_id < y.model_id ? -1 : 1));
      const best = ok[0] ?? null;
      cheapest.push({
        benchmark: b,
        model_id: best?.model_id ?? null,
        cost_per_task: best?.cost_per_task ?? null,
        accuracy: best?.accuracy ?? null,
        prob_above_threshold: best?.prob_above_threshold ?? null,
        eligible: ok.length,
        note: best
          ? `observed accuracy ${best.accuracy.toFixed(3)}${minProb === null ? ` ≥ ${threshold}` : ''}; P(true accuracy > ${threshold}) = ${best.prob_above_threshold!.toFixed(3)}${minProb === null ? '' : ` ≥ ${minProb}`} under a Jeffreys Beta(½, ½) prior`
          : minProb === null ? `no model with costs reaches ${threshold} on ${b}` : `no model with costs exceeds ${threshold} on ${b} with posterior probability ≥ ${minProb}`,
      });
    }
  }
  const unused = rows.filter((r) => !ids.has(r.model_id) && !lb.models.some((m) => m.name === r.model_id)).map((r) => r.model_id);
  if (unused.length && opts.onWarning) opts.onWarning(`costs: ${unused.length} model(s) in the costs file have no data: ${[...new Set(unused)].slice(0, 10).join(', ')}`);
  if (without.length && opts.onWarning) opts.onWarning(`costs: ${without.length} model(s) have no costs row and are left out: ${without.slice(0, 10).join(', ')}`);
  return { schema_version: 1, alpha, threshold, min_prob: minProb, prior: 'Jeffreys Beta(1/2, 1/2) on the item-level successes', basis: lb.responses && lb.items.length > 0 ? 'responses' : 'scores', cells, cheapest, models_without_costs: without, costs_without_data: [...new Set(unused)], skipped };
}
