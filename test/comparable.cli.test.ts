// `cartograph comparable` end to end (the bundled CLI): two lm-evaluation-harness runs that differ in
// num_fewshot (and the gsm8k answer filter) are flagged with the reasons, exit 4; --allow-mismatch
// accepts keys; equal setups exit 0; Inspect headers, HELM run specs and a models file's setup columns;
// bad input exits 2; comparable.json validates against its schema. Plus unit checks of runComparable.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runComparable, setupFromLmEvalResults } from '@cartograph/stats';
import { run } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'cartograph-comparable-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const C = 'test/fixtures/comparable';
const A = `${C}/run-a/EleutherAI__pythia-1.4b`;
const B = `${C}/run-b/EleutherAI__pythia-1.4b`;

function validate(file: string): void {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
  const v = ajv.compile(JSON.parse(readFileSync('packages/stats/schemas/comparable.schema.json', 'utf8')));
  expect(v(JSON.parse(readFileSync(file, 'utf8'))), JSON.stringify(v.errors?.slice(0, 5))).toBe(true);
}

describe('comparable (library)', () => {
  const read = (dir: string, f: string) => setupFromLmEvalResults({ name: f, data: readFileSync(join(dir, f)) });
  const a = read(A, 'results_2024-06-01T14-05-09.654321.json');
  const b = read(B, 'results_2024-06-03T09-00-00.000000.json');
  it('num_fewshot 0 vs 25 on arc_easy is a shots difference with its reason; the filter difference too', () => {
    const rep = runComparable(a, b);
    expect(rep.comparable).toBe(false);
    const shots = rep.differences.find((d) => d.key === 'shots')!;
    expect(shots).toMatchObject({ task: 'arc_easy', a: '0', b: '25', allowed: false });
    expect(shots.why).toMatch(/5-shot vs 0-shot/);
    expect(rep.differences.find((d) => d.key === 'extraction')!.task).toBe('gsm8k');
    expect(rep.differences.map((d) => d.key).sort()).toEqual(['extraction', 'shots']);
  });
  it('allowed keys make it comparable; a run against itself has no difference', () => {
    expect(runComparable(a, b, { allow: ['shots', 'extraction'] }).comparable).toBe(true);
    expect(runComparable(a, a).differences).toEqual([]);
  });
  it('a chat template applied on one side only is flagged', () => {
    const c = setupFromLmEvalResults({ name: 'c.json', data: JSON.stringify({ ...JSON.parse(readFileSync(join(A, 'results_2024-06-01T14-05-09.654321.json'), 'utf8')), chat_template_sha: 'abc123', fewshot_as_multiturn: true }) });
    const rep = runComparable(a, c);
    expect(rep.differences.filter((d) => d.key === 'chat_template').map((d) => d.task)).toEqual(['arc_easy', 'gsm8k']);
  });
  it('micro vs macro over a group\'s subtasks (aggregate_metric_list weight_by_size) is an aggregation difference', () => {
    const raw = JSON.parse(readFileSync(join(A, 'results_2024-06-01T14-05-09.654321.json'), 'utf8'));
    const withGroup = (w: boolean) => setupFromLmEvalResults({ name: `g${w}.json`, data: JSON.stringify({ ...raw, configs: { ...raw.configs, mmlu: { group: 'mmlu', aggregate_metric_list: [{ metric: 'acc', weight_by_size: w }] } } }) });
    const rep = runComparable(withGroup(true), withGroup(false));
    expect(rep.differences.map((d) => `${d.key}:${d.task}`)).toEqual(['aggregation:mmlu']);
    expect(rep.differences[0]!.why).toMatch(/micro vs macro/);
  });
  it('tasks on one side only are an item-set difference', () => {
    const c = { ...b, tasks: { ...b.tasks, mmlu: { shots: 5 } } };
    const rep = runComparable(a, c);
    expect(rep.tasks_only_b).toEqual(['mmlu']);
    expect(rep.differences.some((d) => d.key === 'item_set' && d.task === '(tasks)')).toBe(true);
  });
});

describe('cartograph comparable', () => {
  it('lm-eval runs differing in num_fewshot: exit 4, the reason printed, comparable.json valid', async () => {
    const out = join(tmp, 'ab');
    const r = await run(['comparable', A, B, '--out', out]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/shots \[arc_easy\]: A 0 \| B 25/);
    expect(r.stdout).toMatch(/why it matters: few-shot examples change scores/);
    expect(r.stdout).toMatch(/NOT comparable/);
    validate(join(out, 'comparable.json'));
  }, 60_000);
  it('--allow-mismatch shots,extraction → exit 0; the same setup on another model → exit 0', async () => {
    expect((await run(['comparable', A, B, '--allow-mismatch', 'shots,extraction'])).code).toBe(0);
    expect((await run(['comparable', `${C}/run-a`, `${C}/run-c`])).code).toBe(0);
  }, 60_000);
  it('Inspect headers (temperature), HELM run specs (max_train_instances), models-file setup columns', async () => {
    const i = await run(['comparable', 'test/fixtures/inspect/model-a.eval', 'test/fixtures/inspect/partial/model-c.json']);
    expect(i.code).toBe(4);
    expect(i.stdout).toMatch(/decoding \[arc_easy\]: A .*"temperature":0\} \| B .*"temperature":0\.7/);
    const h = await run(['comparable', 'test/fixtures/helm/runs/v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2', 'test/fixtures/helm/runs/zero']);
    expect(h.code).toBe(4);
    expect(h.stdout).toMatch(/shots \[mmlu:subject=anatomy,method=multiple_choice_joint\]: A 5 \| B 0/);
    const m = await run(['comparable', 'vendor/a', 'vendor/c', '--models', `${C}/models-setup.csv`]);
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const m2 = await run(['comparable', 'vendor/a', 'vendor/b', '--models', `${C}/models-setup.csv`]);
    expect(m2.code).toBe(4);
    expect(m2.stdout).toMatch(/extraction: A "first-letter" \| B "regex"/);
  }, 90_000);
  it('bad input: broken JSON (file and line), a missing path, an unknown model → exit 2, nothing written', async () => {
    const out = join(tmp, 'bad');
    const r = await run(['comparable', `${C}/bad-results.json`, A, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-results\.json:2 \(column \d+\): not valid JSON/);
    expect(existsSync(out)).toBe(false);
    expect((await run(['comparable', 'nope/nothing', A])).stderr).toMatch(/not a file or folder/);
    expect((await run(['comparable', 'test/fixtures/helm/runs/v1', A])).stderr).toMatch(/HELM runs of 2 models here/);
    expect((await run(['comparable', C, A])).stderr).toMatch(/results files of 3 runs here/);
    expect((await run(['comparable', 'vendor/zz', 'vendor/a', '--models', `${C}/models-setup.csv`])).stderr).toMatch(/no model "vendor\/zz"/);
  }, 60_000);
});
