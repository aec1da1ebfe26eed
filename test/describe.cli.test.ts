// End to end: the bundled CLI (`node packages/cli/bin/cartograph.js`, built by `turbo run build` before
// the tests) on the io fixtures — the same data as wide CSV, long CSV and lm-eval logs must give
// byte-identical describe.json; bad input exits 2 naming file and line and writes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const bin = join(root, 'packages/cli/bin/cartograph.js');
const FIX = 'test/fixtures/io';
const tmp = mkdtempSync(join(tmpdir(), 'cartograph-describe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  if (!existsSync(join(root, 'packages/cli/dist/cartograph.js'))) throw new Error('CLI not built: run `npx turbo run build` first');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cartograph describe', () => {
  const forms: Record<string, string[]> = {
    wide: ['--responses', `${FIX}/responses_wide.csv`, '--items', `${FIX}/items.csv`],
    long: ['--responses', `${FIX}/responses_long.csv`],
    lmEval: ['--lm-eval', `${FIX}/lm-eval`, '--filter', 'strict-match'],
  };
  it('wide, long and lm-eval logs of the same data give byte-identical describe.json', () => {
    const outs: Record<string, string> = {};
    for (const [name, args] of Object.entries(forms)) {
      const out = join(tmp, name);
      const r = run(['describe', ...args, '--models', `${FIX}/models.csv`, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/cartograph describe — 3 models, 3 benchmarks, 24 items/);
      expect(r.stdout).toMatch(/arc_easy\s+10\s+3\s+0\.500/);
      expect(readdirSync(out).sort()).toEqual(['describe.json', 'heatmap.svg']);
      expect(readFileSync(join(out, 'heatmap.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      outs[name] = readFileSync(join(out, 'describe.json'), 'utf8');
    }
    expect(outs.long).toBe(outs.wide);
    expect(outs.lmEval).toBe(outs.wide);
    const rep = JSON.parse(outs.wide!);
    expect(rep.benchmarks.map((b: { benchmark: string }) => b.benchmark)).toEqual(['arc_easy', 'gsm8k', 'hellaswag']);
    expect(rep.orders.models.params).toEqual([2, 0, 1]); // Mistral 7B, pythia 1.4B, pythia 160M
  });

  it('reads the simulator files (responses + items + models + scores) and a leaderboard table', () => {
    const sim = 'test/fixtures/data/sim600';
    const r = run(['describe', '--responses', `${sim}/responses_long.csv`, '--items', `${sim}/items.csv`, '--models', `${sim}/models.csv`, '--scores', `${sim}/benchmark_scores.csv`, '--quiet', '--out', join(tmp, 'sim')]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(tmp, 'sim', 'describe.json'), 'utf8'));
    expect(rep.n_models).toBe(600);
    expect(rep.benchmarks).toHaveLength(6);
    const t = run(['describe', '--leaderboard', `${FIX}/leaderboard-v2.parquet`, '--items-per-benchmark', '500', '--top', '3']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/5 models, 6 benchmarks \(benchmark scores\)/);
    expect(t.stdout).toMatch(/MMLU-PRO\s+500\s+5/);
    const u = run(['describe', '--leaderboard', `${FIX}/leaderboard-v1.csv`, '--items-per-benchmark', 'GSM8K=1319,ARC=1172', '--top', '0']);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toMatch(/ARC\s+1172\s+3/);
    expect(u.stdout).toMatch(/HellaSwag\s+10042\s+3/); // built in for the v1 table (issue 10 defect 6)
    expect(u.stdout).toMatch(/MMLU\s+9528~\s+3/); // effective count of the unweighted mean over 57 subjects
    expect(u.stderr).toMatch(/item counts behind the intervals .*ARC 1172 \(given\).*HellaSwag 10042,/);
  });

  it('a models file that lacks some models is joined with a report, never a stop; --out gets the unmatched names (issue 10 defect 5)', () => {
    const out = join(tmp, 'join');
    const m = run(['describe', '--responses', `${FIX}/bad/good-wide.csv`, '--items', `${FIX}/bad/items-ok.csv`, '--models', `${FIX}/bad/models-missing-m3.csv`, '--out', out]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/model metadata from .*models-missing-m3\.csv \(models file\): 2 of 3 models matched, 1 unmatched, 0 ambiguous/);
    expect(readFileSync(join(out, 'models_unmatched.csv'), 'utf8')).toBe('model_id,reason\nm3,no row in the metadata table\n');
  });

  it('bad input: exit code 2, the message names file and line, and nothing is written', () => {
    const out = join(tmp, 'bad');
    const r = run(['describe', '--responses', `${FIX}/bad/not-binary.csv`, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad input: test\/fixtures\/io\/bad\/not-binary\.csv:4 \(column q2\): value "2" is not 0, 1 or empty/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a missing file and a missing folder are named', () => {
    const r = run(['describe', '--responses', `${FIX}/no-such-file.csv`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad input: test\/fixtures\/io\/no-such-file\.csv: file not found/);
    const l = run(['describe', '--lm-eval', `${FIX}/no-such-folder`]);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/no-such-folder: folder not found/);
  });

  it('FILE:BENCHMARK combines per-benchmark files', () => {
    const r = run(['describe', '--responses', `${FIX}/bad/good-wide.csv:alpha`, '--responses', `${FIX}/bad/good-wide.csv:beta`, '--quiet', '--out', join(tmp, 'comb')]);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(tmp, 'comb', 'describe.json'), 'utf8'));
    expect(rep.benchmarks.map((b: { benchmark: string }) => b.benchmark)).toEqual(['alpha', 'beta']);
    expect(rep.n_items).toBe(6);
  });
});
