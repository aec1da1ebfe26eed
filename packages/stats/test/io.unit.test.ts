// Readers on real-looking fixtures (test/fixtures/io, written by make-fixtures.mjs) and the bad-input
// messages: every error must name the file and the line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFile, inputTree } from '../../../test/helpers/files.js';
import {
  assembleLeaderboard,
  InputError,
  MISSING,
  parseCsv,
  readItems,
  readLeaderboardTable,
  readLmEval,
  readLmEvalBlock,
  readModels,
  readResponses,
  readScores,
  seeded,
  type InputFile,
  type Leaderboard,
} from '../src/index.js';

const root = join(__dirname, '../../..');
const FIX = 'test/fixtures/io';
/** arc_easy items pythia-160m got right in its newest run (scores_long.csv: score × 10). */
const RIGHT_160M_ARC = Math.round(10 * Number(/EleutherAI\/pythia-160m,arc_easy,([0-9.]+)/.exec(readFileSync(join(__dirname, '../../../test/fixtures/io/scores_long.csv'), 'utf8'))![1]));
const file = (rel: string): InputFile => inputFile(root, rel);
const tree = (rel: string): InputFile[] => inputTree(root, rel);
/** The error an action throws, checked to be an InputError. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF, a BOM, and blank lines', () => {
    const t = parseCsv('\ufeffa,b,c\r\n1,"x, ""y""",3\r\n\r\n2,"multi\nline",4\n5,,\n', 'f.csv');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([['1', 'x, "y"', '3'], ['2', 'multi\nline', '4'], ['5', '', '']]);
    expect(t.lines).toEqual([2, 4, 6]); // the quoted newline moves the next row to line 6
  });
  it('round-trips random tables with quotes, delimiters, CR/LF and unicode (seed 424242)', () => {
    const rng = seeded(424242);
    const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '⬆️', '0', '1'];
    const field = () => Array.from({ length: rng.int(6) }, () => alphabet[rng.int(alphabet.length)]).join('');
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    for (let rep = 0; rep < 200; rep++) {
      const cols = 1 + rng.int(4);
      const header = Array.from({ length: cols }, (_, c) => `h${c}`);
      const rows = Array.from({ length: 1 + rng.int(5) }, () => Array.from({ length: cols }, field));
      const eol = rng.uniform() < 0.5 ? '\n' : '\r\n';
      const text = [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + (rng.uniform() < 0.5 ? eol : '');
      const t = parseCsv(text, 'fuzz.csv');
      expect(t.header, `seed 424242 rep ${rep}`).toEqual(header);
      expect(t.rows, `seed 424242 rep ${rep}`).toEqual(rows);
    }
  });
  it('decodes bytes as UTF-8', () => {
    const t = parseCsv(new TextEncoder().encode('model,Average ⬆️\nα,1\n'), 'f.csv');
    expect(t.header[1]).toBe('Average ⬆️');
    expect(t.rows[0]![0]).toBe('α');
  });
  it('a ragged row names file and line', () => {
    const e = inputError(() => parseCsv(readFileSync(join(root, FIX, 'bad/ragged.csv')), `${FIX}/bad/ragged.csv`));
    expect(e.message).toContain('bad/ragged.csv:3');
    expect(e.message).toMatch(/ragged row: 3 fields, the header has 4/);
  });
  it('an unterminated quote names file and line', () => {
    const e = inputError(() => parseCsv(readFileSync(join(root, FIX, 'bad/unterminated.csv')), 'bad/unterminated.csv'));
    expect(e.message).toContain('bad/unterminated.csv:2');
  });
});

function summary(lb: Leaderboard) {
  return {
    models: lb.models.map((m) => m.id),
    items: lb.items.map((i) => `${i.id}@${i.benchmark}`),
    values: Array.from(lb.responses!.values),
  };
}

describe('response readers: one data set in three forms', () => {
  const wide = assembleLeaderboard({ responses: [readResponses(file(`${FIX}/responses_wide.csv`))], items: readItems(file(`${FIX}/items.csv`)) });
  const long = assembleLeaderboard({ responses: [readResponses(file(`${FIX}/responses_long.csv`))] });
  const lm = readLmEval(tree(`${FIX}/lm-eval`), { filter: 'strict-match' }, `${FIX}/lm-eval`);

  it('wide form: 3 models × 24 items, three benchmarks, one missing cell (CRLF file)', () => {
    expect(wide.models.map((m) => m.id)).toEqual(['EleutherAI/pythia-1.4b', 'EleutherAI/pythia-160m', 'mistralai/Mistral-7B-v0.1']);
    expect(wide.items).toHaveLength(24);
    expect([...new Set(wide.items.map((i) => i.benchmark))]).toEqual(['arc_easy', 'gsm8k', 'hellaswag']);
    expect(wide.items[0]!.extra).toEqual({ doc_id: '0', source: 'lm-eval, arc_easy' });
    const r = wide.responses!;
    expect(r.get(2, 23)).toBeNull();
    expect(r.values.filter((v) => v === MISSING)).toHaveLength(1);
    const rows = readFileSync(join(root, FIX, 'responses_wide.csv'), 'utf8').split('\r\n');
    expect(rows[1]!.split(',').slice(1, 4).map(Number)).toEqual([r.get(0, 0), r.get(0, 1), r.get(0, 2)]);
  });
  it('long form (BOM, benchmark column) and lm-eval logs read to the same leaderboard', () => {
    expect(summary(long)).toEqual(summary(wide));
    expect(summary(lm)).toEqual(summary(wide));
  });
  it('lm-eval: newest run wins, model names from results_*.json, default metric acc', () => {
    // the superseded arc_easy run of pythia-160m has every answer wrong; the newest has 2 right
    const m = lm.models.findIndex((x) => x.id === 'EleutherAI/pythia-160m');
    let right = 0;
    for (let j = 0; j < 10; j++) right += lm.responses!.get(m, j) ?? 0;
    expect(right).toBe(RIGHT_160M_ARC);
    expect(lm.models[2]!.id).toBe('mistralai/Mistral-7B-v0.1');
    expect(lm.warnings.filter((w) => w.includes('results file says'))).toEqual([]);
  });
  it('lm-eval: the flexible-extract filter gives different gsm8k cells; several filters need --filter', () => {
    const flex = readLmEval(tree(`${FIX}/lm-eval`), { filter: 'flexible-extract' });
    const g = (lb: Leaderboard) => lb.items.map((it, j) => (it.benchmark === 'gsm8k' ? lb.responses!.get(0, j) : null)).filter((v) => v !== null);
    expect(g(flex).reduce((a, b) => a! + b!, 0)).toBeGreaterThanOrEqual(g(lm).reduce((a, b) => a! + b!, 0)!);
    const e = inputError(() => readLmEval(tree(`${FIX}/lm-eval`), {}, 'logs'));
    expect(e.message).toMatch(/samples_gsm8k_.*\.jsonl:1.*filters strict-match, flexible-extract; choose one \(the lm-eval filter option\)/);
  });
  it('lm-eval: an items file may regroup tasks into benchmarks; a model missing from --models names its results file', () => {
    const items = 'item_id,benchmark\n' + lm.items.map((it) => `${it.id},${it.benchmark === 'gsm8k' ? 'math' : 'language'}`).join('\n') + '\n';
    const { block } = readLmEvalBlock(tree(`${FIX}/lm-eval`), { filter: 'strict-match' }, 'logs');
    const lb = assembleLeaderboard({ responses: [block], items: readItems({ name: 'groups.csv', data: items }) });
    expect([...new Set(lb.items.map((i) => i.benchmark))]).toEqual(['language', 'math']);
    const e = inputError(() => assembleLeaderboard({ responses: [block], models: readModels({ name: 'm.csv', data: 'model_id\nEleutherAI/pythia-1.4b\nEleutherAI/pythia-160m\n' }) }));
    expect(e.message).toMatch(/^mistralai__Mistral-7B-v0\.1\/results_2024-06-02T08-47-55\.000017\.json:1 \(column model_name\): model "mistralai\/Mistral-7B-v0\.1" is not in the models file m\.csv/);
  });
  it('lm-eval: acc_norm by --metric, and an unknown metric names the file', () => {
    const norm = readLmEval(tree(`${FIX}/lm-eval`), { filter: 'strict-match', metric: 'acc_norm,exact_match' });
    expect(norm.responses!.values).not.toEqual(lm.responses!.values);
    const e = inputError(() => readLmEval(tree(`${FIX}/lm-eval`), { filter: 'strict-match', metric: 'f1' }));
    expect(e.message).toMatch(/samples_arc_easy_.*\.jsonl:1 \(column f1\): no "f1" field/);
  });
});

describe('wide and long forms of random leaderboards (seed 7531)', () => {
  it('read to the same matrix, missing cells included', () => {
    const rng = seeded(7531);
    for (let rep = 0; rep < 20; rep++) {
      const M = 1 + rng.int(12);
      const J = 1 + rng.int(15);
      const vals = Array.from({ length: M * J }, () => (rng.uniform() < 0.15 ? null : rng.int(2)));
      const models = Array.from({ length: M }, (_, m) => `org/m${m}`);
      const items = Array.from({ length: J }, (_, j) => `i${j}`);
      const bench = items.map((_, j) => `b${j % 3}`);
      const wide = ['model_id,' + items.join(','), ...models.map((id, m) => [id, ...items.map((_, j) => vals[m * J + j] ?? '')].join(','))].join('\n');
      const long = ['model_id,item_id,correct,benchmark'];
      // rows model by model, items in order (first appearance fixes the long form's item order)
      models.forEach((id, m) => items.forEach((it, j) => long.push(`${id},${it},${vals[m * J + j] ?? 'NA'},${bench[j]}`)));
      const itemsCsv = 'item_id,benchmark\n' + items.map((it, j) => `${it},${bench[j]}`).join('\n');
      const a = assembleLeaderboard({ responses: [readResponses({ name: 'w.csv', data: wide })], items: readItems({ name: 'i.csv', data: itemsCsv }) });
      const b = assembleLeaderboard({ responses: [readResponses({ name: 'l.csv', data: long.join('\n') })] });
      expect(summary(b), `seed 7531 rep ${rep}`).toEqual(summary(a));
      expect(Array.from(a.responses!.values), `seed 7531 rep ${rep}`).toEqual(vals.map((v) => (v === null ? MISSING : v)));
    }
  });
});

describe('models, items and scores readers', () => {
  it('models.csv: recognised columns, log10 of the parameter count, extra columns kept', () => {
    const t = readModels(file(`${FIX}/models.csv`));
    const m = t.models[2]!;
    expect(m).toMatchObject({ id: 'mistralai/Mistral-7B-v0.1', name: 'Mistral-7B-v0.1', paramsB: 7.242, architecture: 'MistralForCausalLM', contributor: 'mistralai', deployment: 'pretrained', extra: { license: 'apache-2.0' } });
    expect(m.log10Params).toBeCloseTo(Math.log10(7.242e9), 4); // 4 decimals in the file
  });
  it('derives log10_params from params_b and back', () => {
    const t = readModels({ name: 'm.csv', data: 'model_id,params_b\na,7\nb,\n' });
    expect(t.models[0]!.log10Params).toBeCloseTo(9.845098, 6);
    expect(t.models[1]!.log10Params).toBeNull();
    const u = readModels({ name: 'm.csv', data: 'model_id,log10_params\na,10\n' });
    expect(u.models[0]!.paramsB).toBeCloseTo(10, 12);
  });
  it('scores: long with n_items and wide in percent read alike', () => {
    const l = readScores(file(`${FIX}/scores_long.csv`));
    const w = readScores(file(`${FIX}/scores_wide.csv`));
    expect(l.benchmarks).toEqual(['arc_easy', 'gsm8k', 'hellaswag']);
    expect(w.benchmarks).toEqual(l.benchmarks);
    expect(l.itemCounts).toEqual([10, 6, 8]);
    expect(w.warnings.join()).toMatch(/percentages/);
    for (let k = 0; k < 9; k++) expect(w.values[k]).toBeCloseTo(l.values[k]!, 6); // 4 decimals of percent
  });
  it('scores joined to responses, and a scores-only leaderboard', () => {
    const lb = assembleLeaderboard({ responses: [readResponses(file(`${FIX}/responses_wide.csv`))], items: readItems(file(`${FIX}/items.csv`)), models: readModels(file(`${FIX}/models.csv`)), scores: readScores(file(`${FIX}/scores_long.csv`)) });
    expect(lb.scores!.values[2 * 3 + 2]).toBeCloseTo(6 / 7, 6); // Mistral on hellaswag: 6 of 7 answered; 6 decimals in the file
    expect(lb.models[1]!.paramsB).toBe(0.162);
    const only = assembleLeaderboard({ scores: readScores(file(`${FIX}/scores_long.csv`)), itemsPerBenchmark: 50 });
    expect(only.responses).toBeNull();
    expect(only.models).toHaveLength(3);
    expect(only.scores!.itemCounts).toEqual([10, 6, 8]); // the file's counts win over --items-per-benchmark
    const wide = readScores(file(`${FIX}/scores_wide.csv`));
    expect(assembleLeaderboard({ scores: wide, itemsPerBenchmark: 50 }).scores!.itemCounts).toEqual([50, 50, 50]);
    expect(assembleLeaderboard({ scores: wide, itemsPerBenchmark: { gsm8k: 1319 } }).scores!.itemCounts).toEqual([null, 1319, null]);
    expect(() => assembleLeaderboard({ scores: wide, itemsPerBenchmark: { gsm8: 1319 } })).toThrow(/\(item counts\): unknown benchmark "gsm8"/);
  });
});

describe('leaderboard tables', () => {
  it('v2 CSV: raw scores by default, normalised on request, contributors, deployment, duplicates made unique', async () => {
    const t = await readLeaderboardTable(file(`${FIX}/leaderboard-v2.csv`));
    expect(t.version).toBe('v2');
    expect(t.scores.benchmarks).toEqual(['IFEval', 'BBH', 'MATH Lvl 5', 'GPQA', 'MUSR', 'MMLU-PRO']);
    expect(t.models.models.map((m) => m.id)).toEqual(['acme/Alpha-7B@bfloat16', 'acme/Alpha-7B@float16', 'zeta-lab/Beta-70B', 'solo/merge-of-things', 'zeta-lab/Gamma-1B']);
    expect(t.models.models.map((m) => m.contributor)).toEqual(['acme', 'acme', 'zeta-lab', 'solo', 'zeta-lab']);
    expect(t.models.models.map((m) => m.deployment)).toEqual(['chat', 'chat', 'pretrained', 'merge', 'fine-tuned']);
    expect(t.models.models[3]!.paramsB).toBeNull();
    expect(t.scores.values[0]).toBeCloseTo(0.61, 12);
    expect(t.warnings.join()).toMatch(/acme\/Alpha-7B/);
    const n = await readLeaderboardTable(file(`${FIX}/leaderboard-v2.csv`), { normalised: true });
    expect(n.scores.values[0]).toBeCloseTo(((0.61 - 0.25) / 0.75), 6);
  });
  it('v2 Parquet reads the same as the CSV', async () => {
    const c = await readLeaderboardTable(file(`${FIX}/leaderboard-v2.csv`));
    const p = await readLeaderboardTable(file(`${FIX}/leaderboard-v2.parquet`));
    expect(p.models.models.map((m) => [m.id, m.paramsB, m.deployment, m.architecture])).toEqual(c.models.models.map((m) => [m.id, m.paramsB, m.deployment, m.architecture]));
    expect(Array.from(p.scores.values)).toEqual(Array.from(c.scores.values));
  });
  it('v1 CSV: percentages divided by 100; a row without a Type has no deployment', async () => {
    const t = await readLeaderboardTable(file(`${FIX}/leaderboard-v1.csv`));
    expect(t.version).toBe('v1');
    expect(t.scores.values[0]).toBeCloseTo(0.7, 12);
    expect(t.models.models[2]!.deployment).toBeNull();
    expect(t.models.models[2]!.paramsB).toBeNull();
  });
  it('a table that is neither v1 nor v2 is an error naming the file', async () => {
    await expect(readLeaderboardTable({ name: 'x.csv', data: 'a,b\n1,2\n' })).rejects.toThrow(/x\.csv:1.*not an Open LLM Leaderboard table/);
  });
});

describe('combined per-benchmark files', () => {
  it('FILE:BENCHMARK prefixes item ids and outer-joins models', () => {
    const a = readResponses({ name: 'arc.csv', data: 'model,1,2\nx,1,0\ny,0,0\n' }, { benchmark: 'arc', modelCol: 'model' });
    const b = readResponses({ name: 'gsm.csv', data: 'model,1,2,3\ny,1,1,0\nz,0,1,1\n' }, { benchmark: 'gsm', modelCol: 'model' });
    const lb = assembleLeaderboard({ responses: [a, b] });
    expect(lb.models.map((m) => m.id)).toEqual(['x', 'y', 'z']);
    expect(lb.items.map((i) => i.id)).toEqual(['arc:1', 'arc:2', 'gsm:1', 'gsm:2', 'gsm:3']);
    expect(lb.responses!.get(0, 2)).toBeNull(); // x has no gsm responses
    expect(lb.responses!.get(2, 0)).toBeNull(); // z has no arc responses
    expect(lb.responses!.get(1, 2)).toBe(1);
    expect(lb.warnings.join('\n')).toMatch(/answered correctly by no model: arc:2/);
  });
  it('the same ids in two files without benchmarks are duplicates', () => {
    const a = readResponses({ name: 'a.csv', data: 'model_id,1\nx,1\n' });
    const b = readResponses({ name: 'b.csv', data: 'model_id,1\nx,0\n' });
    const e = inputError(() => assembleLeaderboard({ responses: [a, b], items: readItems({ name: 'i.csv', data: 'item_id,benchmark\n1,A\n' }) }));
    expect(e.message).toMatch(/^b\.csv:1 \(column 2\): duplicate item id "1" \(also in a\.csv:1\)/);
  });
});

describe('bad input names file and line', () => {
  const bad = (name: string) => file(`${FIX}/bad/${name}`);
  const cases: [string, () => unknown, RegExp][] = [
    ['value not 0/1', () => readResponses(bad('not-binary.csv')), /bad\/not-binary\.csv:4 \(column q2\): value "2" is not 0, 1 or empty/],
    ['duplicate model (wide)', () => readResponses(bad('dup-model.csv')), /bad\/dup-model\.csv:4 \(column model_id\): duplicate model id "m1" \(also line 2\)/],
    ['duplicate item (wide header)', () => readResponses(bad('dup-item.csv')), /bad\/dup-item\.csv:1 \(column 4\): duplicate item id "q1"/],
    ['duplicate response (long)', () => readResponses(bad('long-dup.csv')), /bad\/long-dup\.csv:5: duplicate response for model "m1" and item "q1"/],
    ['ragged row', () => readResponses(bad('ragged.csv')), /bad\/ragged\.csv:3: ragged row/],
    ['item with no benchmark', () => readItems(bad('items-no-benchmark.csv')), /bad\/items-no-benchmark\.csv:3 \(column benchmark\): item "q2" has no benchmark/],
    ['duplicate item (items file)', () => readItems(bad('items-dup.csv')), /bad\/items-dup\.csv:3 \(column item_id\): duplicate item id "q1" \(also line 2\)/],
    ['duplicate model (models file)', () => readModels(bad('models-dup.csv')), /bad\/models-dup\.csv:5 \(column model_id\): duplicate model id "m1"/],
    ['model in responses but not in models', () => assembleLeaderboard({ responses: [readResponses(bad('good-wide.csv'))], items: readItems(bad('items-ok.csv')), models: readModels(bad('models-missing-m3.csv')) }), /bad\/good-wide\.csv:4 \(column model_id\): model "m3" is not in the models file .*models-missing-m3\.csv/],
    ['item in responses but not in items', () => assembleLeaderboard({ responses: [readResponses(bad('good-wide.csv'))], items: readItems(bad('items-missing-q3.csv')) }), /bad\/good-wide\.csv:1 \(column 4\): item "q3" is not in the items file/],
    ['item with no benchmark anywhere', () => assembleLeaderboard({ responses: [readResponses(bad('good-wide.csv'))] }), /bad\/good-wide\.csv:1 \(column 2\): item "q1" has no benchmark/],
    ['unknown benchmark in scores', () => assembleLeaderboard({ responses: [readResponses(bad('good-wide.csv'))], items: readItems(bad('items-ok.csv')), scores: readScores(bad('scores-unknown-benchmark.csv')) }), /bad\/scores-unknown-benchmark\.csv:4 \(column benchmark\): unknown benchmark "mmlu"/],
    ['header only', () => readResponses({ name: 'empty.csv', data: 'model_id,q1\n' }), /^empty\.csv:1: no data rows below the header/],
    ['lm-eval metric not 0/1', () => readLmEval(tree(`${FIX}/bad/lm-eval-nonbinary`), {}, 'nb'), /org__model-a\/samples_boolq_2024-06-01T00-00-00\.000000\.jsonl:2 \(column acc\): acc = 0\.5 is not 0\/1/],
    ['lm-eval line not JSON', () => readLmEval(tree(`${FIX}/bad/lm-eval-badjson`), {}, 'bj'), /org__model-a\/samples_boolq_2024-06-01T00-00-00\.000000\.jsonl:3: not valid JSON/],
  ];
  for (const [what, fn, re] of cases) {
    it(what, () => {
      const e = inputError(fn);
      expect(e.message).toMatch(re);
      expect(e.line).toBeGreaterThan(0);
    });
  }
});

describe('warnings', () => {
  it('constant items and all-missing rows are reported with their ids', () => {
    const lb = assembleLeaderboard({
      responses: [readResponses({ name: 'w.csv', data: 'model_id,q1,q2,q3,q4\na,1,0,,1\nb,1,1,,0\nc,,,,\n' })],
      items: readItems({ name: 'i.csv', data: 'item_id,benchmark\nq1,A\nq2,A\nq3,B\nq4,B\nq5,B\n' }),
    });
    const w = lb.warnings.join('\n');
    expect(w).toMatch(/1 item\(s\) answered correctly by every model: q1/);
    expect(w).toMatch(/all-missing items: 1 item\(s\) have no response: q3/);
    expect(w).toMatch(/all-missing rows: 1 model\(s\) have no response: c/);
    expect(w).toMatch(/i\.csv: 1 item\(s\) have no responses and were left out: q5/);
  });
});
