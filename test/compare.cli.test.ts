// End to end: the bundled CLI (`npx turbo run build` first) — `cartograph compare`, `ties` and `gate` on the
// demo data, the io fixtures' lm-eval logs and generated paired files: outputs validate against their
// schemas; bad input (unknown model, no shared items) exits 2 and writes nothing; the gate exits 5 on a
// 5-point regression on 2,000 items with 20 % discordant items at margin 0.01 and 0 on a 0.2-point difference.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const demo = ['--responses', 'data/demo/responses_wide.csv', '--items', 'data/demo/items.csv', '--models', 'data/demo/models.csv'];

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

function validate(name: string, file: string): void {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true, allowUnionTypes: true });
  const v = ajv.compile(JSON.parse(readFileSync(join(root, 'packages/stats/schemas', `${name}.schema.json`), 'utf8')));
  const ok = v(JSON.parse(readFileSync(file, 'utf8')));
  expect(ok, JSON.stringify(v.errors?.slice(0, 5), null, 1)).toBe(true);
}

/** Long responses: baseline and candidate on n items with b candidate-only and c baseline-only items. */
function pairFile(name: string, n: number, b: number, c: number): string {
  const lines = ['model_id,item_id,correct,benchmark'];
  for (let i = 0; i < n; i++) {
    const [base, cand] = i < b ? [0, 1] : i < b + c ? [1, 0] : i % 2 === 0 ? [1, 1] : [0, 0];
    lines.push(`base,q${i},${base},mmlu`, `cand,q${i},${cand},mmlu`);
  }
  const f = join(tmp, name);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

describe('cartograph compare', () => {
  it('compares two demo models per benchmark with verdicts and writes a valid compare.json', async () => {
    const out = join(tmp, 'cmp');
    const r = await run(['compare', ...demo, 'm0001', 'm0002', '--bootstrap', '300', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cartograph compare — A = m0001, B = m0002/);
    expect(r.stdout).toMatch(/Verdicts:/);
    expect(r.stdout).toMatch(/\(Holm\)/);
    expect(readdirSync(out)).toEqual(['compare.json']);
    validate('compare', join(out, 'compare.json'));
    const rep = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(rep.benchmarks).toHaveLength(6);
    expect(rep.overall.n_items).toBe(90);
  });

  it("on lm-eval logs shows the harness's stderr beside ours", async () => {
    const out = join(tmp, 'lm');
    const r = await run(['compare', '--lm-eval', 'test/fixtures/io/lm-eval', '--filter', 'strict-match', 'mistralai/Mistral-7B-v0.1', 'EleutherAI/pythia-160m', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/The harness's own stderr:/);
    validate('compare', join(out, 'compare.json'));
    const rep = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(rep.benchmarks.find((b: { benchmark: string }) => b.benchmark === 'arc_easy').harness.metric).toBe('acc');
  });

  it('an unknown model and models without shared items are bad input (exit 2, nothing written)', async () => {
    const out = join(tmp, 'bad');
    const r = await run(['compare', ...demo, 'm0001', 'no-such-model', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad input: .*unknown model "no-such-model"/);
    expect(existsSync(out)).toBe(false);
    const f = join(tmp, 'disjoint.csv');
    writeFileSync(f, 'model_id,item_id,correct,benchmark\nx,q1,1,b\nx,q2,0,b\ny,q3,1,b\ny,q4,1,b\n');
    const d = await run(['compare', '--responses', f, 'x', 'y', '--out', out]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/no items answered by both x and y/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('cartograph ties', () => {
  it('prints rank bands of the top 5 and writes ties.json, ties.vl.json and ties.svg', async () => {
    const out = join(tmp, 'ties');
    const r = await run(['ties', ...demo, '--top', '5', '--draws', '200', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/top 5 of 600 models/);
    expect(r.stdout).toMatch(/Tie groups/);
    expect(readdirSync(out).sort()).toEqual(['ties.json', 'ties.svg', 'ties.vl.json']);
    validate('ties', join(out, 'ties.json'));
    expect(readFileSync(join(out, 'ties.svg'), 'utf8')).toMatch(/<svg/);
  });
});

describe('cartograph gate', () => {
  it('exits 5 on a 5-point regression (2,000 items, 20 % discordant, margin 0.01) and writes gate.json and gate.md', async () => {
    const out = join(tmp, 'gate5');
    const r = await run(['gate', '--responses', pairFile('reg.csv', 2000, 150, 250), '--baseline', 'base', '--candidate', 'cand', '--margin', '0.01', '--out', out]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stdout).toMatch(/FAIL: cand regresses against base/);
    // + warnings.txt: with two models every concordant item is constant, which the reader reports
    expect(readdirSync(out).filter((f) => f !== 'warnings.txt').sort()).toEqual(['gate.json', 'gate.md']);
    validate('gate', join(out, 'gate.json'));
    expect(readFileSync(join(out, 'gate.md'), 'utf8')).toMatch(/\| mmlu \| 2000 \| .* \| −5\.0 \| .* \| regression \|/);
  });

  it('exits 0 on a 0.2-point difference, and 5 when non-inferiority is required but not shown', async () => {
    const f = pairFile('flat.csv', 2000, 198, 202);
    const r = await run(['gate', '--responses', f, '--baseline', 'base', '--candidate', 'cand']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/);
    const ni = await run(['gate', '--responses', f, '--baseline', 'base', '--candidate', 'cand', '--require-noninferiority']);
    expect(ni.code).toBe(5);
    expect(ni.stdout).toMatch(/non-inferiority .* is not shown on mmlu/);
  });

  it('gates one harness run against another (lm-eval logs)', async () => {
    const out = join(tmp, 'gate-lm');
    const r = await run(['gate', '--lm-eval', 'test/fixtures/io/lm-eval', '--filter', 'strict-match', '--baseline', 'mistralai/Mistral-7B-v0.1', '--candidate', 'EleutherAI/pythia-160m', '--out', out]);
    expect(r.code, r.stderr).toBe(5); // pythia-160m loses 50 points on arc_easy's 10 items: a regression even on so few
    validate('gate', join(out, 'gate.json'));
    const rep = JSON.parse(readFileSync(join(out, 'gate.json'), 'utf8'));
    expect(rep.benchmarks.map((b: { benchmark: string }) => b.benchmark)).toEqual(['arc_easy', 'gsm8k', 'hellaswag']);
  });

  it('exits 4 when the two harness runs were not set up the same way (5-shot vs 0-shot), unless the key is allowed', async () => {
    const root2 = join(tmp, 'lm-setup');
    const write = (model: string, shots: number, right: (i: number) => boolean): void => {
      const dir = join(root2, model.replace('/', '__'));
      mkdirSync(dir, { recursive: true });
      const date = '2024-06-01T10-00-00.000001';
      writeFileSync(join(dir, `results_${date}.json`), JSON.stringify({ model_name: model, results: { arc_easy: { 'acc,none': 0.5 } }, configs: { arc_easy: { task: 'arc_easy', output_type: 'multiple_choice', num_fewshot: shots, doc_to_text: 'Question: {{question}}' } }, versions: { arc_easy: 1 }, 'n-shot': { arc_easy: shots } }));
      writeFileSync(join(dir, `samples_arc_easy_${date}.jsonl`), Array.from({ length: 60 }, (_, i) => JSON.stringify({ doc_id: i, filter: 'none', metrics: ['acc'], acc: right(i) ? 1 : 0 })).join('\n'));
    };
    write('org/base', 0, (i) => i % 2 === 0);
    write('org/cand', 5, (i) => i % 2 === 0 || i % 5 === 1);
    const out = join(tmp, 'gate4');
    const r = await run(['gate', '--lm-eval', root2, '--baseline', 'org/base', '--candidate', 'org/cand', '--out', out]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/NOT COMPARABLE/);
    expect(r.stdout).toMatch(/setup differs: shots on arc_easy/);
    validate('gate', join(out, 'gate.json'));
    expect(readFileSync(join(out, 'gate.md'), 'utf8')).toMatch(/not comparable/);
    const ok = await run(['gate', '--lm-eval', root2, '--baseline', 'org/base', '--candidate', 'org/cand', '--allow-mismatch', 'shots']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\(allowed\) setup differs: shots/);
    const cmp = await run(['compare', '--lm-eval', root2, 'org/cand', 'org/base']);
    expect(cmp.code, cmp.stderr).toBe(0); // compare warns, it does not fail
    expect(cmp.stderr).toMatch(/not evaluated the same way: shots on arc_easy/);
  });

  it('bad input: unknown baseline, missing --candidate (exit 2)', async () => {
    const f = pairFile('flat2.csv', 50, 5, 5);
    const r = await run(['gate', '--responses', f, '--baseline', 'nope', '--candidate', 'cand']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown model "nope"/);
    const m = await run(['gate', '--responses', f, '--baseline', 'base']);
    expect(m.code).toBe(2);
  });
});

describe('cartograph compare on a benchmark-score table', () => {
  it('uses the independent-proportions test with the item counts (built in or given) and says it is weaker', async () => {
    const out = join(tmp, 'table');
    const r = await run(['compare', '--leaderboard', 'test/fixtures/io/leaderboard-v1.csv', '--items-per-benchmark', 'GSM8K=1319,ARC=1172', 'acme/Alpha-7B', 'zeta-lab/Beta-70B', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/benchmark scores, independent proportions/);
    expect(r.stdout).toMatch(/weaker than the paired comparison/);
    expect(r.stdout).toMatch(/MMLU\s+≈9528/); // an effective item count, shown rounded
    validate('compare', join(out, 'compare.json'));
    const rep = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(rep.source).toBe('scores');
    expect(rep.benchmarks.find((b: { benchmark: string }) => b.benchmark === 'ARC').n_items).toBe(1172);
  });
});
