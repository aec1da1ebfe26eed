// Readers of Inspect AI logs, HELM runs and Open LLM Leaderboard v2 details, through the one loader
// (loadLeaderboard), on fixtures built from each format's documentation (test/fixtures/{inspect,helm,details}/make-fixtures.mjs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailsPathInfo, InputError, inspectValueToFloat, loadLeaderboard, parseJsonWithLines, samplesToParts, type InputFile } from '@cartograph/stats';

const F = 'test/fixtures';
const file = (p: string): InputFile => ({ name: p, data: readFileSync(p) });
const walk = (d: string): string[] => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : [join(d, e)]));
const err = async (p: Promise<unknown>): Promise<InputError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error');
};

describe('Inspect AI', () => {
  it('value_to_float: C/I/P/N → 1/0/0.5/0, booleans, numbers, numeric strings; other → null', () => {
    expect(['C', 'I', 'P', 'N', true, false, 0.25, '0.75', 'yes', 'no'].map(inspectValueToFloat)).toEqual([1, 0, 0.5, 0, 1, 0, 0.25, 0.75, 1, 0]);
    expect(inspectValueToFloat('maybe')).toBeNull();
    expect(inspectValueToFloat({ a: 1 })).toBeNull();
  });

  it('reads a .eval archive and a .json log; epochs as repeated measures with sample_id', async () => {
    const lb = await loadLeaderboard({ inspect: [file(`${F}/inspect/model-a.eval`), file(`${F}/inspect/model-b.json`)], score: 'choice' });
    expect(lb.models.map((m) => m.id)).toEqual(['anthropic/claude-3-haiku', 'openai/gpt-4o-mini']);
    expect(lb.items.length).toBe(12); // 6 samples × 2 epochs
    expect(lb.items[0]).toMatchObject({ id: 'arc_easy:1#1', benchmark: 'arc_easy', extra: { sample_id: 'arc_easy:1', epoch: '1' } });
    const r = lb.responses!;
    // model A (row 1) sample 2: epochs C, I; model B (row 0) sample 3: I, C
    expect([r.get(1, 2), r.get(1, 3)]).toEqual([1, 0]);
    expect([r.get(0, 4), r.get(0, 5)]).toEqual([0, 1]);
    // proportion correct of A over 12 answers: CC CI II CC CC IC = 8/12
    let s = 0;
    for (let j = 0; j < 12; j++) s += r.get(1, j)!;
    expect(s).toBe(8);
  });

  it('epochs averaged: one column per sample; disagreeing epochs tie → missing, with a warning', async () => {
    const lb = await loadLeaderboard({ inspect: [file(`${F}/inspect/model-a.eval`)], epochs: 'mean' });
    expect(lb.items.map((i) => i.id)).toEqual(['arc_easy:1', 'arc_easy:2', 'arc_easy:3', 'arc_easy:4', 'arc_easy:5', 'arc_easy:6']);
    expect(Array.from({ length: 6 }, (_, j) => lb.responses!.get(0, j))).toEqual([1, null, 0, 1, 1, null]);
    expect(lb.warnings.join('\n')).toMatch(/2 model × item cell\(s\) whose epochs disagree/);
  });

  it('a log still being written: _journal/start.json and _journal/summaries/N.json', async () => {
    const { strToU8, zipSync, unzipSync } = await import('fflate');
    const full = unzipSync(readFileSync(`${F}/inspect/model-a.eval`));
    const summaries = JSON.parse(new TextDecoder().decode(full['summaries.json'])) as unknown[];
    const zip = zipSync({ '_journal/start.json': full['_journal/start.json']!, '_journal/summaries/1.json': strToU8(JSON.stringify(summaries.slice(0, 6))), '_journal/summaries/2.json': strToU8(JSON.stringify(summaries.slice(6))) });
    const lb = await loadLeaderboard({ inspect: [{ name: 'running.eval', data: zip }] });
    expect(lb.models[0]!.id).toBe('openai/gpt-4o-mini');
    expect(lb.items.length).toBe(12);
  });
  it('a re-run of the same model and task: the finished, then newest log is kept, with a warning', async () => {
    const raw = JSON.parse(readFileSync(`${F}/inspect/model-b.json`, 'utf8'));
    const older = { ...raw, status: 'error', eval: { ...raw.eval, created: '2026-11-30T11:00:00+00:00' }, samples: raw.samples.map((x: { scores: object }) => ({ ...x, scores: { choice: { value: 'I' }, match: { value: 0 } } })) };
    const lb = await loadLeaderboard({ inspect: [{ name: 'retry-failed.json', data: JSON.stringify(older) }, file(`${F}/inspect/model-b.json`)], score: 'choice' });
    expect(lb.warnings.join('\n')).toMatch(/retry-failed\.json: model "anthropic\/claude-3-haiku" on task "arc_easy" is also in .*model-b\.json, which is kept \(finished\)/);
    let s = 0;
    for (let j = 0; j < lb.items.length; j++) s += lb.responses!.get(0, j)!;
    expect(s).toBe(5); // model-b's answers (CI II IC CC IC II: 5 of 12), not the failed run's zeros
  });
  it('a dict-valued score: SCORER.KEY picks one value; without it the keys are named', async () => {
    const raw = JSON.parse(readFileSync(`${F}/inspect/model-b.json`, 'utf8'));
    const log = { ...raw, samples: raw.samples.map((x: { scores: { choice: { value: string } } }) => ({ ...x, scores: { multi: { value: { exact: x.scores.choice.value, f1: 0.5 } } } })) };
    const input = { name: 'multi.json', data: JSON.stringify(log, null, 1) };
    const lb = await loadLeaderboard({ inspect: [input], score: 'multi.exact' });
    expect(lb.items.length).toBe(12);
    const e = await err(loadLeaderboard({ inspect: [input] }));
    expect(e.message).toMatch(/a dict: choose one of its values with the score option as multi\.KEY, keys exact, f1/);
    expect(e.line).toBeGreaterThan(1);
  });
  it('several scorers need --score; an unknown scorer is named', async () => {
    expect((await err(loadLeaderboard({ inspect: [file(`${F}/inspect/model-b.json`)] }))).message).toMatch(/several scorers \(choice, match\)/);
    expect((await err(loadLeaderboard({ inspect: [file(`${F}/inspect/model-b.json`)], score: 'f1' }))).message).toMatch(/no scorer "f1".*choice, match/);
  });

  it('partial credit (P) → benchmark means, with a warning', async () => {
    const lb = await loadLeaderboard({ inspect: [file(`${F}/inspect/partial/model-c.json`)] });
    expect(lb.responses).toBeNull();
    expect(lb.scores!.values[0]).toBeCloseTo((4 + 2 * 0.5) / 6, 12); // ids 3, 6 partial; tolerance: exact arithmetic
    expect(lb.scores!.itemCounts).toEqual([6]);
    expect(lb.warnings.join('\n')).toMatch(/not 0\/1/);
  });

  it('bad input names file and line', async () => {
    const e1 = await err(loadLeaderboard({ inspect: [file(`${F}/inspect/bad/bad-value.json`)] }));
    expect(e1.file).toBe(`${F}/inspect/bad/bad-value.json`);
    expect(e1.line).toBeGreaterThan(40);
    expect(e1.message).toMatch(/"maybe" of sample 2 is not C\/I\/P\/N/);
    const e2 = await err(loadLeaderboard({ inspect: [file(`${F}/inspect/bad/truncated.json`)] }));
    expect(e2.line).toBeGreaterThan(1);
    expect(e2.message).toMatch(/not valid JSON/);
    expect((await err(loadLeaderboard({ inspect: [file(`${F}/inspect/bad/no-header.eval`)] }))).message).toMatch(/no header\.json/);
    expect((await err(loadLeaderboard({ inspect: [file(`${F}/inspect/bad/not-a-zip.eval`)] }))).message).toMatch(/not a readable \.eval/);
  });

  it('JSON line tracking: the line of each object', () => {
    const p = parseJsonWithLines('{\n "a": [\n  {"b": 1},\n  {"b": 2}\n ]\n}', 'x.json');
    const a = (p.value as { a: object[] }).a;
    expect([p.lineOf(p.value), p.lineOf(a), p.lineOf(a[0]), p.lineOf(a[1])]).toEqual([1, 2, 3, 4]);
  });
});

describe('HELM', () => {
  const helm = (dir: string) => ({ files: walk(dir).map(file), root: dir });
  it('per_instance_stats + run_spec: model from the spec, benchmark without model args, perturbed entries left out', async () => {
    const lb = await loadLeaderboard({ helm: helm(`${F}/helm/runs/v1`) });
    expect(lb.models.map((m) => m.id)).toEqual(['eleutherai/pythia-1b', 'openai/gpt2']);
    expect(new Set(lb.items.map((i) => i.benchmark))).toEqual(new Set(['mmlu:subject=anatomy,method=multiple_choice_joint']));
    expect(lb.items.length).toBe(8);
    expect(Array.from({ length: 8 }, (_, j) => lb.responses!.get(1, j))).toEqual([1, 0, 0, 1, 1, 0, 1, 0]);
    expect(lb.warnings.join('\n')).toMatch(/perturbed instance entr/);
  });
  it('--metric: a numeric metric gives benchmark means; an unknown one is named', async () => {
    const lb = await loadLeaderboard({ helm: helm(`${F}/helm/runs/v1`), helmMetric: 'predicted_index' });
    expect(lb.scores!.values[0]).toBe(0.75); // pythia: index 2 on 3 of 8 instances
    expect((await err(loadLeaderboard({ helm: helm(`${F}/helm/runs/v1`), helmMetric: 'bleu' }))).message).toMatch(/no metric "bleu".*exact_match/);
    const viaMetric = await loadLeaderboard({ helm: helm(`${F}/helm/runs/v1`), metric: 'bleu,predicted_index' }); // --metric list: the first the run has
    expect(viaMetric.scores!.values[0]).toBe(0.75);
  });
  it('without run_spec.json: the model from model= in the run folder name', async () => {
    const stats = JSON.stringify([{ instance_id: 'id1', train_trial_index: 0, stats: [{ name: { name: 'exact_match', split: 'test' }, count: 1, sum: 1, mean: 1 }] }, { instance_id: 'id1', train_trial_index: 1, stats: [{ name: { name: 'exact_match', split: 'test' }, count: 1, sum: 0, mean: 0 }] }]);
    const lb = await loadLeaderboard({ helm: { files: [{ name: 'runs/s/mmlu:subject=anatomy,model=openai_gpt2/per_instance_stats.json', data: stats }], root: 'runs' } });
    expect(lb.models[0]!.id).toBe('openai/gpt2');
    expect(lb.items.map((i) => i.id)).toEqual(['mmlu:subject=anatomy:id1#1', 'mmlu:subject=anatomy:id1#2']); // train trials as epochs
    expect(lb.items[1]!.extra).toEqual({ sample_id: 'mmlu:subject=anatomy:id1', epoch: '2' });
  });
  it('bad input names file and line', async () => {
    const e = await err(loadLeaderboard({ helm: helm(`${F}/helm/bad/no-mean`) }));
    expect(e.message).toMatch(/per_instance_stats\.json:\d+.*instance id2: "exact_match" has no finite mean/);
    expect(e.line).toBeGreaterThan(1);
    expect((await err(loadLeaderboard({ helm: helm(`${F}/helm/bad/not-list`) }))).message).toMatch(/must be a list/);
    expect((await err(loadLeaderboard({ helm: { files: [], root: 'empty' } }))).message).toMatch(/no per_instance_stats\.json/);
  });
});

describe('Open LLM Leaderboard v2 details', () => {
  const d = (p: string, model?: string) => ({ file: file(`${F}/details/${p}`), model: model ?? null });
  it('the benchmark metric per subtask, model from the folder, benchmarks named as in the table', async () => {
    const lb = await loadLeaderboard({
      details: [
        d('Qwen__Qwen2-7B-details/samples_leaderboard_bbh_navigate_2024-06-26T12-00-00.000000.parquet'),
        d('Qwen__Qwen2-7B-details/samples_leaderboard_ifeval_2024-06-26T12-00-00.000000.parquet'),
        d('meta-llama__Llama-3-8B-details/samples_leaderboard_bbh_navigate_2024-06-26T12-00-00.000000.parquet'),
      ],
    });
    expect(lb.models.map((m) => m.id)).toEqual(['Qwen/Qwen2-7B', 'meta-llama/Llama-3-8B']);
    expect([...new Set(lb.items.map((i) => i.benchmark))]).toEqual(['BBH', 'IFEval']);
    expect(lb.items[0]).toMatchObject({ id: 'BBH:bbh_navigate/0', extra: { subtask: 'bbh_navigate' } });
    expect(Array.from({ length: 8 }, (_, j) => lb.responses!.get(1, j))).toEqual([1, 0, 0, 1, 0, 1, 0, 0]);
    expect(lb.responses!.get(1, 8)).toBeNull(); // Llama has no IFEval file
  });
  it('subtask and model from the dataset layouts (config folder or file name)', () => {
    expect(detailsPathInfo('open-llm-leaderboard/Qwen__Qwen2-7B-details/Qwen__Qwen2-7B__leaderboard_bbh_navigate/latest-00000-of-00001.parquet')).toEqual({ subtask: 'bbh_navigate', model: 'Qwen/Qwen2-7B' });
    expect(detailsPathInfo('x/meta-llama__Llama-3-8B-details/samples_leaderboard_math_algebra_hard_2024-06-26T12-00-00.000000.parquet')).toEqual({ subtask: 'math_algebra_hard', model: 'meta-llama/Llama-3-8B' });
    expect(detailsPathInfo('scratch/leaderboard_ifeval.parquet')).toEqual({ subtask: 'ifeval', model: null });
  });
  it('bad input: missing metric column, unknown subtask, a null value (file and line)', async () => {
    expect((await err(loadLeaderboard({ details: [d('bad/Qwen__Qwen2-7B-details/samples_leaderboard_mmlu_pro_2024-06-26T12-00-00.000000.parquet')] }))).message).toMatch(/acc/);
    expect((await err(loadLeaderboard({ details: [d('bad/Qwen__Qwen2-7B-details/samples_leaderboard_hellaswag_2024-06-26T12-00-00.000000.parquet')] }))).message).toMatch(/unknown Open LLM Leaderboard v2 subtask "hellaswag"/);
    const e = await err(loadLeaderboard({ details: [d('bad/Qwen__Qwen2-7B-details/samples_leaderboard_musr_team_allocation_2024-06-26T12-00-00.000000.parquet')] }));
    expect([e.line, e.column]).toEqual([3, 'acc_norm']);
    expect((await err(loadLeaderboard({ details: [{ file: { name: 'x.parquet', data: new Uint8Array([1, 2, 3]) } }] }))).message).toMatch(/not a Parquet file/);
  });
});

describe('samplesToParts', () => {
  it('a sample scored twice names both places', () => {
    const w = (line: number) => ({ file: 'f', line, column: 'id' });
    expect(() => samplesToParts([{ file: 'f', model: 'm', benchmark: 'b', samples: [{ item: '1', epoch: 1, value: 1, where: w(3) }, { item: '1', epoch: 1, value: 0, where: w(9) }] }], { source: 'f' })).toThrow(/f:9.*scored twice \(also f:3\)/);
  });
});
